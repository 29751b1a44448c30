/*
 * tmpfs file data: whole physical pages, found by page index through a
 * radix tree whose index arrays are one page each (512 entries).  Interior
 * entries are the kernel addresses of the arrays below; leaf entries are
 * physical page addresses, with TMPFS_PAGE_MAPPED in the low bits once a
 * page was handed to a shared mapping (such a page outlives truncation on
 * the orphan list, see sys/vnode.h).  The tree grows upward when a write
 * lands beyond what it covers; holes cost nothing and read as zeros.
 *
 * Index arrays and data pages both count against the mount's page budget.
 */
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/malloc.h>
#include <machine/vmparam.h>
#include <vm/vm_phys.h>
#include <fs/tmpfs/tmpfs.h>

MALLOC_DEFINE(M_TMPFSIDX, "tmpfs index", "tmpfs page index arrays");

#define RADIX_ENTRIES	(1u << TMPFS_RADIX_SHIFT)
#define RADIX_MASK	(RADIX_ENTRIES - 1)
#define LEAF_PA(e)	((e) & ~(uint64_t)PAGE_MASK)

/* Pages a tree of `levels` levels covers. */
static uint64_t
radix_span(int levels)
{
	return (1ULL << (TMPFS_RADIX_SHIFT * levels));
}

static int
budget_take(struct tmpfs_mount *tm)
{
	if (tm->tm_pages_used >= tm->tm_pages_max)
		return (ENOSPC);
	tm->tm_pages_used++;
	return (0);
}

static uint64_t *
index_alloc(struct tmpfs_mount *tm)
{
	uint64_t *arr;

	if (budget_take(tm) != 0)
		return (NULL);
	arr = malloc(RADIX_ENTRIES * sizeof(uint64_t), M_TMPFSIDX, M_NOWAIT | M_ZERO);
	if (arr == NULL)
		tm->tm_pages_used--;
	return (arr);
}

static void
index_free(struct tmpfs_mount *tm, uint64_t *arr)
{
	free(arr, M_TMPFSIDX);
	tm->tm_pages_used--;
}

static int
data_alloc(struct tmpfs_mount *tm, uint64_t *pap)
{
	uint64_t pa;

	if (budget_take(tm) != 0)
		return (ENOSPC);
	if ((pa = vm_phys_alloc_page()) == 0) {
		tm->tm_pages_used--;
		return (ENOSPC);
	}
	memset((void *)PHYS_TO_DMAP(pa), 0, PAGE_SIZE);
	*pap = pa;
	return (0);
}

static void
data_free(struct tmpfs_mount *tm, uint64_t pa)
{
	vm_phys_free_page(pa);
	tm->tm_pages_used--;
}

/* Add levels on top until the tree covers page idx. */
static int
radix_grow(struct tmpfs_mount *tm, struct tmpfs_pages *tp, uint64_t idx)
{
	uint64_t *arr;

	while (tp->tp_levels == 0 || idx >= radix_span(tp->tp_levels)) {
		if ((arr = index_alloc(tm)) == NULL)
			return (ENOSPC);
		arr[0] = (uint64_t)(uintptr_t)tp->tp_root;
		tp->tp_root = arr;
		tp->tp_levels++;
	}
	return (0);
}

/* The leaf entry for idx, or NULL if its index array is absent and !alloc. */
static uint64_t *
radix_slot(struct tmpfs_mount *tm, struct tmpfs_pages *tp, uint64_t idx, int alloc,
    int *errorp)
{
	uint64_t *arr;
	int level;

	*errorp = 0;
	if (idx >= radix_span(TMPFS_RADIX_LEVELS)) {
		*errorp = EFBIG;
		return (NULL);
	}
	if (tp->tp_levels == 0 || idx >= radix_span(tp->tp_levels)) {
		if (!alloc)
			return (NULL);
		if ((*errorp = radix_grow(tm, tp, idx)) != 0)
			return (NULL);
	}
	arr = tp->tp_root;
	for (level = tp->tp_levels - 1; level > 0; level--) {
		uint64_t *slot = &arr[(idx >> (TMPFS_RADIX_SHIFT * level)) & RADIX_MASK];

		if (*slot == 0) {
			uint64_t *child;

			if (!alloc)
				return (NULL);
			if ((child = index_alloc(tm)) == NULL) {
				*errorp = ENOSPC;
				return (NULL);
			}
			*slot = (uint64_t)(uintptr_t)child;
		}
		arr = (uint64_t *)(uintptr_t)*slot;
	}
	return (&arr[idx & RADIX_MASK]);
}

