/*
 * The boot info builder and the UEFI memory-map conversion (see
 * bootinfo_build.h).  Firmware-independent and allocation-free.
 */
#include <stdio.h>
#include <string.h>

#include "loader/bootinfo_build.h"

#define ALIGN8(x)	(((x) + 7) & ~(size_t)7)
#define PAGE		4096ULL

/* EFI_MEMORY_TYPE values (UEFI spec 2.10, 7.2) and the descriptor layout. */
enum {
	EFI_RESERVED = 0, EFI_LOADER_CODE, EFI_LOADER_DATA, EFI_BS_CODE,
	EFI_BS_DATA, EFI_RT_CODE, EFI_RT_DATA, EFI_CONVENTIONAL, EFI_UNUSABLE,
	EFI_ACPI_RECLAIM, EFI_ACPI_NVS, EFI_MMIO, EFI_MMIO_PORT, EFI_PAL_CODE,
	EFI_PERSISTENT,
};

struct efi_desc {
	uint32_t	type;
	uint32_t	pad;
	uint64_t	phys;
	uint64_t	virt;
	uint64_t	npages;
	uint64_t	attr;
};

size_t
bootinfo_size(const struct bootinfo_args *a)
{
	return (ALIGN8(sizeof(struct sanpo_bootinfo)) + ALIGN8(a->env_size) +
	    ALIGN8((size_t)a->module_count * sizeof(struct sanpo_module)) +
	    ALIGN8(a->symtab != NULL ? a->symtab_size : 0) +
	    ALIGN8(a->strtab != NULL ? a->strtab_size : 0) +
	    (size_t)a->memmap_max * sizeof(struct sanpo_memmap_entry));
}

/* Copies n bytes to buf+*off and returns their physical address (0 if n==0). */
static uint64_t
place(uint8_t *buf, uint64_t buf_pa, size_t *off, const void *src, size_t n)
{
	uint64_t pa;

	if (n == 0 || src == NULL)
		return (0);
	pa = buf_pa + *off;
	memcpy(buf + *off, src, n);
	*off += ALIGN8(n);
	return (pa);
}

struct sanpo_bootinfo *
bootinfo_build(const struct bootinfo_args *a, void *vbuf, size_t cap,
    uint64_t buf_pa)
{
	uint8_t *buf = vbuf;
	struct sanpo_bootinfo *bi = vbuf;
	size_t off;

	if (cap < bootinfo_size(a) || ((uintptr_t)buf & 7) != 0)
		return (NULL);
	for (off = 0; off < sizeof(*bi); off++)
		buf[off] = 0;
	off = ALIGN8(sizeof(*bi));

	bi->magic = SANPO_BOOTINFO_MAGIC;
	bi->version = SANPO_BOOTINFO_VERSION;
	bi->size = sizeof(*bi);
	bi->howto = a->howto;
	snprintf(bi->loader_version, sizeof(bi->loader_version), "%s",
	    a->loader_version != NULL ? a->loader_version : "");
	snprintf(bi->kernel_path, sizeof(bi->kernel_path), "%s",
	    a->kernel_path != NULL ? a->kernel_path : "");
	bi->kernel_phys = a->kernel_phys;
	bi->kernel_virt = a->kernel_virt;
	bi->kernel_size = a->kernel_size;
	bi->kernel_entry = a->kernel_entry;

	bi->env = place(buf, buf_pa, &off, a->env, a->env_size);
	bi->env_size = (uint32_t)a->env_size;
	bi->modules = place(buf, buf_pa, &off, a->modules,
	    (size_t)a->module_count * sizeof(struct sanpo_module));
	bi->module_count = a->module_count;
	bi->module_entsize = sizeof(struct sanpo_module);
	bi->symtab = place(buf, buf_pa, &off, a->symtab, a->symtab_size);
	bi->symtab_size = bi->symtab != 0 ? a->symtab_size : 0;
	bi->strtab = place(buf, buf_pa, &off, a->strtab, a->strtab_size);
	bi->strtab_size = bi->strtab != 0 ? a->strtab_size : 0;

	/* Room for the final map; bootinfo_set_memmap() fills it. */
	bi->memmap = buf_pa + off;
	bi->memmap_count = 0;
	bi->memmap_entsize = sizeof(struct sanpo_memmap_entry);
	bi->memmap_room = a->memmap_max;	/* capacity, until the map is set */

	bi->acpi_rsdp = a->acpi_rsdp;
	bi->acpi_revision = a->acpi_revision;
	bi->fb = a->fb;
	bi->tsc.loader_entry = a->tsc_loader_entry;
	bi->tsc.kernel_read = a->tsc_kernel_read;
	bi->efi_system_table = a->efi_system_table;
	bi->tsc_lua_start = a->tsc_lua_start;
	bi->tsc_lua_done = a->tsc_lua_done;
	return (bi);
}

