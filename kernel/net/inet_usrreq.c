/*
 * AF_INET sockets: the socket layer's requests (sys/protosw.h) mapped onto
 * the stack's PCBs (net/in_pcb.h) for UDP (net/udp_usrreq.c), raw IP
 * (net/raw_ip.c) and ICMP "ping" datagram sockets -- Linux's addresses,
 * option numbers, errno choices and their order.
 *
 * A PCB's upcall turns each datagram it receives into a record on the
 * socket's receive buffer (sbappend_record: when full it drops and counts,
 * never waits), with the sender's sockaddr_in and the control messages
 * IP_PKTINFO/IP_RECVTTL/IP_RECVTOS ask for.  An ICMP error for a
 * connected UDP socket becomes so_error.  Lock order: the net lock, then
 * so_mtx (the upcalls run under the net lock); never the other way round.
 *
 * Raw sockets need CAP_NET_RAW in the initial user namespace (EPERM, as
 * Linux's inet_create).  Ping sockets follow Linux's default
 * net.ipv4.ping_group_range of "1 0": no group may make one (EACCES).
 */
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/malloc.h>
#include <sys/mutex.h>
#include <sys/proc.h>
#include <sys/protosw.h>
#include <sys/socket.h>
#include <sys/socketvar.h>
#include <sys/ucred.h>
#include <sys/uio.h>

#include "net/if_var.h"
#include "net/in.h"
#include "net/in_pcb.h"
#include "net/in_var.h"
#include "net/ip_var.h"
#include "net/mbuf.h"
#include "net/net_errno.h"
#include "net/net_platform.h"
#include "net/raw_ip_var.h"
#include "net/udp_var.h"

/* Linux's struct sockaddr_in (<linux/in.h>). */
struct l_sockaddr_in {
	sa_family_t	sin_family;	/* AF_INET */
	uint16_t	sin_port;	/* network order */
	struct in_addr	sin_addr;	/* network order */
	uint8_t		sin_zero[8];
};

/* Linux's struct in_pktinfo (IP_PKTINFO control message). */
struct l_in_pktinfo {
	int32_t		ipi_ifindex;	/* receiving interface */
	struct in_addr	ipi_spec_dst;	/* local address a reply would come from */
	struct in_addr	ipi_addr;	/* the header's destination */
};

/* IPPROTO_IP options (<linux/in.h>). */
#define L_IP_TOS	1
#define L_IP_TTL	2
#define L_IP_HDRINCL	3
#define L_IP_PKTINFO	8
#define L_IP_RECVTTL	12
#define L_IP_RECVTOS	13
#define L_ICMP_FILTER	1	/* SOL_RAW (<linux/icmp.h>) */

#define IPPROTO_RAW	255	/* raw: the sender always writes the header */
#define UDP_MAXLEN	65507	/* data of one datagram, 20-byte IP header */

static struct inpcb *
sotoinpcb(struct socket *so)
{
	return (so->so_pcb);
}

/* --- delivery (net lock held) -------------------------------------------------------- */

/* One control message appended at *off of buf. */
static void
inet_cmsg(uint8_t *buf, size_t *off, int type, const void *data, size_t len)
{
	struct l_cmsghdr *cm = (struct l_cmsghdr *)(buf + *off);

	cm->cmsg_len = L_CMSG_LEN(len);
	cm->cmsg_level = SOL_IP;
	cm->cmsg_type = type;
	memcpy(L_CMSG_DATA(cm), data, len);
	*off += L_CMSG_SPACE(len);
}

