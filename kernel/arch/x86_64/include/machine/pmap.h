/*
 * Building and walking page tables: the one walker every mapping goes
 * through (the kernel's own windows, device memory, the AP trampoline,
 * and later user address spaces).  The bits are in <machine/pte.h>.
 *
 * Tables are addressed by physical address and reached through the
 * direct map; new table pages come zeroed from the physical allocator.
 */
#ifndef MACHINE_PMAP_H
#define MACHINE_PMAP_H

#include <stdint.h>
#include <machine/pte.h>

extern uint64_t kernel_pml4_pa;	/* the PML4 every CPU's kernel half uses */

/* pmap_walk() levels: which entry to return. */
#define PMAP_LVL_PTE	1	/* a 4 KiB page's entry, in a PT */
#define PMAP_LVL_PDE	2	/* a 2 MiB page's entry, in a PD */

/* pmap_walk() flags. */
#define PMAP_WALK_ALLOC	0x1	/* create missing tables */
#define PMAP_WALK_USER	0x2	/* created tables allow user access (PG_U) */

/*
 * The entry for va at `level` in the tree rooted at pml4_pa.  NULL when a
 * table on the way is missing (and not asked to be created), cannot be
 * allocated, or is a large page that already maps va at a higher level.
 */
pt_entry_t *pmap_walk(uint64_t pml4_pa, uint64_t va, int level, int flags);

/*
 * The kernel's own mappings (the upper half, shared by every CPU and, once
 * there is user space, by every address space).  New entries only go from
 * not-present to present, so no TLB shootdown is needed.  `prot` is PG_RW,
 * PG_NX, PG_PCD|PG_PWT...; PG_V and PG_G are added.  0, or -1 when out of
 * page-table pages.
 */
int	pmap_kenter(uint64_t va, uint64_t pa, uint64_t prot);
int	pmap_kenter_2m(uint64_t va, uint64_t pa, uint64_t prot);	/* both 2 MiB-aligned */

/* The physical address va maps to in the kernel tables, or 0 if unmapped. */
uint64_t pmap_kextract(uint64_t va);

/*
 * Frees every table page below the PML4 slots [0, 256) of the tree rooted
 * at pml4_pa (the lower half: identity or user mappings) and clears those
 * slots.  The pages the tables map are not touched.
 */
void	pmap_free_lower_tables(uint64_t pml4_pa);

void	pmap_bootstrap(void);

#endif