uint32_t
memmap_type_from_efi(uint32_t t)
{
	switch (t) {
	case EFI_LOADER_CODE: case EFI_LOADER_DATA:
		return (SANPO_MEM_LOADER);
	case EFI_BS_CODE: case EFI_BS_DATA: case EFI_CONVENTIONAL:
		return (SANPO_MEM_USABLE);
	case EFI_RT_CODE: case EFI_RT_DATA:
		return (SANPO_MEM_RUNTIME);
	case EFI_UNUSABLE:
		return (SANPO_MEM_BAD);
	case EFI_ACPI_RECLAIM:
		return (SANPO_MEM_ACPI_RECLAIM);
	case EFI_ACPI_NVS:
		return (SANPO_MEM_ACPI_NVS);
	case EFI_MMIO: case EFI_MMIO_PORT:
		return (SANPO_MEM_MMIO);
	case EFI_PERSISTENT:
		return (SANPO_MEM_PERSISTENT);
	case SANPO_EFI_MEMTYPE_KERNEL:
		return (SANPO_MEM_KERNEL);
	case SANPO_EFI_MEMTYPE_BOOTDATA:
		return (SANPO_MEM_BOOTDATA);
	default:	/* EFI_RESERVED, PAL code, unknown OEM types */
		return (SANPO_MEM_RESERVED);
	}
}

int
memmap_convert(const void *efi_map, size_t map_size, size_t desc_size,
    struct sanpo_memmap_entry *out, size_t max)
{
	const uint8_t *p = efi_map;
	size_t off, n = 0, i, j;

	if (desc_size < sizeof(struct efi_desc))
		return (-1);
	for (off = 0; off + desc_size <= map_size; off += desc_size) {
		struct efi_desc d;
		struct sanpo_memmap_entry e;

		memcpy(&d, p + off, sizeof(d));
		if (d.npages == 0)
			continue;
		e.base = d.phys;
		e.length = d.npages * PAGE;
		e.type = memmap_type_from_efi(d.type);
		e.efi_type = d.type;
		e.efi_attr = d.attr;
		/* Insertion sort by base: the spec does not promise order. */
		for (i = n; i > 0 && out[i - 1].base > e.base; i--)
			;
		if (n == max)
			return (-1);
		for (j = n; j > i; j--)
			out[j] = out[j - 1];
		out[i] = e;
		n++;
	}
	/* Coalesce touching entries of the same kind (fewer, larger regions). */
	for (i = 0, j = 0; i < n; i++) {
		if (j > 0 && out[j - 1].type == out[i].type &&
		    out[j - 1].efi_attr == out[i].efi_attr &&
		    out[j - 1].base + out[j - 1].length == out[i].base)
			out[j - 1].length += out[i].length;
		else
			out[j++] = out[i];
	}
	return ((int)j);
}

int
bootinfo_set_memmap(struct sanpo_bootinfo *bi, void *buf, uint64_t buf_pa,
    const void *efi_map, size_t map_size, size_t desc_size)
{
	struct sanpo_memmap_entry *out =
	    (void *)((uint8_t *)buf + (bi->memmap - buf_pa));
	int n = memmap_convert(efi_map, map_size, desc_size, out, bi->memmap_room);

	if (n < 0)
		return (-1);
	bi->memmap_count = (uint32_t)n;
	bi->memmap_room = 0;
	return (0);
}
