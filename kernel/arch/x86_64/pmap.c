/*
 * The kernel's own page tables, replacing the loader's at boot:
 *   - the kernel image at its link address with 4 KiB pages and real
 *     permissions (text read-only+executable, rodata read-only, data and
 *     bss read-write, neither executable);
 *   - a direct map of all physical memory at DMAP_BASE (1 GiB pages when
 *     the CPU has them, else 2 MiB), never executable.
 * The loader's identity map is gone afterwards: a stray low pointer now
 * faults instead of silently working.
 *
 * Table pages come from a static pool in .bss, because the physical page
 * allocator needs the direct map to exist first.  After start-up every
 * mapping goes through pmap_walk() (below), whose tables come from the
 * physical allocator.
 */
#include <sys/systm.h>
#include <machine/cpufunc.h>
#include <machine/md_var.h>
#include <machine/pmap.h>
#include <machine/vmparam.h>
#include <vm/vm_phys.h>

#define POOL_PAGES	112	/* PML4 + DMAP (<= 64 PDs) + kernel PDPT/PD/PTs */

static uint64_t	pt_pool[POOL_PAGES][512] __aligned(4096);
static int	pt_used;
uint64_t	pg_nx;		/* PG_NX when the CPU supports it */
uint64_t	kernel_pml4_pa;
uint64_t	dmap_size;	/* bytes of physical memory mapped at DMAP_BASE */


/* Physical address of a kernel-image virtual address. */
static uint64_t
kvtop(const void *va)
{
	return ((uint64_t)va - bootinfo.kernel_virt + bootinfo.kernel_phys);
}

static uint64_t *
pool_alloc(void)
{
	if (pt_used == POOL_PAGES)
		panic("pmap_bootstrap: page-table pool exhausted");
	return (pt_pool[pt_used++]);
}

static uint64_t *
next_level(uint64_t *table, unsigned idx)
{
	if ((table[idx] & PG_V) == 0)
		table[idx] = kvtop(pool_alloc()) | PG_V | PG_RW;
	/* Pool pages are in the kernel image: back from physical to virtual. */
	return ((uint64_t *)((table[idx] & PG_FRAME) - bootinfo.kernel_phys +
	    bootinfo.kernel_virt));
}

static void
map_kernel_page(uint64_t *pml4, uint64_t va, uint64_t flags)
{
	uint64_t *pdpt = next_level(pml4, (va >> 39) & 511);
	uint64_t *pd = next_level(pdpt, (va >> 30) & 511);
	uint64_t *pt = next_level(pd, (va >> 21) & 511);

	pt[(va >> 12) & 511] = kvtop((void *)va) | flags | PG_V | PG_G;
}

static uint64_t
highest_physical(void)
{
	const struct sanpo_memmap_entry *e =
	    (const void *)bootinfo.memmap;	/* still identity-mapped here */
	uint64_t top = 4ULL << 30, end;
	uint32_t i;

	for (i = 0; i < bootinfo.memmap_count; i++) {
		end = e[i].base + e[i].length;
		if (end > top && e[i].type != SANPO_MEM_MMIO)
			top = end;
	}
	return (top);
}

static void
map_dmap(uint64_t *pml4, uint64_t size)
{
	uint64_t *pdpt = next_level(pml4, (DMAP_BASE >> 39) & 511), pa;
	unsigned i;

	if (cpu_has_1gb_pages()) {
		for (pa = 0, i = 0; pa < size; pa += NBPDP, i++)
			pdpt[i] = pa | PG_V | PG_RW | PG_PS | PG_G | pg_nx;
		return;
	}
	for (pa = 0; pa < size; pa += NBPDR) {
		uint64_t *pd = next_level(pdpt, (pa >> 30) & 511);

		pd[(pa >> 21) & 511] = pa | PG_V | PG_RW | PG_PS | PG_G | pg_nx;
	}
}

void
pmap_bootstrap(void)
{
	uint64_t *pml4, va, limit;

	if (cpu_has_nx()) {
		wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_NXE);
		pg_nx = PG_NX;
	}
	pml4 = pool_alloc();

	for (va = (uint64_t)__kernel_start; va < (uint64_t)__kernel_end; va += PAGE_SIZE) {
		uint64_t flags;

		if (va < (uint64_t)__text_end)
			flags = 0;				/* RX */
		else if (va < (uint64_t)__rodata_end)
			flags = pg_nx;				/* R */
		else
			flags = PG_RW | pg_nx;			/* RW */
		map_kernel_page(pml4, va, flags);
	}

	dmap_size = (highest_physical() + NBPDP - 1) & ~(NBPDP - 1);
	limit = cpu_has_1gb_pages() ? DMAP_MAX : 64ULL << 30;
	if (dmap_size > limit) {
		printf("WARNING: direct map limited to %llu GB of %llu GB\n",
		    (unsigned long long)(limit >> 30),
		    (unsigned long long)(dmap_size >> 30));
		dmap_size = limit;
	}
	map_dmap(pml4, dmap_size);

	kernel_pml4_pa = kvtop(pml4);
	load_cr4(rcr4() | CR4_PGE);
	load_cr3(kernel_pml4_pa);
	load_cr0(rcr0() | CR0_WP);	/* read-only means read-only for us too */
}

/* --- the walker and the kernel's mappings (after pmap_bootstrap) ---------- */

