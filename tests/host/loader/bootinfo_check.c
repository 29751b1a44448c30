/*
 * Host checks of the loader's firmware-independent pieces: UEFI memory-map
 * conversion, the boot-info builder, the hand-off page tables, the
 * environment, the loader.conf parser and the boot-flag table.  Prints
 * "PASS name" or "FAIL name: why" per check; exits with the failure count.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sanpo/boothowto.h>
#include "efi/efi_platform.h"
#include "loader/bootinfo_build.h"
#include "loader/loader.h"

static int failures;

static void
result(const char *name, int ok, const char *fmt, ...)
{
	va_list ap;

	if (ok) {
		printf("PASS %s\n", name);
		return;
	}
	failures++;
	printf("FAIL %s: ", name);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

/* The platform functions the pure code links against, on the host. */
void *plat_alloc(size_t n) { return (malloc(n)); }
void plat_free(void *p) { free(p); }
int
plat_file_read(const char *path, void **data, uint64_t *size, uint64_t limit,
    char *err, size_t errlen)
{
	(void)data; (void)size; (void)limit;
	snprintf(err, errlen, "%s: not on the host", path);
	return (-1);
}

struct efi_desc {		/* EFI_MEMORY_DESCRIPTOR + OVMF's 8 bytes of padding */
	uint32_t type, pad;
	uint64_t phys, virt, npages, attr;
	uint64_t extra;
};

static void
test_memmap(void)
{
	/* Deliberately unsorted, with neighbours to merge and custom types. */
	struct efi_desc map[] = {
		{ 7, 0, 0x100000, 0, 0x100, 0xf, 0 },		/* conventional */
		{ 0, 0, 0x0, 0, 0xa0, 0xf, 0 },			/* reserved */
		{ 3, 0, 0x200000, 0, 0x10, 0xf, 0 },		/* BS code: usable, merges */
		{ 0x80000001, 0, 0x400000, 0, 0x200, 0xf, 0 },	/* kernel */
		{ 9, 0, 0x800000, 0, 4, 0xf, 0 },		/* ACPI reclaim */
		{ 0x80000002, 0, 0x804000, 0, 8, 0xf, 0 },	/* boot data */
		{ 2, 0, 0x900000, 0, 16, 0xf, 0 },		/* loader data */
		{ 11, 0, 0xfee00000, 0, 1, 0x1, 0 },		/* MMIO */
		{ 5, 0, 0x210000, 0, 0, 0xf, 0 },		/* zero pages: dropped */
	};
	struct sanpo_memmap_entry out[16];
	int n = memmap_convert(map, sizeof(map), sizeof(map[0]), out, 16), i, sorted = 1;

	result("memmap_count", n == 7, "got %d entries, want 7", n);
	for (i = 1; i < n; i++)
		sorted &= out[i - 1].base < out[i].base;
	result("memmap_sorted", sorted, "entries out of order");
	result("memmap_coalesced", n >= 2 && out[1].base == 0x100000 &&
	    out[1].length == 0x110000 && out[1].type == SANPO_MEM_USABLE,
	    "conventional+BS code not merged (base 0x%llx len 0x%llx)",
	    (unsigned long long)out[1].base, (unsigned long long)out[1].length);
	result("memmap_types", n == 7 && out[0].type == SANPO_MEM_RESERVED &&
	    out[2].type == SANPO_MEM_KERNEL && out[3].type == SANPO_MEM_ACPI_RECLAIM &&
	    out[4].type == SANPO_MEM_BOOTDATA && out[5].type == SANPO_MEM_LOADER &&
	    out[6].type == SANPO_MEM_MMIO && out[6].efi_attr == 1,
	    "type conversion wrong");
	result("memmap_overflow", memmap_convert(map, sizeof(map), sizeof(map[0]), out, 3) == -1,
	    "3-entry room should not fit 8 entries");
	result("memmap_bad_descsize", memmap_convert(map, sizeof(map), 8, out, 16) == -1,
	    "descriptor size 8 accepted");
}

