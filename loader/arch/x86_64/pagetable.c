/*
 * The page tables the loader hands the kernel: an identity map of physical
 * memory (so the loader keeps running after CR3 changes, and the kernel can
 * read the boot info) plus the kernel image at its link address.  2 MiB
 * pages throughout keep it to a handful of table pages.  Pure code over a
 * page pool, testable on the host.
 */
#include "loader/bootinfo_build.h"
/* The kernel's page-table bits: defined once, for both (as FreeBSD's
 * loader takes them from the kernel's <machine/pmap.h>). */
#include "kernel/arch/x86_64/include/machine/pte.h"

#define PAGE		4096ULL
#define LARGE		(2ULL << 20)

static uint64_t *
pool_va(struct pt_pool *pool, uint64_t pa)
{
	return ((uint64_t *)(pool->mem + (pa - pool->pa)));
}

static uint64_t
pool_alloc(struct pt_pool *pool)
{
	uint64_t pa;
	uint64_t *t;
	int i;

	if (pool->used == pool->npages)
		return (0);
	pa = pool->pa + pool->used++ * PAGE;
	t = pool_va(pool, pa);
	for (i = 0; i < NPTEPG; i++)
		t[i] = 0;
	return (pa);
}

/* The next-level table under entry idx of table `pa`, created if absent. */
static uint64_t
next_table(struct pt_pool *pool, uint64_t pa, unsigned idx)
{
	uint64_t *t = pool_va(pool, pa);

	if ((t[idx] & PG_V) == 0) {
		uint64_t n = pool_alloc(pool);

		if (n == 0)
			return (0);
		t[idx] = n | PG_V | PG_RW;
	}
	return (t[idx] & PG_FRAME);
}

static int
map_2m(struct pt_pool *pool, uint64_t pml4, uint64_t va, uint64_t pa)
{
	uint64_t pdpt, pd;

	if ((pdpt = next_table(pool, pml4, pmap_pml4e_index(va))) == 0 ||
	    (pd = next_table(pool, pdpt, pmap_pdpe_index(va))) == 0)
		return (-1);
	pool_va(pool, pd)[pmap_pde_index(va)] = pa | PG_V | PG_RW | PG_PS;
	return (0);
}

/*
 * The identity map starts at 0, so its PDPTs and PDs are exact.  The
 * kernel may sit anywhere: a range crossing a 1 GiB boundary needs one PD
 * more than its size in GiB, and one crossing a 512 GiB boundary one PDPT
 * more than its size in 512 GiB -- count both for any position.
 */
size_t
pt_pages_needed(uint64_t identity_top, uint64_t kernel_size)
{
	uint64_t gib = (identity_top + (1ULL << 30) - 1) >> 30;
	uint64_t kgib = (kernel_size + (1ULL << 30) - 1) >> 30;
	uint64_t k512 = (kernel_size + (1ULL << 39) - 1) >> 39;

	/* PML4; the identity map's PDPTs and PDs; the kernel's. */
	return (1 + (gib + 511) / 512 + gib + (k512 + 1) + (kgib + 1));
}

int
pt_build(struct pt_pool *pool, uint64_t identity_top, uint64_t kva,
    uint64_t kpa, uint64_t ksize, uint64_t *cr3)
{
	uint64_t pml4, off;

	/* Misaligned, or wrapping past the top of the address space. */
	if ((kva | kpa | ksize) & (LARGE - 1) ||
	    (ksize != 0 && kva + ksize - 1 < kva))
		return (-1);
	if ((pml4 = pool_alloc(pool)) == 0)
		return (-1);
	identity_top = (identity_top + LARGE - 1) & ~(LARGE - 1);
	for (off = 0; off < identity_top; off += LARGE)
		if (map_2m(pool, pml4, off, off) != 0)
			return (-1);
	for (off = 0; off < ksize; off += LARGE)
		if (map_2m(pool, pml4, kva + off, kpa + off) != 0)
			return (-1);
	*cr3 = pml4;
	return (0);
}