/* The table an entry points to, created (zeroed) if asked; NULL otherwise. */
static pt_entry_t *
walk_next(pt_entry_t *entry, int flags)
{
	uint64_t pa;

	if ((*entry & PG_V) == 0) {
		if ((flags & PMAP_WALK_ALLOC) == 0 ||
		    (pa = vm_phys_alloc_page()) == 0)
			return (NULL);
		memset((void *)PHYS_TO_DMAP(pa), 0, PAGE_SIZE);
		*entry = pa | PG_V | PG_RW | ((flags & PMAP_WALK_USER) ? PG_U : 0);
	} else if (*entry & PG_PS)
		return (NULL);		/* a large page maps this range already */
	return ((pt_entry_t *)PHYS_TO_DMAP(*entry & PG_FRAME));
}

pt_entry_t *
pmap_walk(uint64_t pml4_pa, uint64_t va, int level, int flags)
{
	pt_entry_t *t = (pt_entry_t *)PHYS_TO_DMAP(pml4_pa);

	if ((t = walk_next(&t[pmap_pml4e_index(va)], flags)) == NULL ||
	    (t = walk_next(&t[pmap_pdpe_index(va)], flags)) == NULL)
		return (NULL);
	if (level == PMAP_LVL_PDE)
		return (&t[pmap_pde_index(va)]);
	if ((t = walk_next(&t[pmap_pde_index(va)], flags)) == NULL)
		return (NULL);
	return (&t[pmap_pte_index(va)]);
}

/*
 * The kernel's tables below va's PML4 slot, created if needed.  A slot
 * created now is copied into every user address space (they share the
 * kernel's upper half: pmap_user.c).
 */
static pt_entry_t *
kernel_walk(uint64_t va, int level)
{
	pt_entry_t *pml4 = (pt_entry_t *)PHYS_TO_DMAP(kernel_pml4_pa);
	pt_entry_t before = pml4[pmap_pml4e_index(va)], *e;

	e = pmap_walk(kernel_pml4_pa, va, level, PMAP_WALK_ALLOC);
	if (before == 0 && pml4[pmap_pml4e_index(va)] != 0)
		pmap_kernel_slot_added((unsigned)pmap_pml4e_index(va));
	return (e);
}

int
pmap_kenter(uint64_t va, uint64_t pa, uint64_t prot)
{
	pt_entry_t *pte = kernel_walk(va, PMAP_LVL_PTE);

	if (pte == NULL)
		return (-1);
	*pte = (pa & PG_FRAME) | prot | PG_V | PG_G;
	return (0);
}

int
pmap_kenter_2m(uint64_t va, uint64_t pa, uint64_t prot)
{
	pt_entry_t *pde = kernel_walk(va, PMAP_LVL_PDE);

	if (pde == NULL || (*pde & PG_V) != 0)
		return (-1);	/* a table below would be leaked: not ours to replace */
	*pde = (pa & PG_PS_FRAME) | prot | PG_V | PG_G | PG_PS;
	return (0);
}

void
pmap_kremove(uint64_t va)
{
	pt_entry_t *pte = pmap_walk(kernel_pml4_pa, va, PMAP_LVL_PTE, 0);

	if (pte != NULL)
		*pte = 0;
}

uint64_t
pmap_kextract(uint64_t va)
{
	pt_entry_t *t = (pt_entry_t *)PHYS_TO_DMAP(kernel_pml4_pa), e;

	e = t[pmap_pml4e_index(va)];
	if ((e & PG_V) == 0)
		return (0);
	e = ((pt_entry_t *)PHYS_TO_DMAP(e & PG_FRAME))[pmap_pdpe_index(va)];
	if ((e & PG_V) == 0)
		return (0);
	if (e & PG_PS)
		return ((e & PG_1G_FRAME) | (va & (NBPDP - 1)));
	e = ((pt_entry_t *)PHYS_TO_DMAP(e & PG_FRAME))[pmap_pde_index(va)];
	if ((e & PG_V) == 0)
		return (0);
	if (e & PG_PS)
		return ((e & PG_PS_FRAME) | (va & (NBPDR - 1)));
	e = ((pt_entry_t *)PHYS_TO_DMAP(e & PG_FRAME))[pmap_pte_index(va)];
	if ((e & PG_V) == 0)
		return (0);
	return ((e & PG_FRAME) | (va & PAGE_MASK));
}

/* Frees the tables below a table of `level` (4: PML4 ... 2: PD), then it. */
static void
free_table(uint64_t table_pa, int level)
{
	pt_entry_t *t = (pt_entry_t *)PHYS_TO_DMAP(table_pa);
	unsigned i;

	if (level > 1)
		for (i = 0; i < NPTEPG; i++)
			if ((t[i] & PG_V) && (t[i] & PG_PS) == 0)
				free_table(t[i] & PG_FRAME, level - 1);
	vm_phys_free_page(table_pa);
}

void
pmap_free_lower_tables(uint64_t pml4_pa)
{
	pt_entry_t *pml4 = (pt_entry_t *)PHYS_TO_DMAP(pml4_pa);
	unsigned i;

	for (i = 0; i < NPTEPG / 2; i++)
		if (pml4[i] & PG_V) {
			free_table(pml4[i] & PG_FRAME, 3);
			pml4[i] = 0;
		}
}
