/*
 * Sockets at the system-call boundary: Linux x86_64's numbers and
 * layouts (<linux/socket.h>, <asm-generic/socket.h>), which user programs
 * built with musl pass to socket(2), setsockopt(2), sendmsg(2)...  The
 * kernel keeps them as they are: a protocol compares a family with AF_INET,
 * an option with SO_RCVBUF, a flag with MSG_PEEK directly.
 *
 * The software state (struct socket, sockbufs) is in sys/socketvar.h, the
 * protocol interface in sys/protosw.h.
 */
#ifndef SYS_SOCKET_H
#define SYS_SOCKET_H

#include <sys/types.h>

typedef uint32_t	socklen_t;
typedef uint16_t	sa_family_t;

/* Address (= protocol) families, Linux's numbers. */
#define AF_UNSPEC	0
#define AF_UNIX		1	/* local: uipc_usrreq.c */
#define AF_LOCAL	AF_UNIX
#define AF_INET		2
#define AF_INET6	10
#define AF_KEY		15	/* PF_KEY v2 (RFC 2367) */
#define AF_NETLINK	16
#define AF_PACKET	17
#define AF_MAX		46	/* Linux's NPROTO: families at or above are EAFNOSUPPORT */
#define PF_UNSPEC	AF_UNSPEC
#define PF_UNIX		AF_UNIX
#define PF_LOCAL	AF_LOCAL
#define PF_INET		AF_INET
#define PF_INET6	AF_INET6
#define PF_KEY		AF_KEY

/* Socket types; socket(2)'s type argument may carry SOCK_NONBLOCK|SOCK_CLOEXEC. */
#define SOCK_STREAM	1
#define SOCK_DGRAM	2
#define SOCK_RAW	3
#define SOCK_RDM	4
#define SOCK_SEQPACKET	5
#define SOCK_DCCP	6
#define SOCK_PACKET	10
#define SOCK_MAX	11	/* types at or above are EINVAL */
#define SOCK_TYPE_MASK	0xf
#define SOCK_CLOEXEC	02000000	/* = O_CLOEXEC */
#define SOCK_NONBLOCK	04000		/* = O_NONBLOCK */

/* Option levels. */
#define SOL_SOCKET	1
#define SOL_IP		0
#define SOL_RAW		255

/* SOL_SOCKET options. */
#define SO_DEBUG	1
#define SO_REUSEADDR	2
#define SO_TYPE		3
#define SO_ERROR	4
#define SO_DONTROUTE	5
#define SO_BROADCAST	6
#define SO_SNDBUF	7
#define SO_RCVBUF	8
#define SO_KEEPALIVE	9
#define SO_OOBINLINE	10
#define SO_NO_CHECK	11
#define SO_PRIORITY	12
#define SO_LINGER	13
#define SO_BSDCOMPAT	14
#define SO_REUSEPORT	15
#define SO_PASSCRED	16
#define SO_PEERCRED	17
#define SO_RCVLOWAT	18
#define SO_SNDLOWAT	19
#define SO_RCVTIMEO	20	/* struct l_timeval (Linux's __kernel_old_timeval) */
#define SO_SNDTIMEO	21
#define SO_BINDTODEVICE	25
#define SO_TIMESTAMP	29
#define SO_ACCEPTCONN	30
#define SO_SNDBUFFORCE	32
#define SO_RCVBUFFORCE	33
#define SO_PROTOCOL	38
#define SO_DOMAIN	39
#define SO_RXQ_OVFL	40

/* send/recv flags. */
#define MSG_OOB		0x1
#define MSG_PEEK	0x2
#define MSG_DONTROUTE	0x4
#define MSG_CTRUNC	0x8
#define MSG_TRUNC	0x20
#define MSG_DONTWAIT	0x40
#define MSG_EOR		0x80
#define MSG_WAITALL	0x100
#define MSG_CONFIRM	0x800
#define MSG_ERRQUEUE	0x2000
#define MSG_NOSIGNAL	0x4000
#define MSG_MORE	0x8000
#define MSG_WAITFORONE	0x10000
#define MSG_CMSG_CLOEXEC 0x40000000

/* shutdown(2) */
#define SHUT_RD		0
#define SHUT_WR		1
#define SHUT_RDWR	2

/* Control messages at SOL_SOCKET. */
#define SCM_RIGHTS	1
#define SCM_CREDENTIALS	2
#define SCM_MAX_FD	253	/* Linux: descriptors in one SCM_RIGHTS message */

#define SOMAXCONN	4096	/* listen(2)'s backlog is capped here (net.core.somaxconn) */

/* A socket address: the family, then the family's bytes. */
struct sockaddr {
	sa_family_t	sa_family;
	char		sa_data[14];
};

/* Room for any family's address (Linux's __kernel_sockaddr_storage). */
#define SOCK_MAXADDRLEN	128
struct sockaddr_storage {
	sa_family_t	ss_family;
	char		ss_data[SOCK_MAXADDRLEN - sizeof(sa_family_t)];
} __attribute__((aligned(8)));

/* AF_UNIX: a path (NUL-terminated or filling sun_path), or abstract (sun_path[0] == 0). */
#define UNIX_PATH_MAX	108
struct sockaddr_un {
	sa_family_t	sun_family;
	char		sun_path[UNIX_PATH_MAX];
};

/* struct msghdr of x86_64 (pointers and sizes 64 bits). */
struct l_msghdr {
	uint64_t	msg_name;	/* user address of a sockaddr, or 0 */
	int32_t		msg_namelen;
	int32_t		msg_pad0;
	uint64_t	msg_iov;	/* user address of struct l_iovec[] */
	uint64_t	msg_iovlen;
	uint64_t	msg_control;	/* user address of cmsgs, or 0 */
	uint64_t	msg_controllen;
	int32_t		msg_flags;
	int32_t		msg_pad1;
};

/* sendmmsg/recvmmsg */
struct l_mmsghdr {
	struct l_msghdr	msg_hdr;
	uint32_t	msg_len;
	uint32_t	msg_pad;
};

/* A control message: header, then data; each aligned to 8 bytes (x86_64's size_t). */
struct l_cmsghdr {
	uint64_t	cmsg_len;	/* header + data, without the trailing padding */
	int32_t		cmsg_level;
	int32_t		cmsg_type;
};
#define L_CMSG_ALIGN(len)	(((len) + 7) & ~(size_t)7)
#define L_CMSG_HDRLEN		L_CMSG_ALIGN(sizeof(struct l_cmsghdr))
#define L_CMSG_LEN(len)		(L_CMSG_HDRLEN + (len))
#define L_CMSG_SPACE(len)	(L_CMSG_HDRLEN + L_CMSG_ALIGN(len))
#define L_CMSG_DATA(c)		((unsigned char *)(c) + L_CMSG_HDRLEN)

/* SO_PEERCRED and SCM_CREDENTIALS: ids as the reader's user namespace sees them. */
struct l_ucred {
	int32_t		pid;
	uint32_t	uid;
	uint32_t	gid;
};

/* SO_LINGER */
struct l_linger {
	int32_t		l_onoff;
	int32_t		l_linger;
};

#endif
