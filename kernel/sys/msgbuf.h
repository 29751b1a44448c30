/* The kernel message buffer: everything printed since boot (dmesg). */
#ifndef SYS_MSGBUF_H
#define SYS_MSGBUF_H

#include <stddef.h>

#define MSGBUF_SIZE	(64 * 1024)

void	msgbuf_putc(int c);
/* Calls out() for each stored character, oldest first. */
void	msgbuf_drain(void (*out)(int c, void *arg), void *arg);
size_t	msgbuf_len(void);

#endif