static void
test_bootinfo(void)
{
	static const char env[] = "a=1\0kernel=kernel\0hw.physmem=256M\0";
	uint64_t sym[12] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 };
	static const char str[] = "\0main\0panic\0";
	struct sanpo_module mod = { "/boot/modules/x.ko", "elf module", 0x5000000, 1234 };
	struct bootinfo_args a = {
		.howto = RB_SINGLE | RB_VERBOSE, .loader_version = "9.9.9",
		.kernel_path = "/boot/kernel/kernel", .kernel_phys = 0x400000,
		.kernel_virt = 0xffffffff80200000ULL, .kernel_size = 0x200000,
		.kernel_entry = 0xffffffff80200000ULL, .env = env, .env_size = sizeof(env),
		.modules = &mod, .module_count = 1, .symtab = sym, .symtab_size = sizeof(sym),
		.strtab = str, .strtab_size = sizeof(str), .acpi_rsdp = 0x7fe14,
		.acpi_revision = 2, .tsc_loader_entry = 100, .tsc_kernel_read = 200,
		.memmap_max = 16,
	};
	size_t need = bootinfo_size(&a);
	uint64_t *buf = calloc(1, need), pa = 0x7000000;
	struct sanpo_bootinfo *bi;
	struct efi_desc map[2] = {
		{ 7, 0, 0x100000, 0, 16, 0, 0 }, { 0x80000002, 0, 0x7000000, 0, 4, 0, 0 } };
#define IN(p, n) ((p) >= pa && (p) + (n) <= pa + need)
#define HOST(p) ((const char *)buf + ((p) - pa))

	result("bootinfo_too_small", bootinfo_build(&a, buf, need - 1, pa) == NULL,
	    "built into a buffer one byte short");
	bi = bootinfo_build(&a, buf, need, pa);
	result("bootinfo_built", bi != NULL, "NULL with enough room");
	if (bi == NULL)
		return;
	result("bootinfo_header", bi->magic == SANPO_BOOTINFO_MAGIC &&
	    bi->version == SANPO_BOOTINFO_VERSION && bi->size == sizeof(*bi) &&
	    bi->howto == (RB_SINGLE | RB_VERBOSE) &&
	    strcmp(bi->loader_version, "9.9.9") == 0 &&
	    strcmp(bi->kernel_path, "/boot/kernel/kernel") == 0, "header fields");
	result("bootinfo_env", IN(bi->env, bi->env_size) && bi->env_size == sizeof(env) &&
	    memcmp(HOST(bi->env), env, sizeof(env)) == 0, "environment not copied");
	result("bootinfo_symbols", IN(bi->symtab, sizeof(sym)) && IN(bi->strtab, sizeof(str)) &&
	    memcmp(HOST(bi->symtab), sym, sizeof(sym)) == 0 &&
	    memcmp(HOST(bi->strtab), str, sizeof(str)) == 0 && bi->symtab % 8 == 0,
	    "symbol tables not copied / aligned");
	result("bootinfo_modules", bi->module_count == 1 && IN(bi->modules, sizeof(mod)) &&
	    memcmp(HOST(bi->modules), &mod, sizeof(mod)) == 0, "module list");
	result("bootinfo_memmap_room", IN(bi->memmap, 16 * sizeof(struct sanpo_memmap_entry)) &&
	    bi->memmap_count == 0, "memmap room");
	result("bootinfo_set_memmap",
	    bootinfo_set_memmap(bi, buf, pa, map, sizeof(map), sizeof(map[0])) == 0 &&
	    bi->memmap_count == 2 &&
	    ((const struct sanpo_memmap_entry *)HOST(bi->memmap))[1].type == SANPO_MEM_BOOTDATA,
	    "final map conversion");
	result("bootinfo_tables", bi->acpi_rsdp == 0x7fe14 && bi->acpi_revision == 2 &&
	    bi->tsc.loader_entry == 100 && bi->tsc.kernel_read == 200, "tables/timestamps");
	free(buf);
}

/* Walks the tables like the MMU: physical address for va, or -1. */
static int64_t
translate(const struct pt_pool *pool, uint64_t cr3, uint64_t va)
{
	const uint64_t *t = (const uint64_t *)(pool->mem + (cr3 - pool->pa));
	int shift;

	for (shift = 39; shift >= 21; shift -= 9) {
		uint64_t e = t[(va >> shift) & 511];

		if (!(e & 1))
			return (-1);
		if (shift == 21) {
			if (!(e & 0x80))
				return (-1);
			return ((int64_t)((e & 0x000fffffffe00000ULL) + (va & 0x1fffff)));
		}
		t = (const uint64_t *)(pool->mem + ((e & 0x000ffffffffff000ULL) - pool->pa));
	}
	return (-1);
}

