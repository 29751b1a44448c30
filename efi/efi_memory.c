/*
 * Memory from the firmware: pool allocations for the loader's own data and
 * page allocations, with a memory type of our choosing, for what the kernel
 * keeps (its image, the boot info).  The custom types (see
 * sanpo/bootinfo.h) make those regions recognisable in the final memory map.
 */
#include <efi.h>
#include <efilib.h>

#include <sanpo/kvprintf.h>
#include "efi/efi_platform.h"
#include "efi/efi_private.h"

#define PAGE	4096ULL

void *
plat_alloc(size_t size)
{
	return (AllocatePool(size));
}

void
plat_free(void *p)
{
	if (p != NULL)
		FreePool(p);
}

int
plat_alloc_pages(uint64_t bytes, uint32_t efi_type, uint64_t align, uint64_t *pa)
{
	uint64_t pages = (bytes + PAGE - 1) / PAGE;
	uint64_t extra = align > PAGE ? align / PAGE - 1 : 0;
	EFI_PHYSICAL_ADDRESS addr = 0, aligned;
	EFI_STATUS st;

	st = uefi_call_wrapper(BS->AllocatePages, 4, AllocateAnyPages,
	    (EFI_MEMORY_TYPE)efi_type, pages + extra, &addr);
	if (EFI_ERROR(st))
		return (-1);
	if (extra == 0) {
		*pa = addr;
		return (0);
	}
	/* Over-allocate, then give back the unaligned head and the tail. */
	aligned = (addr + align - 1) & ~(align - 1);
	if (aligned > addr)
		uefi_call_wrapper(BS->FreePages, 2, addr, (aligned - addr) / PAGE);
	if (addr + (pages + extra) * PAGE > aligned + pages * PAGE)
		uefi_call_wrapper(BS->FreePages, 2, aligned + pages * PAGE,
		    (addr + (pages + extra) * PAGE - (aligned + pages * PAGE)) / PAGE);
	*pa = aligned;
	return (0);
}

void
plat_free_pages(uint64_t pa, uint64_t bytes)
{
	uefi_call_wrapper(BS->FreePages, 2, pa, (bytes + PAGE - 1) / PAGE);
}

/* Current map into pool memory; caller frees. */
static EFI_MEMORY_DESCRIPTOR *
get_map(UINTN *size, UINTN *key, UINTN *dsize)
{
	EFI_MEMORY_DESCRIPTOR *map = NULL;
	UINT32 dver;
	EFI_STATUS st;

	*size = 0;
	st = uefi_call_wrapper(BS->GetMemoryMap, 5, size, map, key, dsize, &dver);
	if (st != EFI_BUFFER_TOO_SMALL)
		return (NULL);
	*size += 4 * *dsize;
	map = AllocatePool(*size);
	if (map == NULL)
		return (NULL);
	st = uefi_call_wrapper(BS->GetMemoryMap, 5, size, map, key, dsize, &dver);
	if (EFI_ERROR(st)) {
		FreePool(map);
		return (NULL);
	}
	return (map);
}

uint64_t
plat_memmap_size_hint(void)
{
	UINTN size, key, dsize;
	EFI_MEMORY_DESCRIPTOR *map = get_map(&size, &key, &dsize);

	if (map == NULL)
		return (64 * 1024);
	FreePool(map);
	/* Room for the entries our own later allocations will add. */
	return (size + 64 * dsize);
}

uint64_t
plat_memmap_highest(void)
{
	UINTN size, key, dsize, off;
	EFI_MEMORY_DESCRIPTOR *map = get_map(&size, &key, &dsize);
	uint64_t top = 0, end;

	if (map == NULL)
		return (0);
	for (off = 0; off + dsize <= size; off += dsize) {
		EFI_MEMORY_DESCRIPTOR *d = (void *)((char *)map + off);

		end = d->PhysicalStart + d->NumberOfPages * PAGE;
		if (end > top)
			top = end;
	}
	FreePool(map);
	return (top);
}

int
plat_exit_boot_services(void *map, uint64_t map_cap, uint64_t *map_size,
    uint64_t *desc_size, char *err, size_t errlen)
{
	UINTN size, key, dsize;
	UINT32 dver;
	EFI_STATUS st;
	int tries;

	cons_flush();
	/*
	 * The map key changes whenever the map does (a timer event inside the
	 * firmware may allocate between our two calls), and ExitBootServices
	 * then fails with EFI_INVALID_PARAMETER.  The spec's answer is to get
	 * the map again and retry; nothing may allocate in between.
	 */
	for (tries = 0; tries < 8; tries++) {
		size = map_cap;
		st = uefi_call_wrapper(BS->GetMemoryMap, 5, &size, map, &key,
		    &dsize, &dver);
		if (EFI_ERROR(st)) {
			ksnprintf(err, errlen, "GetMemoryMap failed (%s)",
			    st == EFI_BUFFER_TOO_SMALL ? "buffer too small" : "error");
			return (-1);
		}
		st = uefi_call_wrapper(BS->ExitBootServices, 2, efi_image, key);
		if (st == EFI_SUCCESS) {
			*map_size = size;
			*desc_size = dsize;
			return (0);
		}
	}
	ksnprintf(err, errlen, "ExitBootServices kept failing (map key changing)");
	return (-1);
}

/* The `memmap` command: the firmware's map as FreeBSD's loader shows it. */
int
plat_memmap_print(void)
{
	static const char *const names[] = {
		"Reserved", "LoaderCode", "LoaderData", "BootServicesCode",
		"BootServicesData", "RuntimeServicesCode", "RuntimeServicesData",
		"ConventionalMemory", "UnusableMemory", "ACPIReclaimMemory",
		"ACPIMemoryNVS", "MemoryMappedIO", "MemoryMappedIOPortSpace",
		"PalCode", "PersistentMemory",
	};
	UINTN size, key, dsize, off;
	EFI_MEMORY_DESCRIPTOR *map = get_map(&size, &key, &dsize);

	if (map == NULL) {
		printf("memmap: cannot read the memory map\n");
		return (-1);
	}
	printf("%23s %12s %12s %8s %4s\n", "Type", "Physical", "Virtual", "#Pages", "Attr");
	for (off = 0; off + dsize <= size; off += dsize) {
		EFI_MEMORY_DESCRIPTOR *d = (void *)((char *)map + off);
		const char *n = d->Type < sizeof(names) / sizeof(names[0]) ?
		    names[d->Type] : d->Type == SANPO_EFI_MEMTYPE_KERNEL ? "SanpoKernel" :
		    d->Type == SANPO_EFI_MEMTYPE_BOOTDATA ? "SanpoBootData" : "Unknown";

		printf("%23s %012llx %012llx %08llx %s%s%s%s\n", n,
		    (unsigned long long)d->PhysicalStart,
		    (unsigned long long)d->VirtualStart,
		    (unsigned long long)d->NumberOfPages,
		    (d->Attribute & EFI_MEMORY_RUNTIME) ? "RUNTIME " : "",
		    (d->Attribute & EFI_MEMORY_WB) ? "WB " : "",
		    (d->Attribute & EFI_MEMORY_UC) ? "UC " : "",
		    (d->Attribute & EFI_MEMORY_WP) ? "WP" : "");
	}
	FreePool(map);
	return (0);
}
