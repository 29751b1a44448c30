/*
 * The message buffer: a ring of the last MSGBUF_SIZE console characters,
 * so that `dmesg` can show the boot messages after they scrolled by.
 */
#include <sys/systm.h>
#include <sys/msgbuf.h>

static char	msgbuf[MSGBUF_SIZE];
static size_t	msgbuf_wpos;		/* total characters ever written */

void
msgbuf_putc(int c)
{
	msgbuf[msgbuf_wpos % MSGBUF_SIZE] = (char)c;
	msgbuf_wpos++;
}

size_t
msgbuf_len(void)
{
	return (msgbuf_wpos < MSGBUF_SIZE ? msgbuf_wpos : MSGBUF_SIZE);
}

void
msgbuf_drain(void (*out)(int c, void *arg), void *arg)
{
	size_t start = msgbuf_wpos - msgbuf_len(), i;

	for (i = start; i < msgbuf_wpos; i++)
		out(msgbuf[i % MSGBUF_SIZE], arg);
}

size_t
msgbuf_total(void)
{
	return (msgbuf_wpos);
}

size_t
msgbuf_read(size_t *posp, char *buf, size_t len)
{
	size_t oldest = msgbuf_wpos - msgbuf_len(), n = 0;

	if (*posp < oldest)
		*posp = oldest;		/* overwritten meanwhile: from the oldest kept */
	while (*posp < msgbuf_wpos && n < len)
		buf[n++] = msgbuf[(*posp)++ % MSGBUF_SIZE];
	return (n);
}
