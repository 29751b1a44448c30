/*
 * Kernel malloc over the physical page allocator, reached through the
 * direct map.  Requests up to 2 KiB come from per-size-class zones whose
 * slabs are single pages; larger ones get contiguous pages.  Every slab or
 * large block starts with a header naming its zone (or page count), so
 * free() needs only the address.  One spin lock per zone.
 */
#include <sys/systm.h>
#include <sys/kernel.h>
#include <sys/linker.h>
#include <sys/malloc.h>
#include <sys/mutex.h>
#include <sys/shell.h>
#include <sys/sbuf.h>
#include <sys/sysctl.h>
#include <sys/buf.h>
#include <machine/intr_machdep.h>
#include <machine/vmparam.h>
#include <sanpo/getopt.h>
#include <vm/vm_phys.h>

#define SLAB_MAGIC	0x534c4142u	/* "SLAB" */
#define LARGE_MAGIC	0x4c415247u	/* "LARG" */
#define HDR_SIZE	64		/* keeps items 64-byte aligned */

struct zone {
	const char	*z_name;	/* "malloc-64" */
	size_t		 z_size;	/* item size */
	struct mtx	 z_lock;
	void		*z_free;	/* free items, linked through their first word */
	uint64_t	 z_used;	/* items handed out */
	uint64_t	 z_nfree;	/* items on the free list */
	uint64_t	 z_requests;
	uint64_t	 z_slabs;	/* pages held */
	uint64_t	 z_fail;	/* allocations that found no memory */
};

struct page_hdr {
	uint32_t	 magic;		/* SLAB_MAGIC or LARGE_MAGIC */
	uint32_t	 npages;	/* large blocks: pages in the block */
	struct zone	*zone;		/* slabs: the owning zone */
};

static struct zone zones[] = {
	{ .z_name = "malloc-16", .z_size = 16 }, { .z_name = "malloc-32", .z_size = 32 }, { .z_name = "malloc-64", .z_size = 64 },
	{ .z_name = "malloc-128", .z_size = 128 }, { .z_name = "malloc-256", .z_size = 256 }, { .z_name = "malloc-512", .z_size = 512 },
	{ .z_name = "malloc-1024", .z_size = 1024 }, { .z_name = "malloc-2048", .z_size = 2048 },
};
#define NZONES	nitems(zones)
#define LARGE_CLASS	NZONES		/* ks_sizes bit for page allocations */

static struct mtx large_lock;
static uint64_t	  large_pages, large_requests;

MALLOC_DEFINE(M_TEMP, "temp", "miscellaneous short-lived allocations");
MALLOC_DEFINE(M_DEVBUF, "devbuf", "device driver memory");
SET_DECLARE(malloc_type_set, struct malloc_type);

static void
kmem_init(const void *dummy __unused)
{
	size_t i;

	for (i = 0; i < NZONES; i++)
		mtx_init(&zones[i].z_lock, "malloc zone", MTX_SPIN);
	mtx_init(&large_lock, "malloc large", MTX_SPIN);
}
SYSINIT(kmem, SI_SUB_KMEM, SI_ORDER_FIRST, kmem_init, NULL);

/* One more page of items for z; called with z's lock held. */
static int
zone_grow(struct zone *z)
{
	uint64_t pa = vm_phys_alloc_page();
	struct page_hdr *h;
	uint8_t *item;

	if (pa == 0)
		return (-1);
	h = (struct page_hdr *)PHYS_TO_DMAP(pa);
	*h = (struct page_hdr){ SLAB_MAGIC, 1, z };
	for (item = (uint8_t *)h + HDR_SIZE; item + z->z_size <= (uint8_t *)h + PAGE_SIZE;
	    item += z->z_size) {
		*(void **)item = z->z_free;
		z->z_free = item;
		z->z_nfree++;
	}
	z->z_slabs++;
	return (0);
}