/* The control messages inp asks for, in Linux's order; 0 or ENOBUFS. */
static int
inet_control(const struct inpcb *inp, const struct inp_meta *meta, struct sbrec *r)
{
	size_t room = 0, off = 0;
	uint8_t *buf;

	if (inp->inp_flags & INP_PKTINFO)
		room += L_CMSG_SPACE(sizeof(struct l_in_pktinfo));
	if (inp->inp_flags & INP_RECVTTL)
		room += L_CMSG_SPACE(sizeof(int));
	if (inp->inp_flags & INP_RECVTOS)
		room += L_CMSG_SPACE(1);
	if (room == 0)
		return (0);
	if ((buf = malloc(room, M_SOCKET, M_NOWAIT | M_ZERO)) == NULL)
		return (ENOBUFS);
	if (inp->inp_flags & INP_PKTINFO) {
		struct l_in_pktinfo pi = { .ipi_ifindex = (int32_t)meta->im_ifindex,
		    .ipi_spec_dst = meta->im_dst, .ipi_addr = meta->im_dst };

		inet_cmsg(buf, &off, L_IP_PKTINFO, &pi, sizeof(pi));
	}
	if (inp->inp_flags & INP_RECVTTL) {
		int ttl = meta->im_ttl;

		inet_cmsg(buf, &off, L_IP_TTL, &ttl, sizeof(ttl));
	}
	if (inp->inp_flags & INP_RECVTOS)
		inet_cmsg(buf, &off, L_IP_TOS, &meta->im_tos, 1);
	r->r_ctl = buf;
	r->r_ctllen = off;
	return (0);
}

/* The PCB's upcall: the datagram m becomes a record on so's receive buffer. */
static int
inet_deliver(struct inpcb *inp, struct mbuf *m, const struct inp_meta *meta, void *arg)
{
	struct socket *so = arg;
	struct l_sockaddr_in from = { .sin_family = AF_INET,
	    .sin_port = htons(meta->im_sport), .sin_addr = meta->im_src };
	size_t len = (size_t)m->m_pkthdr.len;
	struct sbrec *r;

	r = sbrec_alloc(len, (const struct sockaddr *)&from, sizeof(from), M_NOWAIT);
	if (r == NULL || inet_control(inp, meta, r) != 0) {
		if (r != NULL)
			sbrec_free(so, r);
		m_freem(m);
		mtx_lock(&so->so_mtx);
		so->so_rcv.sb_drops++;
		mtx_unlock(&so->so_mtx);
		return (ENOBUFS);
	}
	m_copydata(m, 0, (int)len, r->r_data);
	m_freem(m);
	return (sbappend_record(so, r) == 0 ? 0 : ENOBUFS);
}

/* The PCB's notify: an ICMP error for it becomes so_error. */
static void
inet_notify(struct inpcb *inp, void *arg)
{
	int error = in_pcbtakeerror(inp);

	if (error != 0)
		soseterror(arg, error);
}

/* --- addresses ----------------------------------------------------------------------- */

/*
 * An address for bind/connect/sendto: EINVAL when shorter than a
 * sockaddr_in, EAFNOSUPPORT for another family (AF_UNSPEC passes when
 * unspec_ok, as Linux's bind takes it with INADDR_ANY and sendto always).
 */
static int
inet_sockaddr(const struct sockaddr *nam, socklen_t len, int unspec_ok,
    struct in_addr *addr, uint16_t *port)
{
	const struct l_sockaddr_in *sin = (const struct l_sockaddr_in *)nam;

	if (len < sizeof(*sin))
		return (EINVAL);
	if (sin->sin_family != AF_INET &&
	    (sin->sin_family != AF_UNSPEC || !unspec_ok))
		return (EAFNOSUPPORT);
	*addr = sin->sin_addr;
	*port = ntohs(sin->sin_port);
	return (0);
}

static void
inet_name(struct sockaddr *nam, socklen_t *lenp, struct in_addr addr, uint16_t port)
{
	struct l_sockaddr_in sin = { .sin_family = AF_INET, .sin_port = htons(port),
	    .sin_addr = addr };

	memcpy(nam, &sin, sizeof(sin));
	*lenp = sizeof(sin);
}

/* Follow the SOL_SOCKET options the generic layer keeps into the PCB. */
static void
inet_syncopts(struct socket *so, struct inpcb *inp)
{
	inp->inp_flags &= ~(uint32_t)(INP_BROADCAST | INP_REUSEADDR);
	if (so->so_options & SOF_BROADCAST)
		inp->inp_flags |= INP_BROADCAST;
	if (so->so_options & SOF_REUSEADDR)
		inp->inp_flags |= INP_REUSEADDR;
}

/* --- requests shared by every AF_INET socket ----------------------------------------- */

