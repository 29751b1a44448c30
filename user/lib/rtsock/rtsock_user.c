/*
 * The routing socket from user space: opening it, dumps, and picking the
 * sockaddrs out of a message (see <sanpo/route.h> for the layout).
 */
#include <err.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <arpa/inet.h>

#include "rtsock_user.h"

#define RTS_RCVBUF	(1024 * 1024)	/* a dump must fit whole */

int
rts_open(const char *prog)
{
	int s, n = RTS_RCVBUF;

	if ((s = socket(PF_ROUTE_SANPO, SOCK_RAW, 0)) < 0)
		err(1, "%s: socket (PF_ROUTE)", prog);
	(void)setsockopt(s, SOL_SOCKET, SO_RCVBUF, &n, sizeof(n));
	return (s);
}

int
rts_dump(int s, int type, int index,
    void (*fn)(const struct rt_msghdr *, void *), void *arg)
{
	static int seq;
	struct rt_msghdr req;
	union {
		struct rt_msghdr rtm;
		uint8_t b[2048];
	} m;
	pid_t pid = getpid();
	ssize_t n;
	int started = 0;

	memset(&req, 0, sizeof(req));
	req.rtm_msglen = sizeof(req);
	req.rtm_version = RTM_VERSION;
	req.rtm_type = (uint8_t)type;
	req.rtm_index = (uint16_t)index;
	req.rtm_pid = pid;
	req.rtm_seq = ++seq;
	if (write(s, &req, sizeof(req)) < 0)
		return (-1);
	for (;;) {
		if ((n = read(s, &m, sizeof(m))) < 0)
			return (-1);
		/* Interface and address messages are shorter than an rt_msghdr. */
		if (n < 4 || m.rtm.rtm_msglen != n)
			continue;
		if ((size_t)n < sizeof(m.rtm))
			memset(m.b + n, 0, sizeof(m.rtm) - (size_t)n);
		/*
		 * Announcements queued before come first; the dump starts with
		 * the request echoed and runs uninterrupted to its end.
		 */
		if (!started) {
			started = m.rtm.rtm_type == type && m.rtm.rtm_pid == pid &&
			    m.rtm.rtm_seq == req.rtm_seq;
			continue;
		}
		if (m.rtm.rtm_type == RTM_SANPO_END)
			return (0);
		fn(&m.rtm, arg);
	}
}

void
rts_addrs(const void *msg, size_t hdrlen, size_t msglen, int addrs,
    const void *sa[RTAX_MAX])
{
	const uint8_t *p = msg;
	size_t off = hdrlen;
	int i;

	for (i = 0; i < RTAX_MAX; i++) {
		uint16_t fam;
		size_t n;

		sa[i] = NULL;
		if (!(addrs & (1 << i)) || off + 2 > msglen)
			continue;
		memcpy(&fam, p + off, 2);
		n = RT_SA_SIZE(fam);
		if (off + n > msglen)
			continue;
		sa[i] = p + off;
		off += n;
	}
}

struct in_addr
rts_sin(const void *sa)
{
	struct rt_sockaddr_in sin;
	struct in_addr a = { 0 };

	if (sa == NULL)
		return (a);
	memcpy(&sin, sa, sizeof(sin));
	if (sin.sin_family == AF_INET)
		a.s_addr = sin.sin_addr;
	return (a);
}

char *
rts_dl_name(const void *sa, char *buf)
{
	struct sockaddr_dl sdl;
	size_t n;

	buf[0] = '\0';
	if (sa == NULL)
		return (buf);
	memcpy(&sdl, sa, sizeof(sdl));
	if (sdl.sdl_family != AF_LINK_SANPO)
		return (buf);
	n = sdl.sdl_nlen < 15 ? sdl.sdl_nlen : 15;
	memcpy(buf, sdl.sdl_data, n);
	buf[n] = '\0';
	return (buf);
}

char *
rts_mac(const uint8_t *mac, char *buf)
{
	snprintf(buf, 18, "%02x:%02x:%02x:%02x:%02x:%02x", mac[0], mac[1],
	    mac[2], mac[3], mac[4], mac[5]);
	return (buf);
}

int
rts_plen(struct in_addr mask)
{
	uint32_t h = ntohl(mask.s_addr);
	int n;

	for (n = 0; n < 32 && (h & (0x80000000u >> n)) != 0; n++)
		;
	return (n < 32 && (h << n) != 0 ? -1 : n);
}

struct in_addr
rts_mask(int plen)
{
	struct in_addr m;

	m.s_addr = plen <= 0 ? 0 : htonl(plen >= 32 ? 0xffffffffu :
	    ~(0xffffffffu >> plen));
	return (m);
}
