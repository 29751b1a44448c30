/*
 * What the printf engine (kvprintf.c) and its floating-point conversions
 * (kvprintf_float.c) share: the output sink, the flag bits and the
 * padded-field writer.  Private to common/kvprintf*.c.
 */
#ifndef COMMON_KVPRINTF_INTERNAL_H
#define COMMON_KVPRINTF_INTERNAL_H

#include <sanpo/kvprintf.h>

struct kvsink {
	kvprintf_out_t	*out;		/* where characters go */
	void		*arg;		/* its argument */
	int		 count;		/* characters produced so far */
};

/* Conversion flags */
#define KV_MINUS	0x01	/* '-': left-justify */
#define KV_PLUS		0x02	/* '+': always a sign */
#define KV_SPACE	0x04	/* ' ': a space where '+' would go */
#define KV_HASH		0x08	/* '#': alternate form */
#define KV_ZERO		0x10	/* '0': pad with zeros */

/*
 * One field: `pre` (sign, 0x), `zeros` leading zeros, `blen` characters of
 * `body`, `tzeros` trailing zeros, then `tail`, padded to `width` with
 * spaces (or zeros after `pre` with KV_ZERO).
 */
void	kv_field(struct kvsink *k, int flags, int width, const char *pre,
	    int zeros, const char *body, int blen, int tzeros, const char *tail);

/* The e E f F g G a A conversions of x (kvprintf_float.c). */
void	kv_float(struct kvsink *k, int flags, int width, int prec, double x,
	    int conv);

#endif /* COMMON_KVPRINTF_INTERNAL_H */
