/*
 * Sanpo libc: malloc free realloc calloc over one bounded arena.
 *
 * The arena (libc_heap_init) is cut into blocks, each with a 16-byte
 * header {size | used-bit, prev_size}; sizes include the header and are
 * multiples of 16, so payloads are 16-byte aligned.  Physical neighbours
 * are found through size (next) and prev_size (previous), which makes
 * coalescing on free O(1).  Free blocks sit in segregated lists: 4 size
 * classes per power of two, with a bitmap of the non-empty ones, so
 * malloc and free cost O(1) plus a short scan of one class whatever the
 * number of free fragments (Lua's GC frees blocks by the hundred
 * thousand).  Out of memory returns NULL, and free/realloc abort() on a
 * pointer that is not a live block rather than corrupt the heap silently.
 */
#include "libc_internal.h"
#include "include/stdlib.h"
#include "include/string.h"

#define ALIGN 16
#define HDR ((size_t)sizeof(struct blk))
#define USED ((size_t)1)
#define MIN_BLOCK (HDR + 16)		/* header + room for the list links */
#define MAGIC 0x5a4e504fUL

struct blk {
	size_t size;		/* block size incl. header, | USED */
	size_t prev_size;	/* size of the physically previous block, 0 if first */
};

struct freelinks {
	struct blk *next, *prev;
};

#define NBINS 240
#define BITMAP_WORDS ((NBINS + 63) / 64)

static unsigned char *heap_lo, *heap_hi;
static struct blk *bins[NBINS];
static uint64_t bin_map[BITMAP_WORDS];
static struct LIBC(libc_heap_stats) st;

static size_t bsize(const struct blk *b) { return b->size & ~USED; }
static int bused(const struct blk *b) { return (int)(b->size & USED); }
static struct freelinks *links(struct blk *b) { return (struct freelinks *)(b + 1); }

static struct blk *next_phys(struct blk *b)
{
	unsigned char *n = (unsigned char *)b + bsize(b);
	return n < heap_hi ? (struct blk *)n : NULL;
}

static struct blk *prev_phys(struct blk *b)
{
	return b->prev_size ? (struct blk *)((unsigned char *)b - b->prev_size) : NULL;
}

static void set_size(struct blk *b, size_t size, size_t used)
{
	b->size = size | used;
	struct blk *n = next_phys(b);
	if (n)
		n->prev_size = size;
}

/* size class: 4 per power of two, from MIN_BLOCK (32) up */
static int bin_of(size_t size)
{
	int lg = 63 - __builtin_clzll((unsigned long long)size);
	int idx = (lg - 5) * 4 + (int)((size >> (lg - 2)) & 3);

	return idx < NBINS ? idx : NBINS - 1;
}

static void list_insert(struct blk *b)
{
	int i = bin_of(bsize(b));

	links(b)->prev = NULL;
	links(b)->next = bins[i];
	if (bins[i])
		links(bins[i])->prev = b;
	bins[i] = b;
	bin_map[i / 64] |= 1ULL << (i % 64);
	st.n_free++;
}

static void list_remove(struct blk *b)
{
	struct freelinks *l = links(b);
	int i = bin_of(bsize(b));

	if (l->prev)
		links(l->prev)->next = l->next;
	else
		bins[i] = l->next;
	if (l->next)
		links(l->next)->prev = l->prev;
	if (!bins[i])
		bin_map[i / 64] &= ~(1ULL << (i % 64));
	st.n_free--;
}

/* a free block of at least `need` bytes, or NULL */
static struct blk *find_fit(size_t need)
{
	int i = bin_of(need);

	/* the first class may hold blocks smaller than need: scan it */
	for (struct blk *b = bins[i]; b; b = links(b)->next)
		if (bsize(b) >= need)
			return b;
	/* any block of a higher class is big enough */
	for (int j = i + 1; j < NBINS;) {
		uint64_t m = bin_map[j / 64] >> (j % 64);
		if (m == 0) {
			j = (j / 64 + 1) * 64;
			continue;
		}
		j += __builtin_ctzll(m);
		return bins[j];
	}
	return NULL;
}

