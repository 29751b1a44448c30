/*
 * Loading and starting a kernel.  The order matters:
 *
 *   1. read the file and validate it completely -- until this passes,
 *      nothing has been allocated for it and a bad file costs nothing;
 *   2. copy its segments into one 2 MiB-aligned block (type KERNEL);
 *   3. build the boot info and hand-off page tables in one BOOTDATA block,
 *      sized before ExitBootServices, since nothing can be allocated after;
 *   4. ExitBootServices (with the map-key retry), convert the final memory
 *      map into the room reserved for it, and jump.
 *
 * Any failure before step 4 frees what was allocated (in reverse order)
 * and returns to the prompt with a specific message.
 */
#include <string.h>
#include <sanpo/elf64.h>
#include <sanpo/kvprintf.h>

#include "efi/efi_platform.h"
#include "loader.h"
#include "bootinfo_build.h"
#include "arch/x86_64/cpufunc.h"

#define PAGE		4096ULL
#define LARGE		(2ULL << 20)
#define MEMMAP_SLACK	64	/* map entries beyond today's count */

void	loader_handoff(uint64_t cr3, uint64_t entry, uint64_t bootinfo_pa)
	    __attribute__((noreturn));

struct loaded_kernel {
	uint64_t	phys;		/* 2 MiB-aligned block */
	uint64_t	virt;		/* link address of phys */
	uint64_t	size;		/* bytes in the block */
};

const char *
kernel_path_resolve(const char *arg, char *buf, size_t len)
{
	const char *p;

	if (arg == NULL || *arg == '\0')
		return (LOADER_DEFAULT_KERNEL);
	for (p = arg; *p != '\0'; p++)
		if (*p == '/')
			return (arg);
	/* FreeBSD's convention: "kernel.old" means /boot/kernel.old/kernel. */
	ksnprintf(buf, len, "/boot/%s/kernel", arg);
	return (buf);
}

static int
load_segments(const uint8_t *file, const struct elf_image *img,
    struct loaded_kernel *k)
{
	unsigned i;

	k->virt = img->vaddr_lo & ~(LARGE - 1);
	k->size = (img->vaddr_hi - k->virt + LARGE - 1) & ~(LARGE - 1);
	if (plat_alloc_pages(k->size, SANPO_EFI_MEMTYPE_KERNEL, LARGE, &k->phys) != 0) {
		printf("boot: cannot allocate %llu bytes for the kernel\n",
		    (unsigned long long)k->size);
		return (-1);
	}
	/* Zero everything first: BSS and the gaps between segments. */
	memset((void *)(uintptr_t)k->phys, 0, k->size);
	for (i = 0; i < img->phnum; i++) {
		const Elf64_Phdr *ph = &img->phdr[i];

		if (ph->p_type != PT_LOAD)
			continue;
		memcpy((void *)(uintptr_t)(k->phys + (ph->p_vaddr - k->virt)),
		    file + ph->p_offset, ph->p_filesz);
	}
	return (0);
}

static void
print_summary(const char *path, const struct elf_image *img)
{
	uint64_t text = 0, data = 0, bss = 0;
	unsigned i;

	for (i = 0; i < img->phnum; i++) {
		const Elf64_Phdr *ph = &img->phdr[i];

		if (ph->p_type != PT_LOAD)
			continue;
		if (ph->p_flags & PF_X)
			text += ph->p_filesz;
		else
			data += ph->p_filesz;
		bss += ph->p_memsz - ph->p_filesz;
	}
	printf("%s text=0x%llx data=0x%llx+0x%llx syms=[0x%llx+0x%llx] entry=0x%llx\n",
	    path, (unsigned long long)text, (unsigned long long)data,
	    (unsigned long long)bss, (unsigned long long)img->symtab_size,
	    (unsigned long long)img->strtab_size, (unsigned long long)img->entry);
}

