/*
 * Uncached kernel mappings of device memory above the direct map.
 *
 * pmap.c maps RAM (and at least the low 4 GiB, where the LAPIC, I/O APIC,
 * HPET and 32-bit BARs live) at DMAP_BASE.  64-bit BARs are placed by the
 * firmware wherever its 64-bit window is, often beyond the direct map; this
 * file gives them addresses in a window of their own, PML4 slot 257.  VA is
 * handed out by a bump pointer and never reused: device mappings last as
 * long as the kernel.  Page-table pages come from the physical allocator.
 *
 * PCD|PWT select PAT entry 3, uncacheable at reset: register reads must
 * reach the device.  New entries only go from not-present to present, so
 * no TLB shootdown is needed; the slot's PDPT page is installed in the one
 * kernel PML4 every CPU uses.
 */
#include <sys/systm.h>
#include <sys/kernel.h>
#include <sys/mutex.h>
#include <machine/md_var.h>
#include <machine/pmap_mapdev.h>
#include <machine/vmparam.h>
#include <vm/vm_phys.h>

#define PG_V		0x001ULL	/* valid */
#define PG_RW		0x002ULL	/* writable */
#define PG_PWT		0x008ULL	/* write-through: with PCD, PAT entry 3 (UC) */
#define PG_PCD		0x010ULL	/* cache disable */
#define PG_PS		0x080ULL	/* 2 MiB page (in a PD) */
#define PG_G		0x100ULL	/* global */
#define PG_NX		(1ULL << 63)	/* never executed */
#define PG_FRAME	0x000ffffffffff000ULL

static struct mtx devmap_lock;		/* the bump pointer and the tables */
static uint64_t	  devmap_next = DEVMAP_BASE;	/* next free VA */

/* The table below `table[idx]`, created empty when missing; NULL if out of pages. */
static uint64_t *
devmap_next_level(uint64_t *table, unsigned idx)
{
	uint64_t pa;

	if ((table[idx] & PG_V) == 0) {
		if ((pa = vm_phys_alloc_page()) == 0)
			return (NULL);
		memset((void *)PHYS_TO_DMAP(pa), 0, PAGE_SIZE);
		table[idx] = pa | PG_V | PG_RW;
	}
	return ((uint64_t *)PHYS_TO_DMAP(table[idx] & PG_FRAME));
}

/* Maps one page (or one 2 MiB page when `large`) at va. */
static int
devmap_enter(uint64_t va, uint64_t pa, int large)
{
	uint64_t *pml4 = (uint64_t *)PHYS_TO_DMAP(kernel_pml4_pa);
	uint64_t *pdpt, *pd, *pt;
	uint64_t flags = PG_V | PG_RW | PG_PCD | PG_PWT | PG_G | PG_NX;

	if ((pdpt = devmap_next_level(pml4, (va >> 39) & 511)) == NULL ||
	    (pd = devmap_next_level(pdpt, (va >> 30) & 511)) == NULL)
		return (-1);
	if (large) {
		pd[(va >> 21) & 511] = pa | flags | PG_PS;
		return (0);
	}
	if ((pt = devmap_next_level(pd, (va >> 21) & 511)) == NULL)
		return (-1);
	pt[(va >> 12) & 511] = pa | flags;
	return (0);
}

void *
pmap_mapdev(uint64_t pa, uint64_t size)
{
	uint64_t off = pa & PAGE_MASK, base = trunc_page(pa), len, va, done;
	int large;

	if (size == 0 || pa + size < pa)
		return (NULL);
	if (pa + size <= dmap_size)
		return ((void *)PHYS_TO_DMAP(pa));
	len = round_page(off + size);
	/* 2 MiB pages when the range allows: ECAM is 256 MiB. */
	large = (base & (NBPDR - 1)) == 0 && (len & (NBPDR - 1)) == 0;
	mtx_lock(&devmap_lock);
	va = large ? (devmap_next + NBPDR - 1) & ~(NBPDR - 1) : devmap_next;
	if (va + len > DEVMAP_BASE + DEVMAP_SIZE) {
		mtx_unlock(&devmap_lock);
		printf("pmap_mapdev: no VA left for 0x%llx bytes at 0x%llx\n",
		    (unsigned long long)size, (unsigned long long)pa);
		return (NULL);
	}
	for (done = 0; done < len; done += large ? NBPDR : PAGE_SIZE)
		if (devmap_enter(va + done, base + done, large) != 0) {
			mtx_unlock(&devmap_lock);
			printf("pmap_mapdev: out of page-table pages\n");
			return (NULL);
		}
	devmap_next = va + len;
	mtx_unlock(&devmap_lock);
	return ((void *)(va + off));
}

static void
devmap_init(const void *dummy __unused)
{
	mtx_init(&devmap_lock, "devmap", MTX_DEF);
}
SYSINIT(devmap, SI_SUB_VM, SI_ORDER_ANY, devmap_init, NULL);
