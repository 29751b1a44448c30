/*
 * Host stand-ins for the kernel interfaces kernel/dev/virtio/virtqueue.c
 * uses (tests/host/kernel/dev/virtio/test_virtqueue.py builds it unchanged against these):
 * printf and the string functions from the C library, panic as a message
 * and abort().
 */
#ifndef KSHIM_SYS_SYSTM_H
#define KSHIM_SYS_SYSTM_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define panic(...)	(fprintf(stdout, "panic: " __VA_ARGS__), fprintf(stdout, "\n"), \
			 fflush(stdout), abort())

#endif