/* Hook a new PCB to so; the net lock held. */
static void
inet_hook(struct socket *so, struct inpcb *inp)
{
	inp->inp_upcall = inet_deliver;
	inp->inp_uparg = so;
	inp->inp_notify = inet_notify;
	inp->inp_notify_arg = so;
	so->so_pcb = inp;
}

static void
inet_detach(struct socket *so)
{
	struct inpcb *inp = sotoinpcb(so);

	if (inp == NULL)
		return;
	net_lock();
	in_pcbfree(inp);	/* no upcall can reach so after this */
	net_unlock();
	so->so_pcb = NULL;
}

static int
inet_bind(struct socket *so, const struct sockaddr *nam, socklen_t len, struct thread *td)
{
	struct inpcb *inp = sotoinpcb(so);
	struct in_addr addr;
	uint16_t port;
	int error;

	if ((error = inet_sockaddr(nam, len, 1, &addr, &port)) != 0)
		return (error);
	if (((const struct l_sockaddr_in *)nam)->sin_family == AF_UNSPEC &&
	    addr.s_addr != INADDR_ANY)
		return (EAFNOSUPPORT);
	/* Linux's order: the address, then the privileged port, then the rest. */
	net_lock();
	error = in_pcblocaladdr(addr) || in_broadcast_any(addr) ? 0 : EADDRNOTAVAIL;
	net_unlock();
	if (error != 0)
		return (error);
	if (so->so_type == SOCK_RAW)
		port = 0;	/* raw sockets have no ports */
	else if (port != 0 && port < 1024 &&
	    priv_check_cred(td->td_ucred, CAP_NET_BIND_SERVICE) != 0)
		return (EACCES);
	net_lock();
	inet_syncopts(so, inp);
	error = in_pcbbind(inp, addr, port);
	net_unlock();
	return (error);
}

static void
inet_setconnected(struct socket *so, int connected)
{
	mtx_lock(&so->so_mtx);
	if (connected)
		so->so_state |= SS_ISCONNECTED;
	else
		so->so_state &= ~SS_ISCONNECTED;
	mtx_unlock(&so->so_mtx);
}

static int
inet_disconnect(struct socket *so)
{
	net_lock();
	in_pcbdisconnect(sotoinpcb(so));
	net_unlock();
	inet_setconnected(so, 0);
	return (0);
}

static int
inet_connect(struct socket *so, const struct sockaddr *nam, socklen_t len, struct thread *td)
{
	struct inpcb *inp = sotoinpcb(so);
	struct in_addr addr;
	uint16_t port;
	int error;

	(void)td;
	if (len < sizeof(sa_family_t))
		return (EINVAL);
	if (nam->sa_family == AF_UNSPEC)
		return (inet_disconnect(so));	/* Linux's inet_dgram_connect */
	if ((error = inet_sockaddr(nam, len, 0, &addr, &port)) != 0)
		return (error);
	if (so->so_type == SOCK_RAW)
		port = 0;
	net_lock();
	inet_syncopts(so, inp);
	error = in_pcbconnect(inp, addr, port);
	net_unlock();
	if (error == 0)
		inet_setconnected(so, 1);
	return (error);
}

static int
inet_shutdown(struct socket *so, int how)
{
	(void)how;
	/* Linux's inet_shutdown: a datagram socket never connected says so. */
	return ((so->so_state & SS_ISCONNECTED) ? 0 : ENOTCONN);
}

static int
inet_sockname(struct socket *so, struct sockaddr *nam, socklen_t *lenp)
{
	struct inpcb *inp = sotoinpcb(so);

	net_lock();
	/* A raw socket's "port" is its protocol, as Linux's inet_getname says. */
	inet_name(nam, lenp, inp->inp_laddr, so->so_type == SOCK_RAW ?
	    (uint16_t)inp->inp_proto : inp->inp_lport);
	net_unlock();
	return (0);
}

static int
inet_peername(struct socket *so, struct sockaddr *nam, socklen_t *lenp)
{
	struct inpcb *inp = sotoinpcb(so);
	int error = 0;

	net_lock();
	if (inp->inp_fport == 0)
		error = ENOTCONN;	/* raw sockets too: they have no port */
	else
		inet_name(nam, lenp, inp->inp_faddr, inp->inp_fport);
	net_unlock();
	return (error);
}