void LIBC(libc_heap_init)(void *base, size_t size)
{
	uintptr_t lo = ((uintptr_t)base + ALIGN - 1) & ~(uintptr_t)(ALIGN - 1);
	uintptr_t hi = ((uintptr_t)base + size) & ~(uintptr_t)(ALIGN - 1);

	LIBC(memset)(&st, 0, sizeof st);
	LIBC(memset)(bins, 0, sizeof bins);
	LIBC(memset)(bin_map, 0, sizeof bin_map);
	heap_lo = heap_hi = (unsigned char *)lo;
	if (base == NULL || hi <= lo || hi - lo < MIN_BLOCK)
		return;
	heap_hi = (unsigned char *)hi;
	struct blk *b = (struct blk *)lo;
	b->prev_size = 0;
	set_size(b, hi - lo, 0);
	list_insert(b);
	st.arena_size = hi - lo;
	st.free_bytes = hi - lo;
}

static size_t request_size(size_t n)
{
	if (n > (size_t)-1 / 2)
		return 0;
	size_t s = (n + HDR + ALIGN - 1) & ~(size_t)(ALIGN - 1);
	return s < MIN_BLOCK ? MIN_BLOCK : s;
}

/* take `need` bytes from the start of free block b (already unlinked) */
static void carve(struct blk *b, size_t need)
{
	size_t have = bsize(b);

	if (have - need >= MIN_BLOCK) {
		set_size(b, need, USED);
		struct blk *rest = (struct blk *)((unsigned char *)b + need);
		rest->prev_size = need;
		set_size(rest, have - need, 0);
		list_insert(rest);
	} else {
		set_size(b, have, USED);
	}
	st.used_bytes += bsize(b);
	st.free_bytes -= bsize(b);
	st.n_alloc++;
	if (st.used_bytes > st.peak_used)
		st.peak_used = st.used_bytes;
}

void *LIBC(malloc)(size_t n)
{
	size_t need = request_size(n);

	if (need == 0) {
		st.n_failed++;
		LIBC(errno) = ENOMEM;
		return NULL;
	}
	struct blk *b = find_fit(need);
	if (b) {
		list_remove(b);
		carve(b, need);
		return b + 1;
	}
	st.n_failed++;
	LIBC(errno) = ENOMEM;
	return NULL;
}

static struct blk *checked_block(void *p)
{
	struct blk *b = (struct blk *)p - 1;

	if ((unsigned char *)b < heap_lo || (unsigned char *)p >= heap_hi ||
	    ((uintptr_t)p & (ALIGN - 1)) || !bused(b) ||
	    bsize(b) < MIN_BLOCK || (unsigned char *)b + bsize(b) > heap_hi)
		LIBC(abort)();		/* bad pointer or double free */
	return b;
}

void LIBC(free)(void *p)
{
	if (p == NULL)
		return;
	struct blk *b = checked_block(p);
	size_t size = bsize(b);

	st.used_bytes -= size;
	st.free_bytes += size;
	st.n_alloc--;
	struct blk *n = next_phys(b);
	if (n && !bused(n)) {
		list_remove(n);
		size += bsize(n);
	}
	struct blk *pv = prev_phys(b);
	if (pv && !bused(pv)) {
		list_remove(pv);
		size += bsize(pv);
		b = pv;
	}
	set_size(b, size, 0);
	list_insert(b);
}