/* Everything the kernel keeps, in one BOOTDATA block; then the jump. */
static int
start_kernel(const char *path, uint32_t howto, const uint8_t *file,
    const struct elf_image *img, const struct loaded_kernel *k,
    uint64_t tsc_read)
{
	struct bootinfo_args a = { 0 };
	struct sanpo_bootinfo *bi;
	struct pt_pool pool;
	uint64_t top, bi_bytes, map_cap, pt_pages, total, pa, cr3, map_size, dsize;
	size_t env_size;
	char *env, err[128];
	uint8_t *block;

	env_size = env_serialize(NULL, 0);
	if ((env = plat_alloc(env_size)) == NULL) {
		printf("boot: out of memory for the environment\n");
		return (-1);
	}
	env_serialize(env, env_size);

	map_cap = plat_memmap_size_hint();
	a.howto = howto;
	a.loader_version = LOADER_VERSION;
	a.kernel_path = path;
	a.kernel_phys = k->phys;
	a.kernel_virt = k->virt;
	a.kernel_size = k->size;
	a.kernel_entry = img->entry;
	a.env = env;
	a.env_size = env_size;
	a.symtab = img->symtab_size ? file + img->symtab_off : NULL;
	a.symtab_size = img->symtab_size;
	a.strtab = img->strtab_size ? file + img->strtab_off : NULL;
	a.strtab_size = img->strtab_size;
	a.acpi_rsdp = plat_acpi_rsdp(&a.acpi_revision);
	plat_framebuffer(&a.fb);
	a.tsc_loader_entry = loader_entry_tsc;
	a.tsc_kernel_read = tsc_read;
	a.tsc_lua_start = loader_lua_start_tsc;
	a.tsc_lua_done = loader_lua_done_tsc;
	a.modules = module_list(&a.module_count);
	a.efi_system_table = plat_system_table();
	a.memmap_max = (uint32_t)(map_cap / 40) + MEMMAP_SLACK;

	top = plat_memmap_highest();
	if (top < (4ULL << 30))
		top = 4ULL << 30;	/* MMIO below 4 GiB (LAPIC, HPET...) */
	bi_bytes = (bootinfo_size(&a) + PAGE - 1) & ~(PAGE - 1);
	pt_pages = pt_pages_needed(top, k->size);
	map_cap = (map_cap + PAGE - 1) & ~(PAGE - 1);
	total = bi_bytes + pt_pages * PAGE + map_cap;
	if (plat_alloc_pages(total, SANPO_EFI_MEMTYPE_BOOTDATA, PAGE, &pa) != 0) {
		printf("boot: cannot allocate %llu bytes of boot data\n",
		    (unsigned long long)total);
		goto free_env;
	}
	block = (uint8_t *)(uintptr_t)pa;
	bi = bootinfo_build(&a, block, bi_bytes, pa);
	pool = (struct pt_pool){ block + bi_bytes, pa + bi_bytes, pt_pages, 0 };
	if (bi == NULL || pt_build(&pool, top, k->virt, k->phys, k->size, &cr3) != 0) {
		printf("boot: internal error laying out boot data\n");
		goto free_block;
	}
	plat_free(env);
	env = NULL;

	printf("Booting %s (howto 0x%x)...\n", path, howto);
	if (plat_exit_boot_services(block + bi_bytes + pt_pages * PAGE, map_cap,
	    &map_size, &dsize, err, sizeof(err)) != 0) {
		printf("boot: %s\n", err);
		goto free_block;
	}
	/* Boot services are gone: from here on, pure code only. */
	if (bootinfo_set_memmap(bi, block, pa, block + bi_bytes + pt_pages * PAGE,
	    map_size, dsize) != 0)
		bi->memmap_count = 0;	/* the kernel reports "no memory map" */
	bi->tsc.before_jump = rdtsc();
	loader_handoff(cr3, img->entry, pa);

free_block:
	plat_free_pages(pa, total);
free_env:
	plat_free(env);
	return (-1);
}

int
boot_kernel(const char *path, uint32_t howto)
{
	struct elf_image img;
	struct loaded_kernel k;
	char err[160];
	void *file;
	uint64_t size, tsc_read;

	/* The scripts hand over here (Lua's part of the boot time ends). */
	if (loader_lua_start_tsc != 0 && loader_lua_done_tsc == 0)
		loader_lua_done_tsc = rdtsc();
	if (plat_file_read(path, &file, &size, LOADER_KERNEL_LIMIT, err,
	    sizeof(err)) != 0) {
		printf("boot: %s\n", err);
		return (-1);
	}
	if (elf64_validate(file, size, &img, err, sizeof(err)) != 0) {
		printf("kernel: %s\n", err);
		printf("boot: %s is not a loadable kernel; nothing was loaded\n", path);
		goto free_file;
	}
	if (img.vaddr_lo < LOADER_MIN_KVA) {
		printf("kernel: linked at 0x%llx, below the higher half (0x%llx)\n",
		    (unsigned long long)img.vaddr_lo,
		    (unsigned long long)LOADER_MIN_KVA);
		printf("boot: %s is not a loadable kernel; nothing was loaded\n", path);
		goto free_file;
	}
	tsc_read = rdtsc();
	print_summary(path, &img);
	if (load_segments(file, &img, &k) != 0)
		goto free_file;
	start_kernel(path, howto, file, &img, &k, tsc_read);
	plat_free_pages(k.phys, k.size);
free_file:
	plat_free(file);
	return (-1);
}
