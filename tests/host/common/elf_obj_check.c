/*
 * Host driver for the object linker (common/elf_obj.c), under ASan/UBSan.
 *
 *   elf_obj_check link OBJ BASE SYMS IMAGE LAYOUT
 *	links OBJ to run at BASE, undefined symbols from SYMS ("name value"
 *	lines), writes the image bytes to IMAGE and each loaded section's
 *	"index name offset size" to LAYOUT; prints "ok total=N" or
 *	"error: REASON".  The test links the same object with GNU ld at the
 *	same addresses and compares the bytes.
 *   elf_obj_check run BASE OBJ...
 *	links each object (built -mcmodel=small) at consecutive addresses
 *	from BASE in this process, text RX, rodata R, data RW; a later one's
 *	undefined symbols resolve to earlier ones' globals, and host_value /
 *	host_buffer to a page below BASE; then calls the last one's
 *	obj_main() and prints what it returns.
 *   elf_obj_check fuzz N SEED OBJ
 *	mutates OBJ N times and pushes every mutant through every step.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sanpo/elf_obj.h>

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

/* --- link: undefined symbols from a file ------------------------------------ */

struct symfile {
	char		name[64][64];
	uint64_t	value[64];
	int		n;
};

static int
symfile_lookup(void *arg, const char *name, uint64_t *value)
{
	struct symfile *sf = arg;
	int i;

	for (i = 0; i < sf->n; i++)
		if (strcmp(sf->name[i], name) == 0) {
			*value = sf->value[i];
			return (0);
		}
	return (-1);
}

static int
cmd_link(char **argv)
{
	struct symfile sf = { .n = 0 };
	struct elf_obj o;
	uint64_t base = strtoull(argv[1], NULL, 0), *off, *val;
	unsigned char *buf;
	size_t size;
	char err[200], line[200], num[32];
	void *img;
	FILE *f;
	unsigned i;

	buf = slurp(argv[0], &size);
	if ((f = fopen(argv[2], "r")) == NULL) {
		perror(argv[2]);
		return (2);
	}
	while (sf.n < 64 && fgets(line, sizeof(line), f) != NULL)
		if (sscanf(line, "%63s %31s", sf.name[sf.n], num) == 2) {
			sf.value[sf.n] = strtoull(num, NULL, 0);
			sf.n++;
		}
	fclose(f);
	if (elf_obj_validate(buf, size, &o, err, sizeof(err)) != 0) {
		printf("error: %s\n", err);
		free(buf);
		return (0);
	}
	off = calloc(o.shnum, sizeof(*off));
	val = calloc(o.nsym, sizeof(*val));
	elf_obj_layout(&o, off);
	img = malloc(o.total ? o.total : 1);
	elf_obj_load(&o, off, img);
	/* The local pass first, as the kernel does, then everything. */
	if (elf_obj_resolve(&o, off, base, NULL, NULL, val, err, sizeof(err)) != 0 ||
	    elf_obj_relocate(&o, off, img, base, val, 1, err, sizeof(err)) != 0 ||
	    elf_obj_resolve(&o, off, base, symfile_lookup, &sf, val, err, sizeof(err)) != 0 ||
	    elf_obj_relocate(&o, off, img, base, val, 0, err, sizeof(err)) != 0)
		printf("error: %s\n", err);
	else {
		printf("ok total=%llu text=%llu rodata=%llu data=%llu\n",
		    (unsigned long long)o.total, (unsigned long long)o.seg[ELF_OBJ_TEXT].size,
		    (unsigned long long)o.seg[ELF_OBJ_RODATA].size,
		    (unsigned long long)o.seg[ELF_OBJ_DATA].size);
		f = fopen(argv[3], "wb");
		fwrite(img, 1, o.total, f);
		fclose(f);
		f = fopen(argv[4], "w");
		for (i = 1; i < o.shnum; i++)
			if (off[i] != ELF_OBJ_NOT_LOADED)
				fprintf(f, "%u %s %llu %llu\n", i, elf_obj_section_name(&o, i),
				    (unsigned long long)off[i],
				    (unsigned long long)o.sh[i].sh_size);
		fclose(f);
	}
	free(img);
	free(off);
	free(val);
	free(buf);
	return (0);
}

/* --- run: load into this process and call ------------------------------------ */

struct loaded {
	struct elf_obj	 o;
	unsigned char	*buf;
	uint64_t	*val;
};

static struct loaded	objs[8];
static int		nobjs;
static uint64_t		host_page;

static int
run_lookup(void *arg, const char *name, uint64_t *value)
{
	int i;
	uint32_t k;

	(void)arg;
	if (strcmp(name, "host_value") == 0) {
		*value = host_page;
		return (0);
	}
	if (strcmp(name, "host_buffer") == 0) {
		*value = host_page + 64;
		return (0);
	}
	for (i = 0; i < nobjs; i++)
		for (k = 1; k < objs[i].o.nsym; k++) {
			const Elf64_Sym *s = &objs[i].o.sym[k];

			if (ELF64_ST_BIND(s->st_info) != STB_LOCAL && s->st_shndx != SHN_UNDEF &&
			    strcmp(objs[i].o.str + s->st_name, name) == 0) {
				*value = objs[i].val[k];
				return (0);
			}
		}
	return (-1);
}

static void
protect(uint64_t base, const struct elf_obj *o)
{
	static const int prot[ELF_OBJ_NSEG] = { PROT_READ | PROT_EXEC, PROT_READ,
	    PROT_READ | PROT_WRITE };
	int s;

	for (s = 0; s < ELF_OBJ_NSEG; s++)
		if (o->seg[s].size != 0 &&
		    mprotect((void *)(base + o->seg[s].off), o->seg[s].size, prot[s]) != 0) {
			perror("mprotect");
			exit(2);
		}
}

