/*
 * Building the boot info (sanpo/bootinfo.h) and the hand-off page tables.
 * Pure code over caller-provided buffers: no firmware calls, so it runs
 * after ExitBootServices and in the host unit tests alike.  `buf` is where
 * the loader can write; `buf_pa` is the physical address the kernel will
 * see it at (the same number in the loader, which runs identity-mapped).
 */
#ifndef LOADER_BOOTINFO_BUILD_H
#define LOADER_BOOTINFO_BUILD_H

#include <stddef.h>
#include <stdint.h>
#include <sanpo/bootinfo.h>

struct bootinfo_args {
	uint32_t		 howto;		/* RB_* */
	const char		*loader_version;
	const char		*kernel_path;
	uint64_t		 kernel_phys, kernel_virt, kernel_size, kernel_entry;
	const char		*env;		/* serialized, "a=b\0c=d\0\0" */
	size_t			 env_size;
	const struct sanpo_module *modules;
	uint32_t		 module_count;
	const void		*symtab, *strtab;	/* NULL when none */
	uint64_t		 symtab_size, strtab_size;
	uint64_t		 acpi_rsdp;
	uint32_t		 acpi_revision;
	struct sanpo_framebuffer fb;
	uint64_t		 tsc_loader_entry, tsc_kernel_read;
	uint64_t		 tsc_lua_start, tsc_lua_done;
	uint64_t		 efi_system_table;
	uint32_t		 memmap_max;	/* entries to reserve for the final map */
};

/* Bytes bootinfo_build() needs for these arguments. */
size_t	bootinfo_size(const struct bootinfo_args *a);

/*
 * Lay out the boot info and everything it points to in buf (bootinfo,
 * env, modules, symbols, then room for memmap_max map entries).  Returns the
 * boot info inside buf, or NULL when cap is too small.  The memory map is
 * filled later by bootinfo_set_memmap(), after ExitBootServices.
 */
struct sanpo_bootinfo *bootinfo_build(const struct bootinfo_args *a, void *buf,
	    size_t cap, uint64_t buf_pa);

/*
 * Convert a raw UEFI memory map (desc_size-strided EFI_MEMORY_DESCRIPTORs)
 * into sorted, coalesced sanpo entries.  Returns the count, or -1 when more
 * than max entries would be needed.
 */
int	memmap_convert(const void *efi_map, size_t map_size, size_t desc_size,
	    struct sanpo_memmap_entry *out, size_t max);
uint32_t memmap_type_from_efi(uint32_t efi_type);

/* Converts into the room bootinfo_build() reserved; 0 or -1. */
int	bootinfo_set_memmap(struct sanpo_bootinfo *bi, void *buf, uint64_t buf_pa,
	    const void *efi_map, size_t map_size, size_t desc_size);

/* --- hand-off page tables (arch/x86_64/pagetable.c) ---------------------- */
struct pt_pool {
	uint8_t		*mem;		/* where the loader writes the tables */
	uint64_t	 pa;		/* physical address of mem */
	size_t		 npages;	/* 4 KiB pages in the pool */
	size_t		 used;
};

/* Pages pt_build() may need for these sizes (an upper bound). */
size_t	pt_pages_needed(uint64_t identity_top, uint64_t kernel_size);
/*
 * Identity-map [0, identity_top) and map [kva, kva+ksize) -> kpa, all with
 * 2 MiB pages (kva, kpa, ksize 2 MiB aligned).  Returns 0 and the PML4's
 * physical address in *cr3, or -1 if the pool ran out or arguments are bad.
 */
int	pt_build(struct pt_pool *pool, uint64_t identity_top, uint64_t kva,
	    uint64_t kpa, uint64_t ksize, uint64_t *cr3);

#endif /* LOADER_BOOTINFO_BUILD_H */