int
tmpfs_page_get(struct tmpfs_mount *tm, struct tmpfs_pages *tp, uint64_t idx, int flags,
    uint64_t *pap)
{
	int alloc = (flags & TMPFS_PG_ALLOC) != 0, error;
	uint64_t *slot;

	*pap = 0;
	if ((slot = radix_slot(tm, tp, idx, alloc, &error)) == NULL)
		return (error);
	if (*slot == 0 && alloc && (error = data_alloc(tm, slot)) != 0)
		return (error);
	if (*slot != 0 && (flags & TMPFS_PG_MAP))
		*slot |= TMPFS_PAGE_MAPPED;
	*pap = LEAF_PA(*slot);
	return (0);
}

/* A page cut off the file: freed, or kept on the orphan list if mapped. */
static void
page_release(struct tmpfs_mount *tm, struct tmpfs_pages *tp, uint64_t entry)
{
	uint64_t *n;

	if (!(entry & TMPFS_PAGE_MAPPED)) {
		data_free(tm, LEAF_PA(entry));
		return;
	}
	n = malloc((tp->tp_norphans + 1) * sizeof(*n), M_TMPFSIDX, M_WAITOK);
	if (tp->tp_norphans > 0)
		memcpy(n, tp->tp_orphans, tp->tp_norphans * sizeof(*n));
	free(tp->tp_orphans, M_TMPFSIDX);
	n[tp->tp_norphans++] = LEAF_PA(entry);
	tp->tp_orphans = n;
}

/*
 * Free the pages at index >= first under arr (a level-`level` array whose
 * first page is `base`); returns 1 if arr is left empty.
 */
static int
radix_cut(struct tmpfs_mount *tm, struct tmpfs_pages *tp, uint64_t *arr, int level,
    uint64_t base, uint64_t first)
{
	uint64_t span = radix_span(level);	/* pages under one entry at this level */
	int i, empty = 1;

	for (i = 0; i < (int)RADIX_ENTRIES; i++) {
		uint64_t start = base + (uint64_t)i * span;

		if (arr[i] == 0)
			continue;
		if (level == 0) {
			if (start >= first) {
				page_release(tm, tp, arr[i]);
				arr[i] = 0;
			} else
				empty = 0;
			continue;
		}
		if (start + span <= first) {
			empty = 0;
			continue;
		}
		if (radix_cut(tm, tp, (uint64_t *)(uintptr_t)arr[i], level - 1, start, first)) {
			index_free(tm, (uint64_t *)(uintptr_t)arr[i]);
			arr[i] = 0;
		} else
			empty = 0;
	}
	return (empty);
}

/* Cut the data to newsize bytes: pages past it go, the last one's tail is zeroed. */
void
tmpfs_pages_truncate(struct tmpfs_mount *tm, struct tmpfs_pages *tp, uint64_t newsize)
{
	uint64_t first = (newsize + PAGE_MASK) >> TMPFS_PAGE_SHIFT, pa;

	if (tp->tp_levels == 0)
		return;
	if (radix_cut(tm, tp, tp->tp_root, tp->tp_levels - 1, 0, first)) {
		index_free(tm, tp->tp_root);
		tp->tp_root = NULL;
		tp->tp_levels = 0;
		return;
	}
	if ((newsize & PAGE_MASK) != 0 &&
	    tmpfs_page_get(tm, tp, newsize >> TMPFS_PAGE_SHIFT, 0, &pa) == 0 && pa != 0)
		memset((char *)PHYS_TO_DMAP(pa) + (newsize & PAGE_MASK), 0,
		    PAGE_SIZE - (newsize & PAGE_MASK));
}

void
tmpfs_pages_free(struct tmpfs_mount *tm, struct tmpfs_pages *tp)
{
	size_t i;

	tmpfs_pages_truncate(tm, tp, 0);
	for (i = 0; i < tp->tp_norphans; i++) {
		vm_phys_free_page(tp->tp_orphans[i]);
		tm->tm_pages_used--;
	}
	free(tp->tp_orphans, M_TMPFSIDX);
	tp->tp_orphans = NULL;
	tp->tp_norphans = 0;
}
