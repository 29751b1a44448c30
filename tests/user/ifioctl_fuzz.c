/*
 * Random interface ioctls on a socket, with random buffers (names,
 * lengths, user pointers in SIOCGIFCONF and rtentry): every call must
 * return, with data or an errno.  Run as alice by
 * tests/boot/test_net_programs.py, so every change is refused (EPERM)
 * before it is looked at and the guest keeps its configuration; the
 * readers and the refusals get the garbage.  Fixed seed; prints a count.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

#include "xorshift.h"

#define ROUNDS	20000

static uint64_t rng = 0x1f10c7150f00d5edull;

static uint32_t
rnd(void)
{
	return ((uint32_t)xorshift64(&rng));
}

int
main(void)
{
	static const unsigned long extra[] = { 0x8970, 0x4044692b, 0x40286919, 0x8912 };
	uint8_t buf[256];
	int s = socket(AF_INET, SOCK_DGRAM, 0), i, k;

	if (s < 0) {
		perror("socket");
		return (1);
	}
	for (i = 0; i < ROUNDS; i++) {
		unsigned long cmd = rnd() % 4 == 0 ? extra[rnd() % 4] : 0x8900 + rnd() % 0x100;

		for (k = 0; k < (int)sizeof(buf); k++)
			buf[k] = (uint8_t)rnd();
		if (rnd() % 2)
			memcpy(buf, rnd() % 2 ? "vtnet0" : "vtnet0\0", 7);
		if (rnd() % 4 == 0) {
			/* A plausible pointer (into buf) or a wild one. */
			uint64_t p = rnd() % 2 ? (uint64_t)(uintptr_t)(buf + 64) :
			    (uint64_t)rnd() << 12 | rnd();

			memcpy(buf + 8 + 8 * (rnd() % 12), &p, sizeof(p));
		}
		(void)ioctl(s, (int)cmd, rnd() % 32 ? (void *)buf : (void *)(uintptr_t)rnd());
	}
	printf("ioctls: %d\n", ROUNDS);
	return (0);
}