/*
 * A kernel straddling 1 GiB and 512 GiB boundaries (in either half) gets
 * every page it needs from pt_pages_needed and is mapped right: the count
 * was one page short across a 512 GiB boundary ("boot: internal error
 * laying out boot data" for a valid kernel).
 */
static void
test_pagetables_anywhere(void)
{
	static const uint64_t kvas[] = {
		0xffffff7fffe00000ULL,	/* 2 MiB below PML4 entry 511 */
		0xffffff7fc0000000ULL,	/* 1 GiB below it */
		0x0000007fffe00000ULL,	/* low half, below entry 1 (shares the identity PDPT) */
		0xffff80003fe00000ULL,	/* a 1 GiB boundary only */
		0xffffffff80000000ULL,	/* the usual place */
	};
	static const uint64_t sizes[] = { 0x400000, 0x40200000, 0x80000000ULL };
	uint64_t top = 6ULL << 30, kpa = 0x40000000ULL, cr3 = 0;
	int ok = 1, i, j;

	for (i = 0; i < (int)(sizeof(kvas) / sizeof(kvas[0])); i++) {
		for (j = 0; j < (int)(sizeof(sizes) / sizeof(sizes[0])); j++) {
			uint64_t kva = kvas[i], ksize = sizes[j];
			size_t pages = pt_pages_needed(top, ksize);
			struct pt_pool pool = { aligned_alloc(4096, pages * 4096), 0x3000000, pages, 0 };

			if (kva + ksize - 1 < kva)
				ksize = 0 - kva;	/* up to the top, not past it */
			if (pt_build(&pool, top, kva, kpa, ksize, &cr3) != 0 ||
			    translate(&pool, cr3, kva) != (int64_t)kpa ||
			    translate(&pool, cr3, kva + ksize - 1) != (int64_t)(kpa + ksize - 1) ||
			    translate(&pool, cr3, 0x12345678) != 0x12345678) {
				printf("  kva 0x%llx size 0x%llx: %zu pages, used %zu\n",
				    (unsigned long long)kva, (unsigned long long)ksize, pages,
				    pool.used);
				ok = 0;
			}
			free(pool.mem);
		}
	}
	result("pt_kernel_anywhere", ok, "a kernel across a boundary did not map");
	{
		size_t pages = pt_pages_needed(top, 0x400000);
		struct pt_pool pool = { aligned_alloc(4096, pages * 4096), 0x3000000, pages, 0 };

		result("pt_kernel_wraps", pt_build(&pool, top, 0xffffffffffe00000ULL, kpa,
		    0x400000, &cr3) == -1, "a kernel wrapping past 2^64 was mapped");
		free(pool.mem);
	}
}

static void
test_pagetables(void)
{
	uint64_t top = 6ULL << 30, kva = 0xffffffff80200000ULL, kpa = 0x1200000;
	uint64_t ksize = 0x600000, cr3 = 0;
	size_t pages = pt_pages_needed(top, ksize);
	struct pt_pool pool = { aligned_alloc(4096, pages * 4096), 0x3000000, pages, 0 };
	struct pt_pool small = { pool.mem, pool.pa, 3, 0 };

	result("pt_build", pt_build(&pool, top, kva, kpa, ksize, &cr3) == 0, "failed");
	result("pt_identity", translate(&pool, cr3, 0) == 0 &&
	    translate(&pool, cr3, 0x12345678) == 0x12345678 &&
	    translate(&pool, cr3, (6ULL << 30) - 1) == (int64_t)((6ULL << 30) - 1),
	    "identity map wrong");
	result("pt_beyond_top", translate(&pool, cr3, 6ULL << 30) == -1, "mapped past top");
	result("pt_kernel", translate(&pool, cr3, kva + 0x123456) == (int64_t)(kpa + 0x123456) &&
	    translate(&pool, cr3, kva + ksize - 1) == (int64_t)(kpa + ksize - 1) &&
	    translate(&pool, cr3, kva + ksize) == -1, "kernel map wrong");
	result("pt_pool_bound", pool.used <= pages, "used %zu of %zu", pool.used, pages);
	result("pt_pool_exhausted", pt_build(&small, top, kva, kpa, ksize, &cr3) == -1,
	    "3 pages cannot hold 6 GiB of tables");
	result("pt_misaligned", pt_build(&pool, top, kva + 4096, kpa, ksize, &cr3) == -1,
	    "unaligned kernel address accepted");
	free(pool.mem);
	test_pagetables_anywhere();
}

