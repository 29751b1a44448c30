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

/*
 * Removes the kernel's 4 KiB mapping of va (the tables stay).  The caller
 * invalidates the TLBs afterwards (smp_invlpg_range), before the page is
 * reused.
 */
void	pmap_kremove(uint64_t va);

/* The physical address va maps to in the kernel tables, or 0 if unmapped. */
uint64_t pmap_kextract(uint64_t va);

/*
 * Frees every table page below the PML4 slots [0, 256) of the tree rooted
 * at pml4_pa (the lower half: identity or user mappings) and clears those
 * slots.  The pages the tables map are not touched.
 */
void	pmap_free_lower_tables(uint64_t pml4_pa);

void	pmap_bootstrap(void);
extern uint64_t pg_nx;		/* PG_NX if the CPU has it, else 0 */

/* --- user address spaces (pmap_user.c) ---------------------------------- */

#include <sys/types.h>
#include <sys/mutex.h>
#include <sys/queue.h>

struct thread;

/*
 * A user address space's page tables: the lower half of its own PML4
 * (slots 0-255); the upper half is the kernel's, copied in (and kept in
 * step by pmap_kenter when the kernel adds a slot).  Every present (or
 * PG_PROTNONE) entry holds one reference on its page (vm/vm_page.h).
 */
struct pmap {
	uint64_t		 pm_pml4;	/* physical address of the PML4 */
	struct mtx		 pm_lock;	/* spin: entries and tables */
	volatile uint64_t	 pm_active;	/* CPUs with it in CR3 (bit per cpuid) */
	uint64_t		 pm_resident;	/* pages mapped */
	uint64_t		 pm_ptpages;	/* table pages below the PML4 */
	LIST_ENTRY(pmap)	 pm_list;	/* every user pmap */
};

/* vm_prot_t bits (also <vm/vm_map.h>) */
#define VM_PROT_NONE	0x0
#define VM_PROT_READ	0x1
#define VM_PROT_WRITE	0x2
#define VM_PROT_EXECUTE	0x4
#define VM_PROT_ALL	0x7

int	pmap_pinit(struct pmap *pm);		/* 0 or ENOMEM */
void	pmap_release(struct pmap *pm);		/* every mapping removed; not active */
/*
 * Maps pa at va if nothing is mapped there: the caller's reference on pa
 * passes to the page table.  0, EEXIST (something is: the caller keeps its
 * reference) or ENOMEM (no page for a table).  prot without VM_PROT_WRITE
 * maps read-only; VM_PROT_NONE maps PG_PROTNONE.
 */
int	pmap_enter(struct pmap *pm, vm_offset_t va, vm_paddr_t pa, vm_prot_t prot);
/* The entry for va (0 if none). */
pt_entry_t pmap_pte(struct pmap *pm, vm_offset_t va);
/*
 * If va's entry is still `old`: replace it by pa with prot (pa == 0: only
 * make it writable), invalidate the old translation everywhere, then
 * release the old page (unless pa == 0).  0, or EAGAIN when the entry
 * changed meanwhile (the caller keeps its reference on pa).
 */
int	pmap_replace(struct pmap *pm, vm_offset_t va, pt_entry_t old, vm_paddr_t pa,
	    vm_prot_t prot);
/* Removes [sva, eva): the pages lose a reference once no CPU can reach them. */
void	pmap_remove(struct pmap *pm, vm_offset_t sva, vm_offset_t eva);
/* Lowers [sva, eva) to prot (never adds write: a write fault does that). */
void	pmap_protect(struct pmap *pm, vm_offset_t sva, vm_offset_t eva, vm_prot_t prot);
/*
 * fork: the entries of src in [sva, eva) appear in dst holding a reference
 * each; private ones lose write access in both (copy-on-write).  0 or ENOMEM.
 */
int	pmap_copy(struct pmap *dst, struct pmap *src, vm_offset_t sva, vm_offset_t eva,
	    int shared);
/*
 * mremap: the entries of [old, old+len) also appear at new (which has
 * none), each holding a reference; the caller then removes the old range.
 * 0 or ENOMEM.
 */
int	pmap_move(struct pmap *pm, vm_offset_t old, vm_offset_t new, vm_size_t len);
/* Which pages of [sva, eva) are resident, a byte per page (mincore). */
void	pmap_mincore(struct pmap *pm, vm_offset_t sva, vm_offset_t eva, uint8_t *vec);
void	pmap_activate(struct thread *td);	/* td's address space in CR3 */
void	pmap_activate_kernel(void);		/* only the kernel's */
void	pmap_kernel_slot_added(unsigned slot);	/* pmap.c: a new upper-half PML4 slot */
/* The physical page a user entry maps (entry from pmap_pte). */
#define pmap_pte_pa(pte)	((pte) & PG_FRAME)
#define pmap_pte_held(pte)	(((pte) & (PG_V | PG_PROTNONE)) != 0)

#endif
