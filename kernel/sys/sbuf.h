/*
 * Growing string buffers (FreeBSD's sbuf(9), trimmed): text built a piece
 * at a time -- a /proc file's contents, a report -- without the caller
 * sizing it.  Memory runs out only as a flag: once an append fails the
 * buffer stays as it was and sbuf_finish() returns ENOMEM.
 *
 *   struct sbuf *sb = sbuf_new_auto();
 *   sbuf_printf(sb, "%d\n", x);
 *   if (sbuf_finish(sb) == 0) use(sbuf_data(sb), sbuf_len(sb));
 *   sbuf_delete(sb);
 *
 * sbuf_new_fixed() puts one over a buffer the caller has (a sysctl
 * handler's): it never grows, and the first piece that does not fit
 * stops the appends the same way (FreeBSD's SBUF_FIXEDLEN).
 */
#ifndef SYS_SBUF_H
#define SYS_SBUF_H

#include <sys/types.h>
#include <stdarg.h>

struct sbuf {
	char	*s_buf;		/* NUL-terminated after sbuf_finish */
	size_t	 s_len;		/* bytes of text */
	size_t	 s_size;	/* bytes allocated */
	int	 s_error;	/* 0 or ENOMEM: appends stopped */
	int	 s_fixed;	/* the caller's buffer: never grown nor freed */
};

struct sbuf *sbuf_new_auto(void);		/* M_WAITOK: never NULL */
void	sbuf_new_fixed(struct sbuf *sb, char *buf, size_t size);	/* size >= 1 */
void	sbuf_delete(struct sbuf *sb);
int	sbuf_bcat(struct sbuf *sb, const void *data, size_t len);
int	sbuf_cat(struct sbuf *sb, const char *s);
int	sbuf_putc(struct sbuf *sb, int c);
int	sbuf_printf(struct sbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int	sbuf_vprintf(struct sbuf *sb, const char *fmt, va_list ap);
int	sbuf_finish(struct sbuf *sb);		/* 0, or the first append's error */
char	*sbuf_data(struct sbuf *sb);
size_t	sbuf_len(struct sbuf *sb);

#endif
