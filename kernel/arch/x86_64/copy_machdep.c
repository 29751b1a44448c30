/*
 * copyin, copyout and friends (<sys/systm.h>): the range checks, in C;
 * the copying itself, which may fault, in support.S.  A range is a user
 * range when it lies entirely below VM_MAXUSER_ADDRESS without wrapping:
 * this single test refuses kernel-half and non-canonical pointers and
 * ranges straddling the end of user space before anything is touched.
 */
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/pcpu.h>
#include <sys/proc.h>
#include <machine/md_var.h>
#include <machine/vmparam.h>

int	copy_user_raw(void *dst, const void *src, size_t len, void **onfault);
int	zero_user_raw(void *dst, size_t len, void **onfault);
int	copyinstr_raw(void *dst, const void *src, size_t maxlen, void **onfault,
	    size_t *done);
int	fueword32_raw(const void *uaddr, uint32_t *val, void **onfault);
int	suword32_raw(void *uaddr, uint32_t val, void **onfault);
int	casueword32_raw(void *uaddr, uint32_t old, uint32_t *oldp, uint32_t new,
	    void **onfault);

/* Set by the CPU set-up when CR4.SMAP is on: support.S brackets with stac/clac. */
uint8_t	smap_enabled;

static int
user_range(const void *uaddr, size_t len)
{
	uint64_t a = (uint64_t)uaddr;

	return (a <= VM_MAXUSER_ADDRESS && len <= VM_MAXUSER_ADDRESS - a);
}

static void **
onfault_slot(void)
{
	return (&curthread->td_md.md_onfault);
}

int
copyin(const void *uaddr, void *kaddr, size_t len)
{
	if (!user_range(uaddr, len))
		return (EFAULT);
	if (len == 0)
		return (0);
	return (copy_user_raw(kaddr, uaddr, len, onfault_slot()));
}

int
copyout(const void *kaddr, void *uaddr, size_t len)
{
	if (!user_range(uaddr, len))
		return (EFAULT);
	if (len == 0)
		return (0);
	return (copy_user_raw(uaddr, kaddr, len, onfault_slot()));
}

int
uzero(void *uaddr, size_t len)
{
	if (!user_range(uaddr, len))
		return (EFAULT);
	if (len == 0)
		return (0);
	return (zero_user_raw(uaddr, len, onfault_slot()));
}

int
copyinstr(const void *uaddr, void *kaddr, size_t maxlen, size_t *done)
{
	uint64_t a = (uint64_t)uaddr;
	size_t lim = maxlen, n = 0;
	int error;

	if (a >= VM_MAXUSER_ADDRESS) {
		error = EFAULT;
		goto out;
	}
	/* A string running into the end of user space is a bad address. */
	if (lim > VM_MAXUSER_ADDRESS - a)
		lim = VM_MAXUSER_ADDRESS - a;
	error = copyinstr_raw(kaddr, uaddr, lim, onfault_slot(), &n);
	if (error == ENAMETOOLONG && lim < maxlen)
		error = EFAULT;
out:
	if (done != NULL)
		*done = n;
	return (error);
}

int
fueword32(const void *uaddr, uint32_t *val)
{
	if (!user_range(uaddr, 4) || ((uint64_t)uaddr & 3) != 0)
		return (EFAULT);
	return (fueword32_raw(uaddr, val, onfault_slot()));
}

int
suword32(void *uaddr, uint32_t val)
{
	if (!user_range(uaddr, 4) || ((uint64_t)uaddr & 3) != 0)
		return (EFAULT);
	return (suword32_raw(uaddr, val, onfault_slot()));
}

int
casueword32(void *uaddr, uint32_t old, uint32_t *oldp, uint32_t new)
{
	if (!user_range(uaddr, 4) || ((uint64_t)uaddr & 3) != 0)
		return (EFAULT);
	return (casueword32_raw(uaddr, old, oldp, new, onfault_slot()));
}