/*
 * What Linux's sock_alloc_send_skb says before a datagram is built: the
 * pending error (taken), then EPIPE after shutdown(SHUT_WR) -- with no
 * SIGPIPE for a datagram socket, which MSG_NOSIGNAL tells sosend().
 */
static int
inet_sendcheck(struct socket *so, struct sockmsg *msg)
{
	int error;

	mtx_lock(&so->so_mtx);
	error = so->so_error;
	so->so_error = 0;
	if (error == 0 && (so->so_state & SS_CANTSENDMORE)) {
		error = EPIPE;
		msg->sm_flags |= MSG_NOSIGNAL;
	}
	mtx_unlock(&so->so_mtx);
	return (error);
}

/*
 * The user's data as an mbuf chain (room in front for the headers), at
 * most maxlen bytes (EMSGSIZE beyond).
 */
static int
inet_copyin(struct socket *so, struct sockmsg *msg, size_t maxlen, struct mbuf **mp)
{
	struct sbrec *r;
	struct mbuf *m;
	int error;

	if ((error = sosend_dgram_record(so, msg, maxlen, NULL, 0, &r)) != 0)
		return (error);
	if ((m = m_gethdr(M_NOWAIT, MT_DATA)) == NULL) {
		sbrec_free(so, r);
		return (ENOBUFS);
	}
	m->m_data += 64;	/* UDP, IP and Ethernet headers */
	if (r->r_len > 0 && !m_append(m, (int)r->r_len, r->r_data)) {
		m_freem(m);
		sbrec_free(so, r);
		return (ENOBUFS);
	}
	sbrec_free(so, r);
	*mp = m;
	return (0);
}

/* --- IPPROTO_IP options -------------------------------------------------------------- */

static int
inet_flagopt(struct inpcb *inp, uint32_t flag, int val)
{
	if (val)
		inp->inp_flags |= flag;
	else
		inp->inp_flags &= ~flag;
	return (0);
}

static int
inet_setopt(struct socket *so, struct inpcb *inp, int name, int val)
{
	switch (name) {
	case L_IP_TTL:
		if (val != -1 && (val < 1 || val > 255))
			return (EINVAL);
		inp->inp_ttl = val == -1 ? 0 : val;
		return (0);
	case L_IP_TOS:
		inp->inp_tos = (uint8_t)val;
		return (0);
	case L_IP_HDRINCL:
		if (so->so_type != SOCK_RAW)
			return (ENOPROTOOPT);
		return (inet_flagopt(inp, INP_HDRINCL, val));
	case L_IP_PKTINFO:
		return (inet_flagopt(inp, INP_PKTINFO, val));
	case L_IP_RECVTTL:
		return (inet_flagopt(inp, INP_RECVTTL, val));
	case L_IP_RECVTOS:
		return (inet_flagopt(inp, INP_RECVTOS, val));
	default:
		return (ENOPROTOOPT);
	}
}

static int
inet_getopt(struct inpcb *inp, int name, int *val)
{
	switch (name) {
	case L_IP_TTL:
		*val = inp->inp_ttl != 0 ? inp->inp_ttl : ip_defttl;
		return (0);
	case L_IP_TOS:
		*val = inp->inp_tos;
		return (0);
	case L_IP_HDRINCL:
		*val = (inp->inp_flags & INP_HDRINCL) != 0;
		return (0);
	case L_IP_PKTINFO:
		*val = (inp->inp_flags & INP_PKTINFO) != 0;
		return (0);
	case L_IP_RECVTTL:
		*val = (inp->inp_flags & INP_RECVTTL) != 0;
		return (0);
	case L_IP_RECVTOS:
		*val = (inp->inp_flags & INP_RECVTOS) != 0;
		return (0);
	default:
		return (ENOPROTOOPT);
	}
}

/*
 * SO_BINDTODEVICE (Linux's, a SOL_SOCKET option the generic layer hands
 * down): the socket sends out of and hears only that interface, and may
 * broadcast from 0.0.0.0 before the interface has an address -- what a
 * DHCP client needs (dhclient).  An empty name unbinds.  As Linux since
 * 5.7, the first binding is free, changing one needs CAP_NET_RAW.
 */
