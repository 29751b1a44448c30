/*
 * The kernel environment: the loader's name=value strings (loader.conf,
 * `set` at the prompt), copied into kernel memory at boot.  Tunables such
 * as hw.physmem are read from here.
 */
#include <sys/systm.h>
#include <sanpo/parse.h>

#define KENV_SIZE	(16 * 1024)

static char	kenv_buf[KENV_SIZE];
static size_t	kenv_len;

void
kenv_init(const char *blob, size_t size)
{
	size_t i, last = 0;

	/* Keep whole "name=value" strings only; a truncated one is dropped. */
	for (i = 0; i < size && i < KENV_SIZE - 1; i++) {
		kenv_buf[i] = blob[i];
		if (blob[i] == '\0') {
			if (i == last)
				break;		/* the empty string ends the list */
			last = i + 1;
		}
	}
	if (i >= KENV_SIZE - 1 && size > KENV_SIZE - 1)
		printf("WARNING: kernel environment truncated to %d bytes\n", KENV_SIZE);
	kenv_len = last;
	kenv_buf[kenv_len] = '\0';
}

void
kenv_foreach(kenv_cb *cb, void *arg)
{
	char name[128];
	size_t i = 0, n;

	while (i < kenv_len) {
		const char *s = &kenv_buf[i], *eq = strchr(s, '=');

		if (eq != NULL) {
			n = (size_t)(eq - s);
			if (n >= sizeof(name))
				n = sizeof(name) - 1;
			memcpy(name, s, n);
			name[n] = '\0';
			cb(name, eq + 1, arg);
		}
		i += strlen(s) + 1;
	}
}

const char *
kern_getenv(const char *name)
{
	size_t i = 0, nl = strlen(name);

	while (i < kenv_len) {
		const char *s = &kenv_buf[i];

		if (strncmp(s, name, nl) == 0 && s[nl] == '=')
			return (s + nl + 1);
		i += strlen(s) + 1;
	}
	return (NULL);
}

int
getenv_quad(const char *name, uint64_t *val)
{
	const char *s = kern_getenv(name);
	char digits[24];
	uint64_t v, mul = 1;
	size_t n;

	if (s == NULL)
		return (0);
	n = strlen(s);
	switch (n > 0 ? s[n - 1] : 0) {
	case 'k': case 'K': mul = 1ULL << 10; n--; break;
	case 'm': case 'M': mul = 1ULL << 20; n--; break;
	case 'g': case 'G': mul = 1ULL << 30; n--; break;
	case 't': case 'T': mul = 1ULL << 40; n--; break;
	}
	if (n >= sizeof(digits))
		return (0);
	memcpy(digits, s, n);
	digits[n] = '\0';
	/* Decimal digits only, and no overflow once multiplied. */
	if (parse_uint(digits, 10, UINT64_MAX / mul, &v) != 0)
		return (0);
	*val = v * mul;
	return (1);
}

int
getenv_is_true(const char *name)
{
	const char *v = kern_getenv(name);

	return (v != NULL && (strcmp(v, "YES") == 0 || strcmp(v, "yes") == 0 ||
	    strcmp(v, "1") == 0 || strcmp(v, "true") == 0));
}
