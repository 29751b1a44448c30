/* Host test: sanpo malloc/free/realloc/calloc over a bounded arena.
 * usage: test_heap N   (N random operations) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sanpo_libc.h"

static long checked, bad;

#define CHECK(cond, ...) do { \
		checked++; \
		if (!(cond)) { \
			if (bad++ < 30) { \
				printf("FAIL "); \
				printf(__VA_ARGS__); \
				printf("\n"); \
			} \
		} \
	} while (0)

#define SLOTS 256

struct slot {
	unsigned char *p;
	size_t n;
	unsigned char tag;
};

static int content_ok(const struct slot *s)
{
	for (size_t i = 0; i < s->n; i++)
		if (s->p[i] != (unsigned char)(s->tag + i))
			return 0;
	return 1;
}

static void fill(struct slot *s)
{
	for (size_t i = 0; i < s->n; i++)
		s->p[i] = (unsigned char)(s->tag + i);
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 1000;
	size_t arena_size = 1 << 20;
	unsigned char *arena = malloc(arena_size + 64);
	struct sanpo_libc_heap_stats st;
	static struct slot s[SLOTS];
	long nnull = 0, nalloc = 0;

	/* unaligned base on purpose */
	sanpo_libc_heap_init(arena + 3, arena_size);
	sanpo_libc_heap_stats(&st);
	size_t initial_largest = st.largest_free;
	CHECK(st.arena_size > arena_size - 32 && st.n_free == 1, "init stats");

	for (long it = 0; it < n; it++) {
		struct slot *x = &s[rnd(SLOTS)];
		size_t want = rnd(8) == 0 ? rnd(64 * 1024) : rnd(512);
		int op = (int)rnd(10);
		if (x->p && !content_ok(x))
			CHECK(0, "content of a live block changed (op %ld)", it);
		if (op < 4) {				/* malloc / calloc */
			if (x->p)
				sanpo_free(x->p);
			int use_calloc = op == 0;
			x->p = use_calloc ? sanpo_calloc(1, want) : sanpo_malloc(want);
			x->n = x->p ? want : 0;
			x->tag = (unsigned char)rnd(256);
			if (x->p) {
				nalloc++;
				CHECK(((uintptr_t)x->p & 15) == 0, "alignment");
				CHECK((unsigned char *)x->p >= arena &&
				      (unsigned char *)x->p + want <= arena + arena_size + 3,
				      "block outside the arena");
				if (use_calloc) {
					size_t z = 0;
					while (z < want && x->p[z] == 0)
						z++;
					CHECK(z == want, "calloc not zeroed");
				}
				fill(x);
			} else {
				nnull++;
			}
		} else if (op < 7) {			/* realloc */
			unsigned char *q = sanpo_realloc(x->p, want ? want : 1);
			if (q) {
				size_t keep = x->n < want ? x->n : want;
				x->p = q;
				x->n = keep;
				CHECK(content_ok(x), "realloc lost content");
				x->n = want ? want : 1;
				fill(x);
				nalloc++;
			} else {
				nnull++;	/* old block still valid */
				CHECK(x->p == NULL || content_ok(x), "failed realloc damaged block");
			}
		} else {				/* free */
			sanpo_free(x->p);
			x->p = NULL;
			x->n = 0;
		}
		if (it % 97 == 0)
			CHECK(sanpo_libc_heap_check() == 0, "heap check %d at op %ld",
			      sanpo_libc_heap_check(), it);
	}
	CHECK(sanpo_libc_heap_check() == 0, "heap check at end");

	/* exhaustion: allocate until NULL, heap still sane, then free all */
	for (int i = 0; i < SLOTS; i++) {
		sanpo_free(s[i].p);
		s[i].p = NULL;
	}
	sanpo_libc_heap_stats(&st);
	CHECK(st.n_alloc == 0 && st.used_bytes == 0 && st.n_free == 1,
	      "after freeing all: %zu blocks, %zu bytes, %zu free fragments",
	      st.n_alloc, st.used_bytes, st.n_free);
	CHECK(st.largest_free == initial_largest, "coalescing: largest %zu want %zu",
	      st.largest_free, initial_largest);

	void *blocks[100000];
	int nb = 0;
	while (nb < 100000 && (blocks[nb] = sanpo_malloc(100 + (size_t)(nb % 7) * 50)))
		nb++;
	CHECK(nb > 1000 && nb < 100000, "exhaustion after %d blocks", nb);
	void *last = sanpo_malloc(16);		/* may still fit */
	CHECK(sanpo_malloc(arena_size) == NULL, "huge malloc must fail");
	CHECK(sanpo_malloc((size_t)-1) == NULL, "SIZE_MAX malloc must fail");
	CHECK(sanpo_calloc((size_t)1 << 40, (size_t)1 << 40) == NULL, "calloc overflow");
	CHECK(sanpo_libc_heap_check() == 0, "heap check when full");
	/* free every other block: fragmented, a big block must fail */
	for (int i = 0; i < nb; i += 2) {
		sanpo_free(blocks[i]);
		blocks[i] = NULL;
	}
	sanpo_free(last);
	CHECK(sanpo_malloc(64 * 1024) == NULL, "fragmented heap gave a big block");
	void *small = sanpo_malloc(100);
	CHECK(small != NULL, "heap works again after frees");
	sanpo_free(small);
	/* free the rest: coalescing gives one block again */
	for (int i = 1; i < nb; i += 2)
		sanpo_free(blocks[i]);
	sanpo_libc_heap_stats(&st);
	CHECK(st.n_free == 1 && st.largest_free == initial_largest,
	      "coalesced: %zu fragments, largest %zu", st.n_free, st.largest_free);
	void *big = sanpo_malloc(initial_largest);
	CHECK(big != NULL, "whole-arena block after coalescing");
	CHECK(sanpo_malloc(1) == NULL, "nothing left");
	sanpo_free(big);
	big = sanpo_malloc(arena_size / 2);
	CHECK(big != NULL, "half arena");
	/* grow in place and shrink */
	void *r2 = sanpo_realloc(big, arena_size / 2 + 1000);
	CHECK(r2 == big, "realloc grows in place into free space");
	r2 = sanpo_realloc(r2, 100);
	CHECK(r2 == big, "realloc shrinks in place");
	sanpo_free(r2);
	CHECK(sanpo_libc_heap_check() == 0, "heap check final");
	sanpo_libc_heap_stats(&st);
	CHECK(st.n_alloc == 0 && st.n_free == 1, "final stats");

	/* a tiny arena: everything fails cleanly */
	unsigned char tiny[24];
	sanpo_libc_heap_init(tiny, sizeof tiny);
	CHECK(sanpo_malloc(1) == NULL, "tiny arena");
	sanpo_libc_heap_init(NULL, 0);
	CHECK(sanpo_malloc(1) == NULL, "no arena");
	CHECK(sanpo_realloc(NULL, 5) == NULL, "no arena realloc");

	printf("heap: %ld random operations (%ld allocations, %ld NULL), %d blocks to exhaustion, "
	       "peak %zu bytes, %ld checks, %ld failures\n",
	       n, nalloc, nnull, nb, st.peak_used, checked, bad);
	free(arena);
	return bad != 0;
}