static void
count_cb(const char *n, const char *v, void *arg)
{
	(void)n; (void)v;
	(*(int *)arg)++;
}

static void
test_env_conf(void)
{
	char buf[256];
	size_t n;
	int count = 0, errors;
	static const char conf[] =
	    "# comment\n"
	    "\n"
	    "a=\"1\"\n"
	    "  b = \"two words\"  # trailing\n"
	    "c=bare\n"
	    "bad line here\n"
	    "d=\"unterminated\n"
	    "e=\"x\" junk\n"
	    "a=\"replaced\"\n"
	    "last=\"yes\"";		/* no final newline */

	errors = conf_parse("test.conf", conf, sizeof(conf) - 1);
	result("conf_errors", errors == 3, "got %d errors, want 3", errors);
	result("conf_values", env_get("a") && strcmp(env_get("a"), "replaced") == 0 &&
	    env_get("b") && strcmp(env_get("b"), "two words") == 0 &&
	    env_get("c") && strcmp(env_get("c"), "bare") == 0 &&
	    env_get("last") && strcmp(env_get("last"), "yes") == 0 &&
	    env_get("d") == NULL && env_get("e") == NULL, "values");
	n = env_serialize(buf, sizeof(buf));
	result("env_serialize", n == sizeof("a=replaced\0b=two words\0c=bare\0last=yes\0") &&
	    memcmp(buf, "a=replaced\0b=two words\0c=bare\0last=yes\0\0", n) == 0,
	    "serialized form/order (%zu bytes)", n);
	result("env_serialize_short", env_serialize(buf, 4) == n, "size when truncated");
	result("env_unset", env_unset("b") == 0 && env_get("b") == NULL &&
	    env_unset("b") == -1, "unset");
	result("env_bad_names", env_set("", "x") == -1 && env_set("a=b", "x") == -1 &&
	    env_set("sp ace", "x") == -1, "invalid names accepted");
	env_foreach(count_cb, &count);
	result("env_foreach", count == 3, "count %d", count);
	env_set("y", "YES");
	env_set("n", "no");
	result("env_is_yes", env_is_yes("y") && !env_is_yes("n") && !env_is_yes("zz"), "yes/no");
}

/* A NUL byte ends a C string, not a line: such a line is reported, not cut. */
static void
test_conf_nul(void)
{
	static const char conf[] = "nul_a=\"x\"\0 ignored=\"1\"\nnul_b=\"a\0b\"\nnul_c=\"ok\"\n";
	int errors = conf_parse("nul.conf", conf, sizeof(conf) - 1);

	result("conf_nul", errors == 2 && env_get("nul_a") == NULL && env_get("nul_b") == NULL &&
	    env_get("nul_c") != NULL && strcmp(env_get("nul_c"), "ok") == 0,
	    "%d errors, a=%s b=%s", errors, env_get("nul_a") ? env_get("nul_a") : "(unset)",
	    env_get("nul_b") ? env_get("nul_b") : "(unset)");
}

static void
test_boot_flags(void)
{
	uint32_t howto = 0;
	char bad = 0, names[128];

	result("flags_parse", boot_parse_arg("-sv", &howto, &bad) == 0 &&
	    howto == (RB_SINGLE | RB_VERBOSE), "howto 0x%x", howto);
	result("flags_bad", boot_parse_arg("-sx", &howto, &bad) == -1 && bad == 'x',
	    "bad letter not reported");
	boot_howto_names(RB_SINGLE | RB_VERBOSE, names, sizeof(names));
	result("flags_names", strcmp(names, "RB_SINGLE RB_VERBOSE") == 0, "'%s'", names);
	boot_howto_names(0, names, sizeof(names));
	result("flags_autoboot", strcmp(names, "RB_AUTOBOOT") == 0, "'%s'", names);
	boot_howto_names(RB_ASKNAME | 0x40000000, names, sizeof(names));
	result("flags_unknown", strcmp(names, "RB_ASKNAME 0x40000000") == 0, "'%s'", names);
	result("flags_truncate", boot_howto_names(RB_SINGLE | RB_VERBOSE, names, 5) == 20 &&
	    strcmp(names, "RB_S") == 0, "'%s'", names);
}

int
main(void)
{
	test_memmap();
	test_bootinfo();
	test_pagetables();
	test_env_conf();
	test_conf_nul();
	test_boot_flags();
	printf("%d failed\n", failures);
	return (failures);
}
