/*
 * Random and mutated messages written to a routing socket as root: the
 * kernel must refuse or carry out each one and keep going (no panic, no
 * hang), and answer a dump afterwards.  Run by
 * tests/boot/test_net_programs.py last (the table may keep odd routes).
 * The seed is fixed, so a failure can be replayed; the output says only
 * how many writes were made.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <arpa/inet.h>

#include <sanpo/route.h>

#include "xorshift.h"

#define ROUNDS	20000

static uint64_t rng = 0x5eed5a17c0ffee11ull;

static uint32_t
rnd(void)
{
	return ((uint32_t)xorshift64(&rng));
}

/* A plausible request: header, then sockaddrs for the bits set. */
static size_t
build(uint8_t *buf, size_t cap)
{
	static const int types[] = { RTM_ADD, RTM_DELETE, RTM_CHANGE, RTM_GET,
	    RTM_SANPO_DUMP, RTM_SANPO_IFLIST, RTM_SANPO_LLDUMP, RTM_NEWADDR, 0, 0xff };
	struct rt_msghdr *rtm = (struct rt_msghdr *)buf;
	size_t off = sizeof(*rtm);
	int i;

	memset(buf, 0, cap);
	rtm->rtm_version = RTM_VERSION;
	rtm->rtm_type = (uint8_t)types[rnd() % (sizeof(types) / sizeof(types[0]))];
	rtm->rtm_flags = (int32_t)(rnd() & (RTF_HOST | RTF_GATEWAY | RTF_LLINFO | RTF_STATIC));
	rtm->rtm_addrs = (int32_t)(rnd() & 0xff);
	rtm->rtm_index = (uint16_t)(rnd() % 4);
	for (i = 0; i < RTAX_MAX; i++) {
		if (!(rtm->rtm_addrs & (1 << i)))
			continue;
		if (rnd() % 4 == 0) {
			struct sockaddr_dl sdl;

			if (off + RT_SA_SIZE(AF_LINK_SANPO) > cap)
				break;
			memset(&sdl, 0, sizeof(sdl));
			sdl.sdl_family = AF_LINK_SANPO;
			sdl.sdl_index = (uint16_t)(rnd() % 3);
			sdl.sdl_nlen = (uint8_t)(rnd() % 60);
			memcpy(sdl.sdl_data, "vtnet0", 6);
			memcpy(buf + off, &sdl, sizeof(sdl));
			off += RT_SA_SIZE(AF_LINK_SANPO);
		} else {
			struct rt_sockaddr_in sin;

			if (off + RT_SA_SIZE(2) > cap)
				break;
			memset(&sin, 0, sizeof(sin));
			sin.sin_family = rnd() % 8 ? 2 : (uint16_t)rnd();
			/* Mostly 10.99.x.y and masks, sometimes anything. */
			sin.sin_addr = rnd() % 4 ? (uint32_t)(10 | 99 << 8) | (rnd() & 0xffff0000u) :
			    rnd() % 2 ? htonl(0xffffffffu << (rnd() % 33)) : rnd();
			memcpy(buf + off, &sin, sizeof(sin));
			off += RT_SA_SIZE(2);
		}
	}
	rtm->rtm_msglen = (uint16_t)off;
	return (off);
}

int
main(void)
{
	uint8_t buf[1024], junk[4096];
	int s = socket(PF_ROUTE_SANPO, SOCK_RAW, 0), i, n = 0, big = 1 << 20;

	if (s < 0) {
		perror("socket");
		return (1);
	}
	setsockopt(s, SOL_SOCKET, SO_RCVBUF, &big, sizeof(big));
	for (i = 0; i < ROUNDS; i++) {
		size_t len = build(buf, sizeof(buf));
		int k, flips = (int)(rnd() % 4);

		/* Mutations: flipped bytes, a wrong length, a cut message. */
		for (k = 0; k < flips; k++)
			buf[rnd() % len] ^= (uint8_t)(1u << (rnd() % 8));
		if (rnd() % 8 == 0)
			len = rnd() % (len + 16);
		if (rnd() % 16 == 0)
			len = rnd() % sizeof(buf);
		(void)write(s, buf, len);
		n++;
		while (recv(s, junk, sizeof(junk), MSG_DONTWAIT) > 0)
			;
	}
	printf("writes: %d\n", n);
	return (0);
}
