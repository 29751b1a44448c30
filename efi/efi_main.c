/*
 * UEFI entry point: record the entry timestamp first (the boot-time report
 * starts here), set up the platform layer, and hand over to the loader core.
 */
#include <efi.h>
#include <efilib.h>

#include "efi/efi_private.h"
#include "loader/loader.h"
#include "loader/arch/x86_64/cpufunc.h"

EFI_HANDLE	efi_image;
EFI_FILE_HANDLE	efi_root;

EFI_STATUS
efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *systab)
{
	EFI_LOADED_IMAGE *li;
	EFI_FILE_IO_INTERFACE *fs;
	EFI_STATUS st;
	uint64_t t0 = rdtsc();

	InitializeLib(image, systab);
	efi_image = image;
	/* The firmware's 5-minute watchdog would reset us at an idle prompt. */
	uefi_call_wrapper(BS->SetWatchdogTimer, 4, 0, 0, 0, NULL);

	st = uefi_call_wrapper(BS->HandleProtocol, 3, image,
	    &LoadedImageProtocol, (void **)&li);
	if (!EFI_ERROR(st))
		st = uefi_call_wrapper(BS->HandleProtocol, 3, li->DeviceHandle,
		    &FileSystemProtocol, (void **)&fs);
	if (!EFI_ERROR(st))
		st = uefi_call_wrapper(fs->OpenVolume, 2, fs, &efi_root);
	if (EFI_ERROR(st)) {
		/* No volume: the loader still runs, but cannot read any file. */
		Print(L"loader: cannot open the boot volume: %r\r\n", st);
		efi_root = NULL;
	}
	loader_main(t0);
	return (EFI_SUCCESS);
}
