/*
 * The kernel environment: the loader's name=value strings (loader.conf,
 * `set` at the prompt), copied into kernel memory at boot.  Tunables such
 * as hw.physmem are read from here, and FreeBSD's kenv(2) reads and
 * changes it (kenv(1), user/bin/kenv).
 *
 * The strings never move: kern_getenv's callers use the pointer it gives
 * (briefly: none keeps it).  Setting a name writes a new "name=value" and
 * marks the old string dead (its first byte becomes KENV_DEAD);
 * unsetting marks it dead.  The new string goes into the first dead
 * string long enough for it (what is left of that one stays dead), else
 * at the end; only when neither has room is KENV_SET ENOMEM.  Readers
 * walk without a lock up to the published length, skipping dead strings;
 * a reused string is filled before its first byte is published, so a
 * walker sees it dead or whole.  Writers are serialized by kenv_lock.
 */
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/kernel.h>
#include <sys/malloc.h>
#include <sys/mutex.h>
#include <sys/proc.h>
#include <sys/sysproto.h>
#include <sys/ucred.h>
#include <sanpo/kenv.h>
#include <sanpo/parse.h>

#define KENV_SIZE	(16 * 1024)
#define KENV_DEAD	'\x7f'	/* first byte of a string unset or replaced */

static char	kenv_buf[KENV_SIZE];
static size_t	kenv_len;	/* bytes of strings; published with release */
static struct mtx kenv_lock;

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

static void
kenv_lock_init(const void *dummy __unused)
{
	mtx_init(&kenv_lock, "kenv", MTX_DEF);
}
SYSINIT(kenv_lock, SI_SUB_KLD, SI_ORDER_FIRST, kenv_lock_init, NULL);

/* The live string of name ("name=value"), NULL if none. */
static char *
kenv_find(const char *name)
{
	size_t i = 0, nl = strlen(name), len = __atomic_load_n(&kenv_len, __ATOMIC_ACQUIRE);

	while (i < len) {
		char *s = &kenv_buf[i];

		if (strncmp(s, name, nl) == 0 && s[nl] == '=')
			return (s);
		i += strlen(s) + 1;
	}
	return (NULL);
}