static int
inet_bindtodevice(struct inpcb *inp, struct sockopt *sopt)
{
	char name[IFNAMSIZ];
	struct ifnet *ifp = NULL;
	size_t len = sopt->sopt_valsize < sizeof(name) - 1 ? sopt->sopt_valsize :
	    sizeof(name) - 1;
	int error;

	memset(name, 0, sizeof(name));
	if ((error = sooptcopyin(sopt, name, len, 0)) != 0)
		return (error);
	if (name[0] != '\0' && (ifp = ifunit(name)) == NULL)
		return (ENODEV);
	if (inp->inp_ifp != NULL &&
	    (error = priv_check_cred(sopt->sopt_td->td_ucred, CAP_NET_RAW)) != 0)
		return (error);
	net_lock();
	inp->inp_ifp = ifp;
	net_unlock();
	return (0);
}

/*
 * SOL_RAW's ICMP_FILTER (Linux's raw_seticmpfilter/raw_geticmpfilter): a
 * 32-bit mask of ICMP types a raw ICMP socket does not want; a shorter
 * value replaces only its first bytes, a longer one is cut to 4 bytes.
 */
static int
inet_icmpfilter(struct socket *so, struct inpcb *inp, struct sockopt *sopt)
{
	uint32_t filter;
	int error;

	if (so->so_type != SOCK_RAW)
		return (ENOPROTOOPT);
	if (sopt->sopt_name != L_ICMP_FILTER)
		return (ENOPROTOOPT);
	if (inp->inp_proto != IPPROTO_ICMP)
		return (EOPNOTSUPP);
	net_lock();
	filter = inp->inp_icmpfilter;
	net_unlock();
	if (sopt->sopt_dir == SOPT_GET)
		return (sooptcopyout(sopt, &filter, sizeof(filter)));
	if ((error = sooptcopyin(sopt, &filter, sizeof(filter), 0)) != 0)
		return (error);
	net_lock();
	inp->inp_icmpfilter = filter;
	net_unlock();
	return (0);
}

static int
inet_ctloutput(struct socket *so, struct sockopt *sopt)
{
	struct inpcb *inp = sotoinpcb(so);
	int val = 0, error;

	if (sopt->sopt_level == SOL_SOCKET && sopt->sopt_name == SO_BINDTODEVICE &&
	    sopt->sopt_dir == SOPT_SET)
		return (inet_bindtodevice(inp, sopt));
	if (sopt->sopt_level == SOL_RAW)
		return (inet_icmpfilter(so, inp, sopt));
	if (sopt->sopt_level != SOL_IP)
		return (ENOPROTOOPT);
	if (sopt->sopt_dir == SOPT_SET) {
		if ((error = sooptcopyin_int(sopt, &val)) != 0)
			return (error);
		net_lock();
		error = inet_setopt(so, inp, sopt->sopt_name, val);
		net_unlock();
		return (error);
	}
	net_lock();
	error = inet_getopt(inp, sopt->sopt_name, &val);
	net_unlock();
	if (error != 0)
		return (error);
	return (sooptcopyout(sopt, &val, sizeof(val)));
}

/*
 * sendmsg's control messages (Linux's ip_cmsg_send): at SOL_IP, IP_TTL
 * (an int, 1..255), IP_TOS (an int or a byte, 0..255) and IP_PKTINFO
 * (ipi_spec_dst as the source; the interface index is not used to route
 * here) -- any other is EINVAL, as is anything at SOL_SOCKET (Linux knows
 * only SO_MARK and time-stamping there); other levels are skipped.
 */
