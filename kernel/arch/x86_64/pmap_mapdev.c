/*
 * Uncached kernel mappings of device memory above the direct map.
 *
 * pmap.c maps RAM (and at least the low 4 GiB, where the LAPIC, I/O APIC,
 * HPET and 32-bit BARs live) at DMAP_BASE.  64-bit BARs are placed by the
 * firmware wherever its 64-bit window is, often beyond the direct map; this
 * file gives them addresses in a window of their own, PML4 slot 257.  VA is
 * handed out by a bump pointer and never reused: device mappings last as
 * long as the kernel.  The mappings are made with pmap_kenter().
 *
 * PCD|PWT select PAT entry 3, uncacheable at reset: register reads must
 * reach the device.  New entries only go from not-present to present, so
 * no TLB shootdown is needed.
 */
#include <sys/systm.h>
#include <sys/kernel.h>
#include <sys/mutex.h>
#include <machine/pmap.h>
#include <machine/pmap_mapdev.h>
#include <machine/vmparam.h>
#include <vm/vm_phys.h>

static struct mtx devmap_lock;		/* the bump pointer and the tables */
static uint64_t	  devmap_next = DEVMAP_BASE;	/* next free VA */

/* Maps one page (or one 2 MiB page when `large`) at va. */
static int
devmap_enter(uint64_t va, uint64_t pa, int large)
{
	uint64_t prot = PG_RW | PG_PCD | PG_PWT | pg_nx;	/* PG_NX is reserved without NXE */

	return (large ? pmap_kenter_2m(va, pa, prot) : pmap_kenter(va, pa, prot));
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
