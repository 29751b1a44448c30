/*
 * Memory for loaded modules (see vm_kld.h).  The window is carved first
 * fit from a short sorted list of ranges in use, with a guard page after
 * each so a module running off its end faults instead of reaching the
 * next.  The pages come as one contiguous run so the linker can write the
 * whole image through the direct map before any of it is mapped.
 */
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/kernel.h>
#include <sys/mutex.h>
#include <sys/sysctl.h>
#include <machine/pmap.h>
#include <machine/smp.h>
#include <machine/vmparam.h>
#include <vm/vm_kld.h>
#include <vm/vm_phys.h>

#define KLD_RANGES	128		/* modules loaded at once */

static struct mtx kld_mem_lock;		/* the list below */
static struct {
	uint64_t	start, end;	/* [start, end) with its guard page */
} used[KLD_RANGES];
static int	nused;
static uint64_t	kld_pages;		/* pages held by modules */
SYSCTL_U64("vm.kld_pages", &kld_pages, "physical pages holding loaded modules");

/* First fit in the window; 0 when full. */
static uint64_t
va_alloc(uint64_t size)
{
	uint64_t va = KLD_VA_BASE;
	int i, j;

	size += PAGE_SIZE;			/* the guard */
	mtx_lock_spin(&kld_mem_lock);
	for (i = 0; i <= nused; i++) {
		uint64_t limit = i < nused ? used[i].start : KLD_VA_BASE + KLD_VA_SIZE;

		if (limit - va >= size && nused < KLD_RANGES) {
			for (j = nused; j > i; j--)
				used[j] = used[j - 1];
			used[i].start = va;
			used[i].end = va + size;
			nused++;
			mtx_unlock_spin(&kld_mem_lock);
			return (va);
		}
		if (i < nused)
			va = used[i].end;
	}
	mtx_unlock_spin(&kld_mem_lock);
	return (0);
}

static void
va_free(uint64_t va)
{
	int i;

	mtx_lock_spin(&kld_mem_lock);
	for (i = 0; i < nused && used[i].start != va; i++)
		;
	if (i == nused)
		panic("kld_mem_free: 0x%llx was not allocated", (unsigned long long)va);
	for (nused--; i < nused; i++)
		used[i] = used[i + 1];
	mtx_unlock_spin(&kld_mem_lock);
}

int
kld_mem_alloc(uint64_t size, uint64_t *va, uint64_t *pa)
{
	uint64_t npages = size / PAGE_SIZE;

	if (size == 0 || size % PAGE_SIZE != 0 || size > KLD_VA_SIZE / 2)
		return (ENOMEM);
	if ((*va = va_alloc(size)) == 0)
		return (ENOMEM);
	if ((*pa = vm_phys_alloc_contig(npages)) == 0) {
		va_free(*va);
		return (ENOMEM);
	}
	__atomic_add_fetch(&kld_pages, npages, __ATOMIC_RELAXED);
	return (0);
}

int
kld_mem_map(uint64_t va, uint64_t pa, uint64_t size, int prot)
{
	uint64_t bits = 0, off;

	if (prot & VM_PROT_WRITE)
		bits |= PG_RW;
	/* pg_nx, as the kernel's own pages: bit 63 is reserved without EFER.NXE. */
	if ((prot & VM_PROT_EXECUTE) == 0)
		bits |= pg_nx;
	for (off = 0; off < size; off += PAGE_SIZE)
		if (pmap_kenter(va + off, pa + off, bits) != 0)
			return (ENOMEM);	/* kld_mem_free removes what was entered */
	return (0);
}

void
kld_mem_free(uint64_t va, uint64_t pa, uint64_t size)
{
	uint64_t off;

	for (off = 0; off < size; off += PAGE_SIZE)
		pmap_kremove(va + off);
	/* No CPU may still reach the pages through a stale entry once they are free. */
	smp_invlpg_range(va, va + size);
	for (off = 0; off < size; off += PAGE_SIZE)
		vm_phys_free_page(pa + off);
	__atomic_sub_fetch(&kld_pages, size / PAGE_SIZE, __ATOMIC_RELAXED);
	va_free(va);
}

static void
kld_mem_init(const void *dummy __unused)
{
	mtx_init(&kld_mem_lock, "kld memory", MTX_SPIN);
}
SYSINIT(kld_mem, SI_SUB_VM, SI_ORDER_ANY, kld_mem_init, NULL);