void *LIBC(realloc)(void *p, size_t n)
{
	if (p == NULL)
		return LIBC(malloc)(n);
	if (n == 0) {
		LIBC(free)(p);
		return NULL;
	}
	struct blk *b = checked_block(p);
	size_t need = request_size(n), have = bsize(b);
	if (need == 0) {
		st.n_failed++;
		LIBC(errno) = ENOMEM;
		return NULL;
	}
	if (need <= have) {
		/* shrink in place, giving the tail back if it is big enough */
		if (have - need >= MIN_BLOCK) {
			set_size(b, need, USED);
			struct blk *rest = (struct blk *)((unsigned char *)b + need);
			rest->prev_size = need;
			set_size(rest, have - need, USED);
			st.n_alloc++;		/* rest counts as allocated... */
			LIBC(free)(rest + 1);	/* ...until freed here */
		}
		return p;
	}
	/* grow in place into a free successor */
	struct blk *nx = next_phys(b);
	if (nx && !bused(nx) && have + bsize(nx) >= need) {
		size_t total = have + bsize(nx);
		list_remove(nx);
		st.free_bytes -= bsize(nx);
		st.used_bytes += bsize(nx);
		set_size(b, total, USED);
		if (total - need >= MIN_BLOCK) {
			set_size(b, need, USED);
			struct blk *rest = (struct blk *)((unsigned char *)b + need);
			rest->prev_size = need;
			set_size(rest, total - need, 0);
			list_insert(rest);
			st.free_bytes += total - need;
			st.used_bytes -= total - need;
		}
		if (st.used_bytes > st.peak_used)
			st.peak_used = st.used_bytes;
		return p;
	}
	void *q = LIBC(malloc)(n);
	if (q == NULL)
		return NULL;		/* the old block stays valid */
	LIBC(memcpy)(q, p, have - HDR);
	LIBC(free)(p);
	return q;
}

void *LIBC(calloc)(size_t nmemb, size_t size)
{
	if (size && nmemb > (size_t)-1 / size) {
		st.n_failed++;
		LIBC(errno) = ENOMEM;
		return NULL;
	}
	void *p = LIBC(malloc)(nmemb * size);
	if (p)
		LIBC(memset)(p, 0, nmemb * size);
	return p;
}

void LIBC(libc_heap_stats)(struct LIBC(libc_heap_stats) *out)
{
	st.largest_free = 0;
	for (int i = NBINS - 1; i >= 0 && st.largest_free == 0; i--)
		for (struct blk *b = bins[i]; b; b = links(b)->next)
			if (bsize(b) > st.largest_free)
				st.largest_free = bsize(b);
	*out = st;
	out->largest_free = st.largest_free > HDR ? st.largest_free - HDR : 0;
}

int LIBC(libc_heap_check)(void)
{
	size_t used = 0, freeb = 0, nfree = 0, nalloc = 0, prev = 0;
	struct blk *last_free = NULL;

	if (heap_hi == heap_lo)
		return 0;
	for (unsigned char *p = heap_lo; p < heap_hi;) {
		struct blk *b = (struct blk *)p;
		size_t s = bsize(b);
		if (s < MIN_BLOCK || (s & (ALIGN - 1)) || p + s > heap_hi)
			return -1;
		if (b->prev_size != prev)
			return -2;
		if (bused(b)) {
			used += s;
			nalloc++;
		} else {
			if (last_free && (unsigned char *)last_free + bsize(last_free) == p)
				return -3;	/* two adjacent free blocks */
			freeb += s;
			nfree++;
		}
		last_free = bused(b) ? NULL : b;
		prev = s;
		p += s;
	}
	size_t listn = 0;
	for (int i = 0; i < NBINS; i++) {
		struct blk *pv = NULL;
		int nonempty = (int)((bin_map[i / 64] >> (i % 64)) & 1);
		if (nonempty != (bins[i] != NULL))
			return -6;
		for (struct blk *b = bins[i]; b; b = links(b)->next) {
			if ((unsigned char *)b < heap_lo || (unsigned char *)b >= heap_hi ||
			    bused(b) || links(b)->prev != pv || bin_of(bsize(b)) != i)
				return -4;
			pv = b;
			listn++;
		}
	}
	if (listn != nfree || nfree != st.n_free || used != st.used_bytes ||
	    freeb != st.free_bytes || nalloc != st.n_alloc)
		return -5;
	return 0;
}