void
kenv_foreach(kenv_cb *cb, void *arg)
{
	char name[128];
	size_t i = 0, n, len = __atomic_load_n(&kenv_len, __ATOMIC_ACQUIRE);

	while (i < len) {
		const char *s = &kenv_buf[i], *eq = strchr(s, '=');

		if (eq != NULL && s[0] != KENV_DEAD) {
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
	const char *s = name[0] != KENV_DEAD ? kenv_find(name) : NULL;

	return (s != NULL ? s + strlen(name) + 1 : NULL);
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

/* kenv -u: 0 or ENOENT. */
static int
kern_unsetenv(const char *name)
{
	char *s;

	mtx_lock(&kenv_lock);
	if ((s = kenv_find(name)) != NULL)
		__atomic_store_n(&s[0], KENV_DEAD, __ATOMIC_RELEASE);
	mtx_unlock(&kenv_lock);
	return (s != NULL ? 0 : ENOENT);
}

/* A dead string of at least need bytes (its NUL included), or NULL. */
static char *
kenv_dead_slot(size_t need)
{
	size_t i = 0, n;

	while (i < kenv_len) {
		n = strlen(&kenv_buf[i]) + 1;
		if (kenv_buf[i] == KENV_DEAD && n >= need)
			return (&kenv_buf[i]);
		i += n;
	}
	return (NULL);
}

/* kenv name=value: 0, or ENOMEM when the environment is full. */
static int
kern_setenv(const char *name, const char *value)
{
	size_t nl = strlen(name), vl = strlen(value), need = nl + vl + 2, slot;
	char *old, *s;
	int error = 0;

	mtx_lock(&kenv_lock);
	old = kenv_find(name);
	if ((s = kenv_dead_slot(need)) != NULL) {
		/* The rest of the dead string stays dead (or is an empty one). */
		slot = strlen(s) + 1;
		if (slot - need >= 2)
			memset(s + need, KENV_DEAD, slot - need - 1);
		memcpy(s + 1, name + 1, nl - 1);
		s[nl] = '=';
		memcpy(s + nl + 1, value, vl + 1);
		__atomic_store_n(&s[0], name[0], __ATOMIC_RELEASE);
	} else if (kenv_len + need >= KENV_SIZE)	/* a byte for the list's end */
		error = ENOMEM;
	else {
		s = &kenv_buf[kenv_len];
		memcpy(s, name, nl);
		s[nl] = '=';
		memcpy(s + nl + 1, value, vl + 1);
		s[need] = '\0';
		__atomic_store_n(&kenv_len, kenv_len + need, __ATOMIC_RELEASE);
	}
	if (error == 0 && old != NULL)
		__atomic_store_n(&old[0], KENV_DEAD, __ATOMIC_RELEASE);
	mtx_unlock(&kenv_lock);
	return (error);
}

/* KENV_DUMP: the live strings into a malloc'ed buffer; their total size. */
static size_t
kenv_dump(char *buf, size_t buflen, size_t *done)
{
	size_t i = 0, needed = 0, n, len = __atomic_load_n(&kenv_len, __ATOMIC_ACQUIRE);

	*done = 0;
	while (i < len) {
		const char *s = &kenv_buf[i];

		n = strlen(s) + 1;
		i += n;
		if (s[0] == KENV_DEAD || strchr(s, '=') == NULL)
			continue;
		needed += n;
		if (n > buflen - *done)
			n = buflen - *done;
		memcpy(buf + *done, s, n);
		*done += n;
	}
	return (needed);
}

/*
 * FreeBSD's kenv(2).  Setting and unsetting need CAP_SYS_ADMIN over the
 * initial user namespace (FreeBSD's PRIV_KENV_SET/UNSET): EPERM.  A name
 * longer than KENV_MNAMELEN or a value longer than KENV_MVALLEN is
 * ENAMETOOLONG; an empty name, or one with '=', EINVAL.
 */
int
sys_kenv(struct thread *td, struct kenv_args *uap)
{
	char name[KENV_MNAMELEN + 1], value[KENV_MVALLEN + 1], *buf;
	const char *v;
	size_t done, needed, len;
	int error;

	switch (uap->what) {
	case KENV_DUMP:
		if (uap->len < 0)
			return (EINVAL);
		len = uap->value != NULL ? (size_t)uap->len : 0;
		if (len > KENV_SIZE)
			len = KENV_SIZE;
		buf = malloc(len + 1, M_TEMP, M_WAITOK);
		needed = kenv_dump(buf, len, &done);
		error = done > 0 ? copyout(buf, uap->value, done) : 0;
		free(buf, M_TEMP);
		if (error == 0)
			td->td_retval[0] = done == needed ? 0 : needed;
		return (error);
	case KENV_GET:
	case KENV_SET:
	case KENV_UNSET:
		break;
	default:
		return (EINVAL);
	}
	if (uap->what != KENV_GET && (error = priv_check_cred(td->td_ucred, CAP_SYS_ADMIN)) != 0)
		return (error);
	if ((error = copyinstr(uap->name, name, sizeof(name), NULL)) != 0)
		return (error);
	if (name[0] == '\0' || name[0] == KENV_DEAD || strchr(name, '=') != NULL)
		return (uap->what == KENV_SET ? EINVAL : ENOENT);
	switch (uap->what) {
	case KENV_GET:
		if (uap->len < 0)
			return (EINVAL);
		if ((v = kern_getenv(name)) == NULL)
			return (ENOENT);
		len = strlen(v) + 1;
		if (len > (size_t)uap->len)
			len = uap->len;
		if (len > 0 && (error = copyout(v, uap->value, len)) != 0)
			return (error);
		td->td_retval[0] = len;
		return (0);
	case KENV_SET:
		if (uap->len < 1)
			return (EINVAL);
		len = (size_t)uap->len < sizeof(value) ? (size_t)uap->len : sizeof(value);
		if ((error = copyinstr(uap->value, value, len, NULL)) != 0)
			return (error);
		return (kern_setenv(name, value));
	default:
		return (kern_unsetenv(name));
	}
}
