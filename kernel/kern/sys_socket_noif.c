/*
 * ifioctl() for a kernel built without the interface layer
 * (kernel/net/if_ioctl.c, which defines the real one and is then linked
 * instead: kernel/kern/files.mk picks one): no ioctl is an interface ioctl,
 * so a socket answers ENOTTY to whatever its protocol did not take.
 */
#include <sys/types.h>
#include <sys/socketvar.h>

int
ifioctl(struct socket *so, unsigned long cmd, uintptr_t arg, struct thread *td)
{
	(void)so;
	(void)cmd;
	(void)arg;
	(void)td;
	return (ENOIOCTL);
}
