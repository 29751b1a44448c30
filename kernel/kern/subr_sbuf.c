/*
 * Growing string buffers (sys/sbuf.h): the text doubles its allocation as
 * it grows, up to SBUF_MAX (a generated file is never allowed to eat the
 * kernel's memory); past that, or when malloc fails, appends stop and the
 * error is kept for sbuf_finish.
 */
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/malloc.h>
#include <sys/sbuf.h>

MALLOC_DEFINE(M_SBUF, "sbuf", "string buffers");

#define SBUF_MIN	256
#define SBUF_MAX	(4 * 1024 * 1024)

struct sbuf *
sbuf_new_auto(void)
{
	struct sbuf *sb = malloc(sizeof(*sb), M_SBUF, M_WAITOK | M_ZERO);

	sb->s_buf = malloc(SBUF_MIN, M_SBUF, M_WAITOK);
	sb->s_size = SBUF_MIN;
	sb->s_buf[0] = '\0';
	return (sb);
}

void
sbuf_new_fixed(struct sbuf *sb, char *buf, size_t size)
{
	*sb = (struct sbuf){ .s_buf = buf, .s_size = size, .s_fixed = 1 };
	buf[0] = '\0';
}

void
sbuf_delete(struct sbuf *sb)
{
	if (sb == NULL || sb->s_fixed)
		return;
	free(sb->s_buf, M_SBUF);
	free(sb, M_SBUF);
}

/* Room for len more bytes and the NUL; 0 or ENOMEM (kept). */
static int
sbuf_extend(struct sbuf *sb, size_t len)
{
	size_t size = sb->s_size;
	char *nb;

	if (sb->s_error != 0)
		return (sb->s_error);
	if (len < SBUF_MAX && sb->s_len + len + 1 <= sb->s_size)
		return (0);
	if (sb->s_fixed || len >= SBUF_MAX || sb->s_len + len + 1 > SBUF_MAX)
		return (sb->s_error = ENOMEM);
	while (size < sb->s_len + len + 1)
		size *= 2;
	if ((nb = malloc(size, M_SBUF, M_NOWAIT)) == NULL)
		return (sb->s_error = ENOMEM);
	memcpy(nb, sb->s_buf, sb->s_len + 1);
	free(sb->s_buf, M_SBUF);
	sb->s_buf = nb;
	sb->s_size = size;
	return (0);
}

int
sbuf_bcat(struct sbuf *sb, const void *data, size_t len)
{
	int error;

	if ((error = sbuf_extend(sb, len)) != 0)
		return (error);
	memcpy(sb->s_buf + sb->s_len, data, len);
	sb->s_len += len;
	sb->s_buf[sb->s_len] = '\0';
	return (0);
}

int
sbuf_cat(struct sbuf *sb, const char *s)
{
	return (sbuf_bcat(sb, s, strlen(s)));
}

int
sbuf_putc(struct sbuf *sb, int c)
{
	char ch = (char)c;

	return (sbuf_bcat(sb, &ch, 1));
}

int
sbuf_vprintf(struct sbuf *sb, const char *fmt, va_list ap)
{
	va_list aq;
	int n, error;

	if (sb->s_error != 0)
		return (sb->s_error);
	va_copy(aq, ap);
	n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	if (n < 0)
		return (EINVAL);
	if ((error = sbuf_extend(sb, (size_t)n)) != 0)
		return (error);
	vsnprintf(sb->s_buf + sb->s_len, (size_t)n + 1, fmt, ap);
	sb->s_len += (size_t)n;
	return (0);
}

int
sbuf_printf(struct sbuf *sb, const char *fmt, ...)
{
	va_list ap;
	int error;

	va_start(ap, fmt);
	error = sbuf_vprintf(sb, fmt, ap);
	va_end(ap);
	return (error);
}

int
sbuf_finish(struct sbuf *sb)
{
	return (sb->s_error);
}

char *
sbuf_data(struct sbuf *sb)
{
	return (sb->s_buf);
}

size_t
sbuf_len(struct sbuf *sb)
{
	return (sb->s_len);
}
