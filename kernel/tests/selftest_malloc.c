/*
 * malloc_test: many allocations of mixed sizes (small ones from the zones,
 * large ones in whole pages), each filled and checked, all freed (part of
 * selftest.ko).
 */
#include <sys/systm.h>
#include <sys/malloc.h>
#include <sys/shell.h>
#include <vm/vm_phys.h>

static int
cmd_malloc_test(int argc, char **argv)
{
	enum { N = 512 };
	static uint8_t *ptr[N];
	static size_t len[N];
	uint64_t before = vm_phys_free_pages(), seed = 12345;
	unsigned i, bad = 0;
	size_t j;

	(void)argc;
	(void)argv;
	for (i = 0; i < N; i++) {
		seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
		len[i] = (i % 64 == 0) ? 5000 + (seed >> 50) : 1 + (seed >> 53);
		ptr[i] = malloc(len[i], M_TEMP, M_NOWAIT);
		if (ptr[i] == NULL) {
			printf("malloc_test: allocation %u of %llu bytes failed\n", i,
			    (unsigned long long)len[i]);
			return (1);
		}
		memset(ptr[i], (int)(i & 0xff), len[i]);
	}
	for (i = 0; i < N; i++) {
		for (j = 0; j < len[i]; j++)
			bad += ptr[i][j] != (uint8_t)(i & 0xff);
		free(ptr[i], M_TEMP);
	}
	/* Freed small items stay in their zones' slabs, as in any slab allocator. */
	printf("malloc_test: %u allocations, %u corrupted bytes, %lld pages now kept "
	    "in zone slabs\n", N, bad, (long long)(before - vm_phys_free_pages()));
	return (bad != 0);
}
SHELL_COMMAND(malloc_test, cmd_malloc_test, "malloc_test",
    "test: allocate, check and free 512 blocks of mixed sizes");
