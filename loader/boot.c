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

#include "efi/efi_platform.h"
#include "loader/loader.h"
#include "loader/bootinfo_build.h"
#include "loader/arch/x86_64/cpufunc.h"

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
	snprintf(buf, len, "/boot/%s/kernel", arg);
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
	/* Lua's share leaves out the C commands the scripts ran (file loads). */
	a.tsc_lua_start = loader_lua_start_tsc + loader_lua_cmd_tsc;
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

/*
 * The kernel `load` read and checked (FreeBSD's "elf kernel"): `boot`
 * starts it without reading it again; `unload` drops it.
 */
static struct {
	char		path[128];
	void		*file;		/* the whole file, NULL when none */
	uint64_t	size;
	struct elf_image img;
	uint64_t	tsc_read;
} kern;

/* Checks a kernel file completely; 0, or -1 with the reason printed. */
static int
kernel_check(const char *path, const void *file, uint64_t size, struct elf_image *img)
{
	char err[160];

	if (elf64_validate(file, size, img, err, sizeof(err)) != 0) {
		printf("kernel: %s\n", err);
		goto bad;
	}
	if (img->vaddr_lo < LOADER_MIN_KVA) {
		printf("kernel: linked at 0x%llx, below the higher half (0x%llx)\n",
		    (unsigned long long)img->vaddr_lo,
		    (unsigned long long)LOADER_MIN_KVA);
		goto bad;
	}
	print_summary(path, img);
	return (0);
bad:
	printf("boot: %s is not a loadable kernel; nothing was loaded\n", path);
	command_set_error("%s: not a loadable kernel", path);
	return (-1);
}

static int
kernel_read(const char *path, void **file, uint64_t *size, struct elf_image *img)
{
	char err[160];

	if (plat_file_read(path, file, size, LOADER_KERNEL_LIMIT, err,
	    sizeof(err)) != 0) {
		printf("boot: %s\n", err);
		command_set_error("%s", err);
		return (-1);
	}
	if (kernel_check(path, *file, *size, img) != 0) {
		plat_free(*file);
		return (-1);
	}
	return (0);
}

int
kernel_load(const char *path, void *file, uint64_t size)
{
	if (kern.file != NULL) {
		printf("load: %s: a kernel is already loaded (%s); unload it first\n",
		    path, kern.path);
		command_set_error("kernel already loaded");
		plat_free(file);
		return (-1);
	}
	if (kernel_check(path, file, size, &kern.img) != 0) {
		plat_free(file);
		return (-1);
	}
	kern.file = file;
	kern.size = size;
	kern.tsc_read = rdtsc();
	strlcpy(kern.path, path, sizeof(kern.path));
	env_set("kernelname", kern.path);
	return (0);
}

void
kernel_unload(void)
{
	if (kern.file == NULL)
		return;
	plat_free(kern.file);
	kern.file = NULL;
	env_unset("kernelname");
}

const char *
kernel_loaded(uint64_t *size)
{
	if (kern.file == NULL)
		return (NULL);
	if (size != NULL)
		*size = kern.size;
	return (kern.path);
}

/* Copies the checked file into place and starts it; returns on failure. */
static void
kernel_start(const char *path, uint32_t howto, void *file,
    const struct elf_image *img, uint64_t tsc_read)
{
	struct loaded_kernel k;

	if (load_segments(file, img, &k) != 0)
		return;
	start_kernel(path, howto, file, img, &k, tsc_read);
	plat_free_pages(k.phys, k.size);
}

int
boot_kernel(const char *path, uint32_t howto)
{
	struct elf_image img;
	void *file;
	uint64_t size, tsc_read;

	/* The scripts hand over here (Lua's part of the boot time ends). */
	if (loader_lua_start_tsc != 0 && loader_lua_done_tsc == 0)
		loader_lua_done_tsc = rdtsc();
	if (path == NULL && kern.file != NULL) {
		kernel_start(kern.path, howto, kern.file, &kern.img, kern.tsc_read);
		return (-1);
	}
	if (path == NULL)
		path = LOADER_DEFAULT_KERNEL;
	if (kernel_read(path, &file, &size, &img) != 0)
		return (-1);
	tsc_read = rdtsc();
	kernel_start(path, howto, file, &img, tsc_read);
	plat_free(file);
	return (-1);
}
