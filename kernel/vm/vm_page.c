/*
 * Reference-counted pages for user memory and file data (vm/vm_page.h).
 * One 32-bit word per physical page the allocator covers: the count, and
 * a flag saying the page came from vm_page_alloc (only those are ever
 * freed).  Counts change with atomic operations; no lock.
 */
#include <sys/systm.h>
#include <sys/kernel.h>
#include <sys/sysctl.h>
#include <machine/vmparam.h>
#include <vm/vm_page.h>
#include <vm/vm_phys.h>

/* A page's word (FreeBSD's VPRC_ names: PG_ is the page-table bits'). */
#define VPRC_MANAGED	0x80000000u	/* allocated here: free at zero */
#define VPRC_ANON	0x40000000u	/* VM_ALLOC_ANON */
#define VPRC_REFMASK	0x3fffffffu	/* the count */

static volatile uint32_t *page_refs;	/* [npages], via the direct map */
static uint64_t	npages;
static uint64_t	user_pages;		/* managed pages in use (atomic) */
static uint64_t	anon_pages;		/* of which process memory (atomic) */
static uint64_t	reserve_pages;		/* VM_ALLOC_USER stops above this many free */
static uint64_t	user_alloc_failed;

SYSCTL_U64("vm.stats.page.user", &user_pages,
    "pages of user memory and file data in use");
SYSCTL_U64("vm.stats.page.anon", &anon_pages,
    "pages of process memory (not file data) in use");
SYSCTL_U64("vm.stats.page.reserve", &reserve_pages,
    "free pages kept for the kernel: user allocations stop there");
SYSCTL_U64("vm.stats.page.user_alloc_failed", &user_alloc_failed,
    "user page allocations refused (memory exhausted)");

static void
vm_page_init(const void *dummy __unused)
{
	uint64_t bytes, pa;

	npages = vm_phys_npages();
	bytes = round_page(npages * sizeof(uint32_t));
	if ((pa = vm_phys_alloc_contig(bytes / PAGE_SIZE)) == 0)
		panic("vm_page_init: no %llu bytes for page reference counts",
		    (unsigned long long)bytes);
	page_refs = (volatile uint32_t *)PHYS_TO_DMAP(pa);
	memset((void *)page_refs, 0, bytes);
	/* 1/32 of memory, at least 4 MiB: kernel stacks, tables, malloc. */
	reserve_pages = vm_phys_free_pages() / 32;
	if (reserve_pages < 1024)
		reserve_pages = 1024;
}
SYSINIT(vm_page, SI_SUB_VM, SI_ORDER_SECOND, vm_page_init, NULL);

static volatile uint32_t *
refp(vm_paddr_t pa)
{
	uint64_t i = pa / PAGE_SIZE;

	return (i < npages ? &page_refs[i] : NULL);
}

vm_paddr_t
vm_page_alloc(int flags)
{
	vm_paddr_t pa;

	if ((flags & VM_ALLOC_USER) && vm_phys_free_pages() <= reserve_pages) {
		__atomic_add_fetch(&user_alloc_failed, 1, __ATOMIC_RELAXED);
		return (0);
	}
	if ((pa = vm_phys_alloc_page()) == 0) {
		__atomic_add_fetch(&user_alloc_failed, 1, __ATOMIC_RELAXED);
		return (0);
	}
	if (flags & VM_ALLOC_ZERO)
		memset((void *)PHYS_TO_DMAP(pa), 0, PAGE_SIZE);
	if (refp(pa) == NULL)
		panic("vm_page_alloc: page 0x%llx beyond the count table",
		    (unsigned long long)pa);
	*refp(pa) = VPRC_MANAGED | ((flags & VM_ALLOC_ANON) ? VPRC_ANON : 0) | 1;
	__atomic_add_fetch(&user_pages, 1, __ATOMIC_RELAXED);
	if (flags & VM_ALLOC_ANON)
		__atomic_add_fetch(&anon_pages, 1, __ATOMIC_RELAXED);
	return (pa);
}

void
vm_page_hold(vm_paddr_t pa)
{
	volatile uint32_t *r = refp(pa);

	if (r != NULL)
		__atomic_add_fetch(r, 1, __ATOMIC_RELAXED);
}

void
vm_page_release(vm_paddr_t pa)
{
	volatile uint32_t *r = refp(pa);
	uint32_t v;

	if (r == NULL)
		return;
	v = __atomic_sub_fetch(r, 1, __ATOMIC_ACQ_REL);
	if ((v & VPRC_REFMASK) == VPRC_REFMASK)
		panic("vm_page_release: page 0x%llx has no reference",
		    (unsigned long long)pa);
	if ((v & VPRC_MANAGED) && (v & VPRC_REFMASK) == 0) {
		*r = 0;
		__atomic_sub_fetch(&user_pages, 1, __ATOMIC_RELAXED);
		if (v & VPRC_ANON)
			__atomic_sub_fetch(&anon_pages, 1, __ATOMIC_RELAXED);
		vm_phys_free_page(pa);
	}
}

int
vm_page_sole(vm_paddr_t pa)
{
	volatile uint32_t *r = refp(pa);

	return (r != NULL && (*r & (VPRC_MANAGED | VPRC_REFMASK)) == (VPRC_MANAGED | 1));
}

uint64_t
vm_page_user_count(void)
{
	return (user_pages);
}

uint64_t
vm_page_anon_count(void)
{
	return (anon_pages);
}