static void *
large_alloc(size_t size)
{
	uint64_t npages = (size + HDR_SIZE + PAGE_SIZE - 1) / PAGE_SIZE, pa;
	struct page_hdr *h;

	pa = vm_phys_alloc_contig(npages);
	mtx_lock_spin(&large_lock);
	if (pa != 0) {
		large_pages += npages;
		large_requests++;
	}
	mtx_unlock_spin(&large_lock);
	if (pa == 0)
		return (NULL);
	h = (struct page_hdr *)PHYS_TO_DMAP(pa);
	*h = (struct page_hdr){ LARGE_MAGIC, (uint32_t)npages, NULL };
	return ((uint8_t *)h + HDR_SIZE);
}

void *
malloc(size_t size, struct malloc_type *type, int flags)
{
	struct zone *z = NULL;
	void *p;
	size_t i, real;

	if (flags & M_WAITOK)
		witness_warn_sleep("malloc(M_WAITOK)", NULL, __FILE__, __LINE__);
	for (i = 0; i < NZONES; i++)
		if (size <= zones[i].z_size) {
			z = &zones[i];
			break;
		}
	if (z != NULL) {
		mtx_lock_spin(&z->z_lock);
		if (z->z_free == NULL && zone_grow(z) != 0) {
			z->z_fail++;
			p = NULL;
		} else {
			p = z->z_free;
			z->z_free = *(void **)p;
			z->z_nfree--;
			z->z_used++;
			z->z_requests++;
		}
		mtx_unlock_spin(&z->z_lock);
		real = z->z_size;
	} else {
		p = large_alloc(size);
		real = p != NULL ? malloc_usable_size(p) : 0;	/* what free() subtracts */
	}
	if (p == NULL) {
		if (flags & M_WAITOK)
			panic("malloc(%llu, %s, M_WAITOK): out of memory",
			    (unsigned long long)size, type->ks_shortdesc);
		return (NULL);
	}
	__atomic_add_fetch(&type->ks_inuse, 1, __ATOMIC_RELAXED);
	__atomic_add_fetch(&type->ks_memuse, real, __ATOMIC_RELAXED);
	__atomic_add_fetch(&type->ks_requests, 1, __ATOMIC_RELAXED);
	__atomic_or_fetch(&type->ks_sizes, 1u << (z != NULL ? (unsigned)i : LARGE_CLASS),
	    __ATOMIC_RELAXED);
	if (flags & M_ZERO)
		memset(p, 0, real);
	return (p);
}

static struct page_hdr *
header_of(const void *addr)
{
	struct page_hdr *h = (struct page_hdr *)((uint64_t)addr & ~PAGE_MASK);

	/* Large blocks start HDR_SIZE into their first page. */
	if (((uint64_t)addr & PAGE_MASK) == HDR_SIZE && h->magic == LARGE_MAGIC)
		return (h);
	if (h->magic == SLAB_MAGIC)
		return (h);
	panic("free: %p was not returned by malloc", addr);
}

size_t
malloc_usable_size(const void *addr)
{
	struct page_hdr *h = header_of(addr);

	return (h->magic == SLAB_MAGIC ? h->zone->z_size :
	    h->npages * PAGE_SIZE - HDR_SIZE);
}

void
free(void *addr, struct malloc_type *type)
{
	struct page_hdr *h;
	size_t real;
	uint32_t i;

	if (addr == NULL)
		return;
	h = header_of(addr);
	real = malloc_usable_size(addr);
	if (h->magic == SLAB_MAGIC) {
		struct zone *z = h->zone;

		mtx_lock_spin(&z->z_lock);
		*(void **)addr = z->z_free;
		z->z_free = addr;
		z->z_nfree++;
		z->z_used--;
		mtx_unlock_spin(&z->z_lock);
	} else {
		uint64_t pa = DMAP_TO_PHYS((uint64_t)h);

		uint32_t n = h->npages;

		h->magic = 0;
		for (i = 0; i < n; i++)
			vm_phys_free_page(pa + i * PAGE_SIZE);
		mtx_lock_spin(&large_lock);
		large_pages -= n;
		mtx_unlock_spin(&large_lock);
	}
	__atomic_sub_fetch(&type->ks_inuse, 1, __ATOMIC_RELAXED);
	__atomic_sub_fetch(&type->ks_memuse, real, __ATOMIC_RELAXED);
}