static int
cmd_run(int argc, char **argv)
{
	uint64_t base = strtoull(argv[0], NULL, 0), *off;
	int64_t (*entry)(void) = NULL, ret;
	char err[200];
	size_t size;
	int i;

	host_page = base - 4096;
	if (mmap((void *)host_page, 4096, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0) != (void *)host_page) {
		perror("mmap host page");
		return (2);
	}
	*(int64_t *)host_page = 42;
	for (i = 1; i < argc && nobjs < 8; i++) {
		struct loaded *l = &objs[nobjs];
		int k;

		l->buf = slurp(argv[i], &size);
		if (elf_obj_validate(l->buf, size, &l->o, err, sizeof(err)) != 0) {
			printf("error: %s: %s\n", argv[i], err);
			return (1);
		}
		off = calloc(l->o.shnum, sizeof(*off));
		l->val = calloc(l->o.nsym, sizeof(*l->val));
		elf_obj_layout(&l->o, off);
		if (l->o.total != 0 && mmap((void *)base, l->o.total, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0) != (void *)base) {
			perror("mmap");
			return (2);
		}
		elf_obj_load(&l->o, off, (void *)base);
		if (elf_obj_resolve(&l->o, off, base, run_lookup, NULL, l->val, err,
		    sizeof(err)) != 0 ||
		    elf_obj_relocate(&l->o, off, (void *)base, base, l->val, 0, err,
		    sizeof(err)) != 0) {
			printf("error: %s: %s\n", argv[i], err);
			return (1);
		}
		protect(base, &l->o);
		nobjs++;
		for (k = 1; k < (int)l->o.nsym; k++)
			if (strcmp(l->o.str + l->o.sym[k].st_name, "obj_main") == 0)
				entry = (int64_t (*)(void))(uintptr_t)l->val[k];
		base += l->o.total + 4096;	/* a hole between objects */
		free(off);
	}
	if (entry == NULL) {
		printf("error: no obj_main\n");
		return (1);
	}
	ret = entry();
	printf("obj_main=%lld host_value=%lld host_buffer=%s\n", (long long)ret,
	    (long long)*(int64_t *)host_page, (char *)(host_page + 64));
	for (i = 0; i < nobjs; i++) {
		free(objs[i].buf);
		free(objs[i].val);
	}
	return (0);
}

/* --- fuzz ---------------------------------------------------------------- */

static int
any_lookup(void *arg, const char *name, uint64_t *value)
{
	(void)arg;
	*value = 0xffffffff80200000ULL + (name[0] & 0x7f) * 64;
	return (name[0] == 'z' ? -1 : 0);
}

static int
cmd_fuzz(char **argv)
{
	long rounds = strtol(argv[0], NULL, 0), r;
	unsigned seed = (unsigned)strtoul(argv[1], NULL, 0);
	size_t size, i;
	unsigned char *orig = slurp(argv[2], &size), *buf;
	long ok = 0, linked = 0;
	char err[200];

	srand(seed);
	buf = malloc(size);
	for (r = 0; r < rounds; r++) {
		struct elf_obj o;
		uint64_t *off, *val;
		void *img;
		int n = 1 + rand() % 8;

		memcpy(buf, orig, size);
		while (n-- > 0) {
			i = (size_t)rand() % size;
			switch (rand() % 3) {
			case 0:
				buf[i] = (unsigned char)rand();
				break;
			case 1:		/* a field's worth of 0xff or 0 */
				memset(buf + i, rand() % 2 ? 0xff : 0, size - i < 8 ? size - i : 8);
				break;
			case 2:		/* a small nudge */
				buf[i] += (unsigned char)(rand() % 5 - 2);
				break;
			}
		}
		if (elf_obj_validate(buf, size, &o, err, sizeof(err)) != 0) {
			if (err[0] == '\0') {
				printf("fuzz: error without a reason\n");
				return (1);
			}
			continue;
		}
		ok++;
		if (o.total > (4u << 20))
			continue;
		off = calloc(o.shnum, sizeof(*off));
		val = calloc(o.nsym ? o.nsym : 1, sizeof(*val));
		elf_obj_layout(&o, off);
		img = malloc(o.total ? o.total : 1);
		elf_obj_load(&o, off, img);
		if (elf_obj_resolve(&o, off, 0xffffffffc0000000ULL, any_lookup, NULL, val, err,
		    sizeof(err)) == 0 &&
		    elf_obj_relocate(&o, off, img, 0xffffffffc0000000ULL, val, 0, err,
		    sizeof(err)) == 0)
			linked++;
		free(img);
		free(off);
		free(val);
	}
	printf("fuzz: %ld mutants, %ld valid, %ld linked\n", rounds, ok, linked);
	free(buf);
	free(orig);
	return (0);
}

int
main(int argc, char **argv)
{
	if (argc == 7 && strcmp(argv[1], "link") == 0)
		return (cmd_link(argv + 2));
	if (argc >= 4 && strcmp(argv[1], "run") == 0)
		return (cmd_run(argc - 2, argv + 2));
	if (argc == 5 && strcmp(argv[1], "fuzz") == 0)
		return (cmd_fuzz(argv + 2));
	fprintf(stderr, "usage: elf_obj_check link OBJ BASE SYMS IMAGE LAYOUT | "
	    "run BASE OBJ... | fuzz N SEED OBJ\n");
	return (2);
}
