/* The kernel message buffer: everything printed since boot (dmesg). */
#ifndef SYS_MSGBUF_H
#define SYS_MSGBUF_H

#include <stddef.h>

#define MSGBUF_SIZE	(64 * 1024)

void	msgbuf_putc(int c);
/* Calls out() for each stored character, oldest first. */
void	msgbuf_drain(void (*out)(int c, void *arg), void *arg);
size_t	msgbuf_len(void);
/* Characters ever written: positions below total - msgbuf_len() are gone. */
size_t	msgbuf_total(void);
/*
 * Up to len characters from position *posp (moved up to the oldest one
 * still kept if it is older), which advances past them; 0 at the end.
 */
size_t	msgbuf_read(size_t *posp, char *buf, size_t len);

#endif