/* --- vmstat -m / -z ----------------------------------------------------- */

static void
print_types(void)
{
	struct linker_set_cursor c = LINKER_SET_CURSOR;
	struct malloc_type **tp;
	struct sbuf sb;
	char sizes[96];
	size_t i;
	int held = linker_sets_lock();

	printf("%13s %6s %7s %9s  %s\n", "Type", "InUse", "MemUse", "Requests", "Size(s)");
	while ((tp = LINKER_SET_NEXT(malloc_type_set, &c)) != NULL) {
		struct malloc_type *t = *tp;

		sbuf_new_fixed(&sb, sizes, sizeof(sizes));
		for (i = 0; i <= NZONES; i++)
			if (t->ks_sizes & (1u << i))
				sbuf_printf(&sb, "%s%s", sbuf_len(&sb) ? "," : "",
				    i < NZONES ? zones[i].z_name + 7 : "large");
		printf("%13s %6llu %6lluK %9llu  %s\n", t->ks_shortdesc,
		    (unsigned long long)t->ks_inuse,
		    (unsigned long long)((t->ks_memuse + 1023) / 1024),
		    (unsigned long long)t->ks_requests, sizes);
	}
	linker_sets_unlock(held);
}

/*
 * A module's types leave with it.  Memory still allocated under one is a
 * leak in the module (only the module held those pointers, and free()
 * needs the type): said, and counted in kern.malloc.leaked_by_modules.
 */
static uint64_t leaked_by_modules;
SYSCTL_U64("kern.malloc.leaked_by_modules", &leaked_by_modules,
    "bytes modules left allocated when they were unloaded");

void
malloc_type_set_unload(void **begin, void **end, const char *filename)
{
	void **p;

	for (p = begin; p < end; p++) {
		const struct malloc_type *t = *p;

		if (t->ks_inuse == 0)
			continue;
		printf("kldunload: %s: malloc type %s still has %llu allocations "
		    "(%llu bytes): leaked\n", filename, t->ks_shortdesc,
		    (unsigned long long)t->ks_inuse, (unsigned long long)t->ks_memuse);
		leaked_by_modules += t->ks_memuse;
	}
}

static void
print_zones(void)
{
	size_t i;

	printf("%-14s %6s %8s %8s %10s %6s %6s\n", "ITEM", "SIZE", "USED", "FREE",
	    "REQ", "FAIL", "SLABS");
	for (i = 0; i < NZONES; i++)
		printf("%-14s %6llu %8llu %8llu %10llu %6llu %6llu\n", zones[i].z_name,
		    (unsigned long long)zones[i].z_size, (unsigned long long)zones[i].z_used,
		    (unsigned long long)zones[i].z_nfree,
		    (unsigned long long)zones[i].z_requests,
		    (unsigned long long)zones[i].z_fail, (unsigned long long)zones[i].z_slabs);
	printf("%-14s %6s %8llu %8s %10llu %6s %6s\n", "large (pages)", "4096",
	    (unsigned long long)large_pages, "-", (unsigned long long)large_requests, "-", "-");
}


static int
cmd_vmstat(int argc, char **argv)
{
	struct getopt_state g = GETOPT_INIT;
	int ch, n = 0;

	/* Each flag prints its table, in the order given (vmstat -mz). */
	while ((ch = getopt_r(&g, argc, argv, "bimz")) != -1) {
		switch (ch) {
		case 'b':
			vmstat_buf();
			break;
		case 'i':
			vmstat_intr();
			break;
		case 'm':
			print_types();
			break;
		case 'z':
			print_zones();
			break;
		default:
			return (shell_usage(argv[0], g.err));
		}
		n++;
	}
	if (n == 0 || g.ind != argc)
		return (shell_usage(argv[0], NULL));
	return (0);
}
SHELL_COMMAND(vmstat, cmd_vmstat, "vmstat [-bimz]",
    "the buffer cache; interrupts; memory by malloc type, by zone");

