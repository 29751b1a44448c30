/*
 * Host driver for the ELF validator: validates each file named on the
 * command line and prints "PATH: ok ..." with what it learned, or
 * "PATH: error: REASON"; -exec first checks them as user programs
 * (elf64_validate_exec) instead of kernels.  With -fuzz N SEED FILE it also mutates FILE N
 * times (random byte and field corruption) and validates every mutant,
 * which under ASan/UBSan proves the validator never reads out of bounds.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sanpo/elf64.h>

#include "tests/host/lib/libc_glue.h"

/* The whole file, in a buffer of exactly its size (glue_readfile). */
static unsigned char *
slurp(const char *path, size_t *size)
{
	void *buf;

	if (glue_readfile(path, &buf, size) != 0) {
		perror(path);
		exit(2);
	}
	return (buf);
}

/* exec: as a user program (elf64_validate_exec), else as a kernel. */
static int exec;

static int
check(const char *label, const unsigned char *buf, size_t size, int quiet)
{
	struct elf_image img;
	char err[160];

	if ((exec ? elf64_validate_exec(buf, size, size, &img, err, sizeof(err)) :
	    elf64_validate(buf, size, &img, err, sizeof(err))) != 0) {
		if (!quiet)
			printf("%s: error: %s\n", label, err);
		if (strlen(err) == 0) {
			printf("%s: error without a reason\n", label);
			exit(1);
		}
		return (0);
	}
	if (!quiet)
		printf("%s: ok entry=0x%llx nload=%u lo=0x%llx hi=0x%llx symtab=%llu strtab=%llu\n",
		    label, (unsigned long long)img.entry, img.nload,
		    (unsigned long long)img.vaddr_lo, (unsigned long long)img.vaddr_hi,
		    (unsigned long long)img.symtab_size, (unsigned long long)img.strtab_size);
	return (1);
}

static void
fuzz(const char *path, long rounds, unsigned seed)
{
	size_t size, cut;
	unsigned char *orig = slurp(path, &size), *m;
	long r, ok = 0;

	srand(seed);
	for (r = 0; r < rounds; r++) {
		int flips = 1 + rand() % 8, i;

		cut = (rand() % 4 == 0) ? (size_t)rand() % (size + 1) : size;
		m = malloc(cut > 0 ? cut : 1);
		memcpy(m, orig, cut);
		for (i = 0; i < flips && cut > 0; i++) {
			/* Mostly hit the headers, where the interesting fields are. */
			size_t at = (rand() % 2 && cut > 512) ? (size_t)rand() % 512 :
			    (size_t)rand() % cut;
			m[at] = (unsigned char)rand();
		}
		ok += check("fuzz", m, cut, 1);
		free(m);
	}
	printf("fuzz: %ld mutants, %ld still valid, %ld refused\n", rounds, ok, rounds - ok);
	free(orig);
}

int
main(int argc, char **argv)
{
	int i;

	if (argc == 5 && strcmp(argv[1], "-fuzz") == 0) {
		fuzz(argv[4], atol(argv[2]), (unsigned)atoi(argv[3]));
		return (0);
	}
	if (argc > 1 && strcmp(argv[1], "-exec") == 0) {
		exec = 1;
		argv++;
		argc--;
	}
	for (i = 1; i < argc; i++) {
		size_t size;
		unsigned char *buf = slurp(argv[i], &size);

		check(argv[i], buf, size, 0);
		free(buf);
	}
	return (0);
}
