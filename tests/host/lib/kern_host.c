/*
 * The kernel services the VFS needs, for host unit tests (single
 * threaded), compiled like the VFS sources against the kernel's headers
 * (libc comes through libc_glue.h): malloc types over libc, counted pages
 * (vm_page_alloc/hold/release) over aligned libc memory reached through
 * the kernel's own PHYS_TO_DMAP (a "physical address" here is the pointer
 * minus DMAP_BASE, so the kernel's macro gives the pointer back), sleep locks that only check their use (taking
 * one twice, or releasing one not held, aborts: in one thread that would
 * be a deadlock or a bug), user-memory copies as plain copies, a fixed
 * clock, and panic as abort.
 *
 * kshim_set_page_limit() makes the page allocator run dry after N pages
 * (the tests of ENOSPC and of the tmpfs budget).
 */
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/file.h>
#include <sys/malloc.h>
#include <sys/mutex.h>
#include <sys/sx.h>
#include <sys/time.h>
#include <machine/vmparam.h>
#include <vm/vm_page.h>
#include <vm/vm_phys.h>
#include "tests/host/lib/kern_host.h"
#include "tests/host/lib/libc_glue.h"

#define PAGE_SHIFT_HOST	12

uint32_t boothowto;
MALLOC_DEFINE(M_TEMP, "temp", "miscellaneous short-lived allocations");
static long pages_left = -1;		/* -1: no limit */
static long pages_out;			/* pages allocated and not freed */

/* malloc and free: the build renames the kernel's (-Dmalloc=kshim_malloc). */
void *
malloc(size_t size, struct malloc_type *type, int flags)
{
	(void)type;
	(void)flags;
	return (glue_calloc(size));	/* always zeroed: M_ZERO or not */
}

void
free(void *addr, struct malloc_type *type)
{
	(void)type;
	glue_free(addr);
}

/* Reference counts of the pages handed out, by address (a small hash). */
#define PAGE_BUCKETS	1024
struct page_ref {
	struct page_ref	*next;
	uint64_t	 pa;
	unsigned	 refs;
};
static struct page_ref *page_refs[PAGE_BUCKETS];

static struct page_ref **
page_slot(uint64_t pa)
{
	struct page_ref **pp = &page_refs[(pa >> PAGE_SHIFT_HOST) % PAGE_BUCKETS];

	while (*pp != NULL && (*pp)->pa != pa)
		pp = &(*pp)->next;
	return (pp);
}

vm_paddr_t
vm_page_alloc(int flags)
{
	struct page_ref *r;
	void *p;

	if (pages_left == 0 || (p = glue_page_alloc()) == NULL)
		return (0);
	if (pages_left > 0)
		pages_left--;
	pages_out++;
	if (flags & VM_ALLOC_ZERO)
		memset(p, 0, PAGE_SIZE);
	r = glue_calloc(sizeof(*r));
	r->pa = DMAP_TO_PHYS((uintptr_t)p);
	r->refs = 1;
	*page_slot(r->pa) = r;
	return (r->pa);
}

void
vm_page_hold(vm_paddr_t pa)
{
	struct page_ref *r = *page_slot(pa);

	if (r == NULL)
		panic("vm_page_hold: 0x%llx is not an allocated page", (unsigned long long)pa);
	r->refs++;
}

void
vm_page_release(vm_paddr_t pa)
{
	struct page_ref **pp = page_slot(pa), *r = *pp;

	if (r == NULL || r->refs == 0)
		panic("vm_page_release: 0x%llx is not held", (unsigned long long)pa);
	if (--r->refs > 0)
		return;
	*pp = r->next;
	glue_free(r);
	pages_out--;
	glue_free((void *)(uintptr_t)PHYS_TO_DMAP(pa));
}

uint64_t
vm_phys_free_pages(void)
{
	return (65536);		/* 256 MiB: tmpfs's default budget is half */
}

void
kshim_set_page_limit(long n)
{
	pages_left = n;
}

long
kshim_pages_out(void)
{
	return (pages_out);
}

void
panic(const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	int n;

	n = ksnprintf(msg, sizeof(msg), "panic: ");
	va_start(ap, fmt);
	kvsnprintf(msg + n, sizeof(msg) - (size_t)n, fmt, ap);
	va_end(ap);
	glue_abort(msg);
}