static int
inet_sendcontrol(const struct sockmsg *msg, struct inp_sendopts *o)
{
	const uint8_t *p = msg->sm_ctl, *end = p + msg->sm_ctllen;
	struct l_in_pktinfo pi;
	int val;

	o->iso_src.s_addr = INADDR_ANY;
	o->iso_ttl = 0;
	o->iso_tos = -1;
	for (; p != NULL && p < end; p += L_CMSG_ALIGN(((const struct l_cmsghdr *)p)->cmsg_len)) {
		const struct l_cmsghdr *cm = (const struct l_cmsghdr *)p;
		size_t dlen;

		/* Linux's CMSG_OK: a header, and no more than what is left. */
		if ((size_t)(end - p) < L_CMSG_HDRLEN || cm->cmsg_len < L_CMSG_HDRLEN ||
		    cm->cmsg_len > (size_t)(end - p))
			return (EINVAL);
		dlen = cm->cmsg_len - L_CMSG_HDRLEN;

		if (cm->cmsg_level == SOL_SOCKET)
			return (EINVAL);
		if (cm->cmsg_level != SOL_IP)
			continue;
		switch (cm->cmsg_type) {
		case L_IP_TTL:
			if (dlen != sizeof(int))
				return (EINVAL);
			memcpy(&val, L_CMSG_DATA(cm), sizeof(val));
			if (val < 1 || val > 255)
				return (EINVAL);
			o->iso_ttl = val;
			break;
		case L_IP_TOS:
			if (dlen == sizeof(int))
				memcpy(&val, L_CMSG_DATA(cm), sizeof(val));
			else if (dlen == 1)
				val = *L_CMSG_DATA(cm);
			else
				return (EINVAL);
			if (val < 0 || val > 255)
				return (EINVAL);
			o->iso_tos = val;
			break;
		case L_IP_PKTINFO:
			if (dlen != sizeof(pi))
				return (EINVAL);
			memcpy(&pi, L_CMSG_DATA(cm), sizeof(pi));
			o->iso_src = pi.ipi_spec_dst;
			break;
		default:
			return (EINVAL);
		}
	}
	return (0);
}

/* --- UDP ----------------------------------------------------------------------------- */

static int
udp_usr_attach(struct socket *so, int proto, struct thread *td)
{
	struct inpcb *inp;

	(void)proto, (void)td;
	net_lock();
	if ((inp = udp_attach()) != NULL)
		inet_hook(so, inp);
	net_unlock();
	return (inp != NULL ? 0 : ENOBUFS);
}

static int
udp_usr_send(struct socket *so, struct sockmsg *msg, struct thread *td)
{
	struct inpcb *inp = sotoinpcb(so);
	struct inp_sendopts o;
	struct in_addr dst;
	struct mbuf *m;
	uint16_t port = 0;
	int error;

	(void)td;
	/* Linux's udp_sendmsg order: size, flags, address, control, so_error. */
	if (msg->sm_uio->uio_resid > 0xffff)
		return (EMSGSIZE);
	if (msg->sm_flags & MSG_OOB)
		return (EOPNOTSUPP);	/* no urgent data in a datagram */
	if (msg->sm_addr != NULL) {
		if ((error = inet_sockaddr(msg->sm_addr, msg->sm_addrlen, 1, &dst,
		    &port)) != 0)
			return (error);
		if (port == 0)
			return (EINVAL);
	} else if (!(so->so_state & SS_ISCONNECTED)) {
		return (EDESTADDRREQ);
	}
	if ((error = inet_sendcontrol(msg, &o)) != 0)
		return (error);
	if ((error = inet_sendcheck(so, msg)) != 0)
		return (error);
	if ((error = inet_copyin(so, msg, UDP_MAXLEN, &m)) != 0)
		return (error);
	net_lock();
	inet_syncopts(so, inp);
	error = udp_send(inp, m, msg->sm_addr != NULL ? &dst : NULL, port, &o);
	net_unlock();
	return (error);
}

static const struct pr_usrreqs udp_usrreqs = {
	.pru_attach = udp_usr_attach,
	.pru_detach = inet_detach,
	.pru_bind = inet_bind,
	.pru_connect = inet_connect,
	.pru_disconnect = inet_disconnect,
	.pru_shutdown = inet_shutdown,
	.pru_send = udp_usr_send,
	.pru_sockaddr = inet_sockname,
	.pru_peeraddr = inet_peername,
	.pru_ctloutput = inet_ctloutput,
};

/* --- raw IP -------------------------------------------------------------------------- */

