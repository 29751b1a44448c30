/*
 * tmpfs file data: whole physical pages, found by page index through a
 * radix tree whose index arrays are one page each (512 entries).  Interior
 * entries are the kernel addresses of the arrays below; leaf entries are
 * physical page addresses.  The tree grows upward when a write lands
 * beyond what it covers; holes cost nothing and read as zeros.
 *
 * Data pages are user memory (vm_page_alloc, VM_ALLOC_USER: they stop
 * short of the kernel's reserve) with reference counts: the file holds
 * one on each of its pages, a shared mapping one more (vn_getpage), so a
 * page cut off by truncation lives on for as long as it is mapped.
 * Index arrays and data pages both count against the mount's page budget.
 */
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/malloc.h>
#include <machine/vmparam.h>
#include <vm/vm_page.h>
#include <fs/tmpfs/tmpfs.h>

MALLOC_DEFINE(M_TMPFSIDX, "tmpfs index", "tmpfs page index arrays");

#define RADIX_ENTRIES	(1u << TMPFS_RADIX_SHIFT)
#define RADIX_MASK	(RADIX_ENTRIES - 1)

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
	if ((pa = vm_page_alloc(VM_ALLOC_USER | VM_ALLOC_ZERO)) == 0) {
		tm->tm_pages_used--;
		return (ENOSPC);
	}
	*pap = pa;
	return (0);
}

/* The file lets go of a page (a mapping may keep it a while longer). */
static void
data_free(struct tmpfs_mount *tm, uint64_t pa)
{
	vm_page_release(pa);
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
	if (*slot != 0 && (flags & TMPFS_PG_HOLD))
		vm_page_hold(*slot);
	*pap = *slot;
	return (0);
}

/*
 * Free the pages at index >= first under arr (a level-`level` array whose
 * first page is `base`); returns 1 if arr is left empty.
 */
static int
radix_cut(struct tmpfs_mount *tm, uint64_t *arr, int level, uint64_t base, uint64_t first)
{
	uint64_t span = radix_span(level);	/* pages under one entry at this level */
	int i, empty = 1;

	for (i = 0; i < (int)RADIX_ENTRIES; i++) {
		uint64_t start = base + (uint64_t)i * span;

		if (arr[i] == 0)
			continue;
		if (level == 0) {
			if (start >= first) {
				data_free(tm, arr[i]);
				arr[i] = 0;
			} else
				empty = 0;
			continue;
		}
		if (start + span <= first) {
			empty = 0;
			continue;
		}
		if (radix_cut(tm, (uint64_t *)(uintptr_t)arr[i], level - 1, start, first)) {
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
	if (radix_cut(tm, tp->tp_root, tp->tp_levels - 1, 0, first)) {
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
	tmpfs_pages_truncate(tm, tp, 0);
}