/* --- locks: one thread, so any wait is a deadlock --------------------------- */

void
mtx_init(struct mtx *m, const char *name, int opts)
{
	memset(m, 0, sizeof(*m));
	m->lock_object.lo_name = name;
	(void)opts;
}

void
_mtx_lock(struct mtx *m, const char *file, int line)
{
	if (m->mtx_lock != 0)
		panic("mutex %s taken again at %s:%d", m->lock_object.lo_name, file, line);
	m->mtx_lock = 1;
}

void
_mtx_unlock(struct mtx *m, const char *file, int line)
{
	if (m->mtx_lock == 0)
		panic("mutex %s released unheld at %s:%d", m->lock_object.lo_name, file, line);
	m->mtx_lock = 0;
}

void
sx_init(struct sx *sx, const char *name)
{
	memset(sx, 0, sizeof(*sx));
	sx->lock_object.lo_name = name;
}

void
_sx_xlock(struct sx *sx, const char *file, int line)
{
	if (sx->sx_owner != NULL || sx->sx_sharers != 0)
		panic("sx %s: xlock would wait (held) at %s:%d", sx->lock_object.lo_name,
		    file, line);
	sx->sx_owner = (struct thread *)sx;
}

void
_sx_xunlock(struct sx *sx, const char *file, int line)
{
	if (sx->sx_owner == NULL)
		panic("sx %s: xunlock unheld at %s:%d", sx->lock_object.lo_name, file, line);
	sx->sx_owner = NULL;
}

void
_sx_slock(struct sx *sx, const char *file, int line)
{
	/* Recursive shared use would deadlock against a waiting writer in the kernel. */
	if (sx->sx_owner != NULL || sx->sx_sharers != 0)
		panic("sx %s: slock would wait or recurse at %s:%d", sx->lock_object.lo_name,
		    file, line);
	sx->sx_sharers++;
}

void
_sx_sunlock(struct sx *sx, const char *file, int line)
{
	if (sx->sx_sharers == 0)
		panic("sx %s: sunlock unheld at %s:%d", sx->lock_object.lo_name, file, line);
	sx->sx_sharers--;
}

int
kshim_locks_held(struct sx *sx)
{
	return (sx->sx_owner != NULL || sx->sx_sharers != 0);
}

/* --- user memory: the tests' "user" buffers are ordinary memory ---------- */

int
copyin(const void *uaddr, void *kaddr, size_t len)
{
	if (uaddr == NULL && len > 0)
		return (EFAULT);
	memcpy(kaddr, uaddr, len);
	return (0);
}

int
copyout(const void *kaddr, void *uaddr, size_t len)
{
	if (uaddr == NULL && len > 0)
		return (EFAULT);
	memcpy(uaddr, kaddr, len);
	return (0);
}

int
copyinstr(const void *uaddr, void *kaddr, size_t maxlen, size_t *done)
{
	size_t n;

	if (uaddr == NULL)
		return (EFAULT);
	n = strnlen(uaddr, maxlen);
	if (n == maxlen)
		return (ENAMETOOLONG);
	memcpy(kaddr, uaddr, n + 1);
	if (done != NULL)
		*done = n + 1;
	return (0);
}

/* --- open files ------------------------------------------------------------ */

/*
 * The host VFS has no open files: only a /proc magic link hands namei a
 * file to drop (ni_jumpfile), and procfs is not built here.  Reaching
 * this is a bug in the test, not a path to pretend through.
 */
int
fdrop(struct file *fp, struct thread *td)
{
	(void)fp;
	(void)td;
	panic("fdrop: the host VFS opened no file");
}

/* --- time and strings ------------------------------------------------------ */

void
nanotime(struct timespec *ts)
{
	ts->tv_sec = 1700000000;
	ts->tv_nsec = 0;
}

/* glibc 2.36 has no strlcpy; libc provides the rest of string.h. */
size_t
strlcpy(char *dst, const char *src, size_t size)
{
	size_t n = strlen(src);

	if (size > 0) {
		size_t c = n < size - 1 ? n : size - 1;

		memcpy(dst, src, c);
		dst[c] = '\0';
	}
	return (n);
}