static int
rip_usr_attach(struct socket *so, int proto, struct thread *td)
{
	struct inpcb *inp;

	(void)td;
	if (proto <= 0 || proto >= IPPROTO_MAX)
		return (proto == 0 ? EPROTONOSUPPORT : EINVAL);
	if (priv_check_cred(so->so_cred, CAP_NET_RAW) != 0)
		return (EPERM);
	net_lock();
	if ((inp = rip_attach(proto)) != NULL) {
		if (proto == IPPROTO_RAW)
			inp->inp_flags |= INP_HDRINCL;	/* Linux: always */
		inet_hook(so, inp);
	}
	net_unlock();
	return (inp != NULL ? 0 : ENOBUFS);
}

static int
rip_usr_send(struct socket *so, struct sockmsg *msg, struct thread *td)
{
	struct inpcb *inp = sotoinpcb(so);
	struct in_addr dst;
	struct mbuf *m;
	uint16_t port;
	int error, hdrincl;

	(void)td;
	if (msg->sm_addr != NULL && (error = inet_sockaddr(msg->sm_addr,
	    msg->sm_addrlen, 1, &dst, &port)) != 0)
		return (error);
	if (msg->sm_uio->uio_resid > 0xffff)
		return (EMSGSIZE);
	if ((error = inet_sendcheck(so, msg)) != 0)
		return (error);
	net_lock();
	hdrincl = (inp->inp_flags & INP_HDRINCL) != 0;
	if (msg->sm_addr == NULL && inp->inp_faddr.s_addr == INADDR_ANY)
		error = EDESTADDRREQ;
	net_unlock();
	if (error != 0)
		return (error);
	if ((error = inet_copyin(so, msg, hdrincl ? IP_MAXPACKET :
	    IP_MAXPACKET - IP_MINHLEN, &m)) != 0)
		return (error);
	net_lock();
	inet_syncopts(so, inp);
	error = rip_output(inp, m, msg->sm_addr != NULL ? &dst : NULL);
	net_unlock();
	return (error);
}

static const struct pr_usrreqs rip_usrreqs = {
	.pru_attach = rip_usr_attach,
	.pru_detach = inet_detach,
	.pru_bind = inet_bind,
	.pru_connect = inet_connect,
	.pru_disconnect = inet_disconnect,
	.pru_shutdown = inet_shutdown,
	.pru_send = rip_usr_send,
	.pru_sockaddr = inet_sockname,
	.pru_peeraddr = inet_peername,
	.pru_ctloutput = inet_ctloutput,
};

/* --- ICMP "ping" sockets -------------------------------------------------------------- */

/*
 * Linux's ping_init_sock: the creator's group must be in
 * net.ipv4.ping_group_range, whose default "1 0" holds none.
 */
static int
ping_usr_attach(struct socket *so, int proto, struct thread *td)
{
	(void)so, (void)proto, (void)td;
	return (EACCES);
}

static int
ping_usr_send(struct socket *so, struct sockmsg *msg, struct thread *td)
{
	(void)so, (void)msg, (void)td;
	return (EOPNOTSUPP);	/* never reached: attach refuses */
}

static const struct pr_usrreqs ping_usrreqs = {
	.pru_attach = ping_usr_attach,
	.pru_detach = inet_detach,
	.pru_send = ping_usr_send,
};

/* --- the family ---------------------------------------------------------------------- */

static struct protosw inetsw[] = {
	{ .pr_type = SOCK_DGRAM, .pr_protocol = IPPROTO_UDP,
	  .pr_flags = PR_ATOMIC | PR_ADDR, .pr_usrreqs = &udp_usrreqs },
	{ .pr_type = SOCK_DGRAM, .pr_protocol = IPPROTO_ICMP,
	  .pr_flags = PR_ATOMIC | PR_ADDR, .pr_usrreqs = &ping_usrreqs },
	{ .pr_type = SOCK_RAW, .pr_protocol = PR_ANYPROTO,
	  .pr_flags = PR_ATOMIC | PR_ADDR, .pr_usrreqs = &rip_usrreqs },
};

static struct domain inetdomain = {
	.dom_family = AF_INET,
	.dom_name = "internet",
	.dom_protosw = inetsw,
	.dom_nprotosw = nitems(inetsw),
};
DOMAIN_SET(inetdomain);
