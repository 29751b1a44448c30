/*
 * Interface and route ioctls on sockets (FreeBSD's ifioctl, Linux's
 * numbers and layouts): kernel/net/if_ioctl.c.  The socket layer's ioctl
 * path calls ifioctl() for every SIOC* command whatever the socket's
 * protocol, as FreeBSD's soo_ioctl does and as Linux's sock_ioctl does
 * for the device ioctls: busybox ifconfig and route open an AF_INET
 * datagram socket only to have somewhere to issue them.
 */
#ifndef KERNEL_NET_IF_IOCTL_H
#define KERNEL_NET_IF_IOCTL_H

#include <stdint.h>

struct thread;

/*
 * Carries out cmd on the user buffer at arg: 0 or an errno (ENODEV: no
 * such interface; EPERM: a change without CAP_NET_ADMIN; EFAULT).
 * ENOTTY when cmd is not an interface ioctl, so the caller may try the
 * protocol's own.
 */
int	ifioctl(struct thread *td, unsigned long cmd, uintptr_t arg);
/* Whether cmd is one ifioctl() handles (the socket layer's dispatch). */
int	ifioctl_is_if_cmd(unsigned long cmd);

#endif /* KERNEL_NET_IF_IOCTL_H */
