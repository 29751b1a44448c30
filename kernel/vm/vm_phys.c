/*
 * The physical page allocator: one bit per 4 KiB page up to the highest
 * usable address, set = in use.  Built from the loader's memory map:
 * usable RAM and the loader's own (now dead) code and data become free;
 * the kernel image, the boot data (boot info, environment, symbols), ACPI,
 * runtime-services and reserved ranges stay in use.  The first megabyte
 * is kept back: the APs' real-mode start-up trampoline takes its page
 * there (mp_machdep.c), where the STARTUP IPI can reach it.
 *
 * hw.physmem (loader environment, K/M/G suffixes) caps the physical
 * addresses used, as on FreeBSD: RAM above the cap is left alone.
 */
#include <sys/systm.h>
#include <sys/kernel.h>
#include <sys/mutex.h>
#include <machine/vmparam.h>
#include <vm/vm_phys.h>

#define LOW_RESERVED	(1ULL << 20)

static uint8_t	*bitmap;		/* via the direct map */
static uint64_t	 npages;		/* pages covered by the bitmap */
static uint64_t	 free_pages;
static uint64_t	 real_memory;
static uint64_t	 physmem_cap;
static uint64_t	 search_hint;		/* lowest page that may be free */
static struct mtx vm_phys_lock;		/* guards the bitmap and counters */

static uint64_t vm_phys_alloc_contig_locked(uint64_t n);
static void vm_phys_free_page_locked(uint64_t pa);

static int
is_ram(uint32_t type)
{
	return (type == SANPO_MEM_USABLE || type == SANPO_MEM_LOADER ||
	    type == SANPO_MEM_KERNEL || type == SANPO_MEM_BOOTDATA ||
	    type == SANPO_MEM_ACPI_RECLAIM || type == SANPO_MEM_ACPI_NVS ||
	    type == SANPO_MEM_RUNTIME);
}

static int
is_free(uint32_t type)
{
	return (type == SANPO_MEM_USABLE || type == SANPO_MEM_LOADER);
}

static const struct sanpo_memmap_entry *
memmap(void)
{
	return ((const void *)PHYS_TO_DMAP(bootinfo.memmap));
}

static void
vm_phys_init(const void *dummy __unused)
{
	const struct sanpo_memmap_entry *e = memmap();
	uint64_t top = 0, bytes, pa, end, cap;
	uint32_t i;

	if (!getenv_quad("hw.physmem", &physmem_cap) && kern_getenv("hw.physmem") != NULL)
		printf("WARNING: hw.physmem=\"%s\" is not a size, ignored\n",
		    kern_getenv("hw.physmem"));
	cap = physmem_cap != 0 ? physmem_cap : UINT64_MAX;
	mtx_init(&vm_phys_lock, "vm page bitmap", MTX_SPIN);

	for (i = 0; i < bootinfo.memmap_count; i++) {
		if (!is_ram(e[i].type))
			continue;
		end = e[i].base + e[i].length;
		if (end > cap)
			end = cap;
		if (end > e[i].base)
			real_memory += end - e[i].base;
		if (is_free(e[i].type) && end > top)
			top = end;
	}
	if (top > dmap_size)
		top = dmap_size;
	npages = top / PAGE_SIZE;
	bytes = round_page((npages + 7) / 8);

	/* The bitmap itself goes in the first free range big enough for it. */
	for (i = 0; i < bootinfo.memmap_count && bitmap == NULL; i++) {
		pa = e[i].base < LOW_RESERVED ? LOW_RESERVED : e[i].base;
		end = e[i].base + e[i].length;
		if (is_free(e[i].type) && end > pa && end - pa >= bytes && pa + bytes <= top)
			bitmap = (uint8_t *)PHYS_TO_DMAP(pa);
	}
	if (bitmap == NULL)
		panic("vm_phys_init: no room for a %llu-byte page bitmap",
		    (unsigned long long)bytes);
	memset(bitmap, 0xff, bytes);

	for (i = 0; i < bootinfo.memmap_count; i++) {
		if (!is_free(e[i].type))
			continue;
		for (pa = e[i].base; pa + PAGE_SIZE <= e[i].base + e[i].length &&
		    pa + PAGE_SIZE <= top; pa += PAGE_SIZE) {
			if (pa < LOW_RESERVED ||
			    (pa >= DMAP_TO_PHYS((uint64_t)bitmap) &&
			    pa < DMAP_TO_PHYS((uint64_t)bitmap) + bytes))
				continue;
			vm_phys_free_page_locked(pa);
		}
	}
	search_hint = 0;
}

uint64_t
vm_phys_alloc_page(void)
{
	uint64_t pa;

	mtx_lock_spin(&vm_phys_lock);
	pa = vm_phys_alloc_contig_locked(1);
	mtx_unlock_spin(&vm_phys_lock);
	return (pa);
}

uint64_t
vm_phys_alloc_contig(uint64_t n)
{
	uint64_t pa;

	mtx_lock_spin(&vm_phys_lock);
	pa = vm_phys_alloc_contig_locked(n);
	mtx_unlock_spin(&vm_phys_lock);
	return (pa);
}

/*
 * First fit from search_hint.  Every page below the hint is in use, so the
 * hint moves up to the lowest free page the scan saw (past the run taken
 * when that was it): without that, once a freed page had pulled the hint
 * down, each later allocation rescanned every used page above it bit by bit
 * (a page fault cost ~7 times Linux's in make bench-user).  Bytes of eight
 * used pages are skipped whole.
 */
static uint64_t
vm_phys_alloc_contig_locked(uint64_t n)
{
	uint64_t i, run = 0, lowfree = npages;

	for (i = search_hint; i < npages; i++) {
		if ((i % 8) == 0 && bitmap[i / 8] == 0xff) {
			run = 0;
			i += 7;
			continue;
		}
		if (bitmap[i / 8] & (1 << (i % 8))) {
			run = 0;
			continue;
		}
		if (lowfree == npages)
			lowfree = i;
		if (++run == n) {
			uint64_t first = i + 1 - n, k;

			for (k = first; k <= i; k++)
				bitmap[k / 8] |= (uint8_t)(1 << (k % 8));
			free_pages -= n;
			search_hint = lowfree == first ? i + 1 : lowfree;
			return (first * PAGE_SIZE);
		}
	}
	search_hint = lowfree;
	return (0);
}

static void
vm_phys_free_page_locked(uint64_t pa)
{
	uint64_t i = pa / PAGE_SIZE;

	if (i >= npages || (bitmap[i / 8] & (1 << (i % 8))) == 0)
		panic("vm_phys_free_page: 0x%llx is not an allocated page",
		    (unsigned long long)pa);
	bitmap[i / 8] &= (uint8_t)~(1 << (i % 8));
	free_pages++;
	if (i < search_hint)
		search_hint = i;
}

void
vm_phys_free_page(uint64_t pa)
{
	mtx_lock_spin(&vm_phys_lock);
	vm_phys_free_page_locked(pa);
	mtx_unlock_spin(&vm_phys_lock);
}

uint64_t
vm_phys_free_pages(void)
{
	return (free_pages);
}

uint64_t
vm_phys_real_memory(void)
{
	return (real_memory);
}

uint64_t
vm_phys_npages(void)
{
	return (npages);
}

uint64_t
vm_phys_physmem_cap(void)
{
	return (physmem_cap);
}
SYSINIT(vm_phys, SI_SUB_VM, SI_ORDER_FIRST, vm_phys_init, NULL);
