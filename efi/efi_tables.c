/*
 * Firmware tables the kernel needs: the ACPI RSDP from the EFI
 * configuration table (the ACPI 2.0 entry preferred: it has the XSDT), and
 * the GOP framebuffer.
 */
#include <efi.h>
#include <efilib.h>
#include <sanpo/kvprintf.h>

#include "efi/efi_platform.h"
#include "efi/efi_private.h"

uint64_t
plat_acpi_rsdp(uint32_t *revision)
{
	EFI_GUID acpi20 = ACPI_20_TABLE_GUID, acpi10 = ACPI_TABLE_GUID;
	uint64_t rsdp1 = 0;
	UINTN i;

	for (i = 0; i < ST->NumberOfTableEntries; i++) {
		EFI_CONFIGURATION_TABLE *ct = &ST->ConfigurationTable[i];

		if (CompareGuid(&ct->VendorGuid, &acpi20) == 0) {
			*revision = 2;
			return ((uint64_t)(uintptr_t)ct->VendorTable);
		}
		if (CompareGuid(&ct->VendorGuid, &acpi10) == 0)
			rsdp1 = (uint64_t)(uintptr_t)ct->VendorTable;
	}
	*revision = 0;
	return (rsdp1);
}

void
plat_framebuffer(struct sanpo_framebuffer *fb)
{
	EFI_GUID gop_guid = EFI_GRAPHICS_OUTPUT_PROTOCOL_GUID;
	EFI_GRAPHICS_OUTPUT_PROTOCOL *gop = NULL;
	EFI_GRAPHICS_OUTPUT_MODE_INFORMATION *mi;

	*fb = (struct sanpo_framebuffer){ .format = SANPO_FB_NONE };
	if (EFI_ERROR(LibLocateProtocol(&gop_guid, (void **)&gop)) ||
	    gop == NULL || gop->Mode == NULL || gop->Mode->Info == NULL)
		return;
	mi = gop->Mode->Info;
	switch (mi->PixelFormat) {
	case PixelRedGreenBlueReserved8BitPerColor:
		fb->format = SANPO_FB_RGBX;
		break;
	case PixelBlueGreenRedReserved8BitPerColor:
		fb->format = SANPO_FB_BGRX;
		break;
	case PixelBitMask:
		fb->format = SANPO_FB_BITMASK;
		fb->red_mask = mi->PixelInformation.RedMask;
		fb->green_mask = mi->PixelInformation.GreenMask;
		fb->blue_mask = mi->PixelInformation.BlueMask;
		fb->reserved_mask = mi->PixelInformation.ReservedMask;
		break;
	default:	/* PixelBltOnly: no linear framebuffer */
		return;
	}
	fb->phys = gop->Mode->FrameBufferBase;
	fb->size = gop->Mode->FrameBufferSize;
	fb->width = mi->HorizontalResolution;
	fb->height = mi->VerticalResolution;
	fb->stride = mi->PixelsPerScanLine;
}

uint64_t
plat_system_table(void)
{
	return ((uint64_t)(uintptr_t)ST);
}

/* "2.70" for UEFI 2.7 (FreeBSD's efi-version): major.minor of the system table. */
void
plat_efi_version(char *buf, size_t len)
{
	ksnprintf(buf, len, "%u.%02u", (unsigned)(ST->Hdr.Revision >> 16),
	    (unsigned)(ST->Hdr.Revision & 0xffff));
}
