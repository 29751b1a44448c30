/*
 * The Sanpo boot protocol: what the loader hands the kernel.
 *
 * This header is the whole contract between loader/ and kernel/; both
 * include it and nothing else describes the hand-off.
 *
 * State at the kernel entry point:
 *   - 64-bit long mode, interrupts disabled, boot services exited.
 *   - CR3 holds page tables built by the loader that map
 *       * all physical memory 1:1 (identity) up to the highest address in
 *         the memory map (at least 4 GiB), 2 MiB pages, read/write/execute;
 *       * the kernel image at the virtual addresses it was linked for,
 *         backed by one physically contiguous, 2 MiB-aligned block
 *         (kernel_phys .. kernel_phys + kernel_size).
 *     The kernel is expected to build its own tables and switch to them.
 *   - RDI holds the physical address of struct sanpo_bootinfo (reachable
 *     through the identity map).  The stack is the loader's: the kernel
 *     switches to its own at once.
 *   - Every pointer inside the boot info is a *physical* address (uint64_t).
 *     Everything it points to lives in memory typed SANPO_MEM_BOOTDATA or
 *     SANPO_MEM_KERNEL in the memory map, which the kernel must not reuse
 *     until it has copied what it needs.
 *
 * Versioning: `magic` identifies the structure, `version` changes when a
 * field changes meaning, and `size` lets a newer loader append fields that an
 * older kernel ignores.
 */
#ifndef SANPO_BOOTINFO_H
#define SANPO_BOOTINFO_H

#include <stdint.h>

#define SANPO_BOOTINFO_MAGIC	0x4f464e494f504e53ULL	/* "SNPOINFO" */
#define SANPO_BOOTINFO_VERSION	1

/* Kernel-friendly memory types (converted from the UEFI memory map). */
enum sanpo_mem_type {
	SANPO_MEM_USABLE = 1,		/* free RAM */
	SANPO_MEM_RESERVED = 2,		/* never touch */
	SANPO_MEM_ACPI_RECLAIM = 3,	/* ACPI tables: usable once parsed */
	SANPO_MEM_ACPI_NVS = 4,		/* ACPI NVS: never touch */
	SANPO_MEM_RUNTIME = 5,		/* UEFI runtime services code/data */
	SANPO_MEM_MMIO = 6,		/* memory-mapped I/O */
	SANPO_MEM_BAD = 7,		/* unusable RAM */
	SANPO_MEM_KERNEL = 8,		/* kernel image and preloaded files */
	SANPO_MEM_BOOTDATA = 9,		/* boot info, env, map, symbols, loader page tables */
	SANPO_MEM_LOADER = 10,		/* loader code/data/stack: free once the kernel is on its own stack */
	SANPO_MEM_PERSISTENT = 11,	/* persistent memory */
};

/* Custom UEFI memory types the loader allocates with, so they survive the map conversion. */
#define SANPO_EFI_MEMTYPE_KERNEL	0x80000001u
#define SANPO_EFI_MEMTYPE_BOOTDATA	0x80000002u

struct sanpo_memmap_entry {
	uint64_t	base;		/* physical start, page aligned */
	uint64_t	length;		/* bytes, multiple of 4096 */
	uint32_t	type;		/* enum sanpo_mem_type */
	uint32_t	efi_type;	/* original EFI_MEMORY_TYPE, for diagnostics */
	uint64_t	efi_attr;	/* original EFI attribute bits (UC, WB, RUNTIME...) */
};

/* A file the loader placed in memory for the kernel (a module, a ramdisk...). */
struct sanpo_module {
	char		name[64];	/* path it was loaded from, NUL-terminated */
	char		type[32];	/* "elf module", "md_image", ... */
	uint64_t	phys;		/* physical address of its first byte */
	uint64_t	size;		/* bytes */
};

/* Pixel layouts of the framebuffer (mirrors EFI_GRAPHICS_PIXEL_FORMAT). */
enum sanpo_fb_format {
	SANPO_FB_NONE = 0,		/* no framebuffer */
	SANPO_FB_RGBX = 1,		/* byte 0 red, 1 green, 2 blue */
	SANPO_FB_BGRX = 2,		/* byte 0 blue, 1 green, 2 red */
	SANPO_FB_BITMASK = 3,		/* see the masks */
};

struct sanpo_framebuffer {
	uint64_t	phys;		/* base of the linear framebuffer, 0 if none */
	uint64_t	size;		/* bytes */
	uint32_t	width;		/* pixels */
	uint32_t	height;		/* pixels */
	uint32_t	stride;		/* pixels per scan line */
	uint32_t	format;		/* enum sanpo_fb_format */
	uint32_t	red_mask, green_mask, blue_mask, reserved_mask;	/* SANPO_FB_BITMASK only */
};

/* TSC readings taken by the loader (the kernel calibrates the TSC). */
struct sanpo_timestamps {
	uint64_t	loader_entry;	/* first instruction of efi_main */
	uint64_t	kernel_read;	/* kernel file read and validated */
	uint64_t	before_jump;	/* after ExitBootServices, just before the jump */
};

struct sanpo_bootinfo {
	uint64_t	magic;		/* SANPO_BOOTINFO_MAGIC */
	uint32_t	version;	/* SANPO_BOOTINFO_VERSION */
	uint32_t	size;		/* sizeof(struct sanpo_bootinfo) as the loader knew it */

	uint32_t	howto;		/* RB_* boot flags (sanpo/boothowto.h) */
	uint32_t	reserved0;
	char		loader_version[32];	/* "0.1.0", NUL-terminated */
	char		kernel_path[64];	/* file the kernel came from */

	uint64_t	kernel_phys;	/* physical base of the kernel image block */
	uint64_t	kernel_virt;	/* virtual address kernel_phys is mapped at */
	uint64_t	kernel_size;	/* bytes in the block (2 MiB multiple) */
	uint64_t	kernel_entry;	/* virtual entry point */

	uint64_t	env;		/* "name=value\0name=value\0\0" */
	uint32_t	env_size;	/* bytes including the final NUL */
	uint32_t	memmap_room;	/* loader bookkeeping: map entries reserved (0 once set) */

	uint64_t	memmap;		/* struct sanpo_memmap_entry[memmap_count] */
	uint32_t	memmap_count;
	uint32_t	memmap_entsize;	/* sizeof(struct sanpo_memmap_entry) */

	uint64_t	acpi_rsdp;	/* RSDP physical address, 0 if none */
	uint32_t	acpi_revision;	/* 2: ACPI 2.0+ RSDP (XSDT), 0: ACPI 1.0 (RSDT) */
	uint32_t	reserved2;

	struct sanpo_framebuffer fb;

	uint64_t	modules;	/* struct sanpo_module[module_count] */
	uint32_t	module_count;
	uint32_t	module_entsize;	/* sizeof(struct sanpo_module) */

	/* The kernel's ELF symbol table and its string table, for backtraces. */
	uint64_t	symtab;		/* Elf64_Sym[], 0 if the kernel is stripped */
	uint64_t	symtab_size;	/* bytes */
	uint64_t	strtab;		/* string table of symtab */
	uint64_t	strtab_size;	/* bytes */

	struct sanpo_timestamps tsc;

	uint64_t	efi_system_table;	/* physical address, for runtime services later */

	/* Appended (older loaders: size ends before these; 0 if no Lua ran). */
	uint64_t	tsc_lua_start;	/* the loader started creating the Lua state */
	uint64_t	tsc_lua_done;	/* the scripts handed over (boot or the prompt) */
};

#endif /* SANPO_BOOTINFO_H */
