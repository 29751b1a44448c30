/*
 * Firmware views behind the OK prompt's lsdev, configuration, lsefi, gop,
 * efi-show and chain commands.
 */
#include <efi.h>
#include <efilib.h>

#include <sanpo/kvprintf.h>
#include "efi/efi_platform.h"
#include "efi/efi_private.h"

struct guid_name {
	EFI_GUID	guid;
	const char	*name;
};

static const struct guid_name guid_names[] = {
	{ ACPI_20_TABLE_GUID, "ACPI 2.0 RSDP" },
	{ ACPI_TABLE_GUID, "ACPI 1.0 RSDP" },
	{ SMBIOS_TABLE_GUID, "SMBIOS" },
	{ SMBIOS3_TABLE_GUID, "SMBIOS3" },
	{ MPS_TABLE_GUID, "MPS" },
	{ { 0x05ad34ba, 0x6f02, 0x4214, { 0x95, 0x2e, 0x4d, 0xa0, 0x39, 0x8e, 0x2b, 0xb9 } },
	    "DXE Services Table" },
	{ { 0x7739f24c, 0x93d7, 0x11d4, { 0x9a, 0x3a, 0x00, 0x90, 0x27, 0x3f, 0xc1, 0x4d } },
	    "HOB List" },
	{ { 0x4c19049f, 0x4137, 0x4dd3, { 0x9c, 0x10, 0x8b, 0x97, 0xa8, 0x3f, 0xfd, 0xfa } },
	    "Memory Type Information" },
	{ { 0x49152e77, 0x1ada, 0x4764, { 0xb7, 0xa2, 0x7a, 0xfe, 0xfe, 0xd9, 0x5e, 0x8b } },
	    "Debug Image Info Table" },
	{ { 0xdcfa911d, 0x26eb, 0x469f, { 0xa2, 0x20, 0x38, 0xb7, 0xdc, 0x46, 0x12, 0x20 } },
	    "Memory Attributes Table" },
	{ { 0xb122a263, 0x3661, 0x4f68, { 0x99, 0x29, 0x78, 0xf8, 0xb0, 0xd6, 0x21, 0x80 } },
	    "ESRT" },
	{ { 0xeb66918a, 0x7eef, 0x402a, { 0x84, 0x2e, 0x93, 0x1d, 0x21, 0xc3, 0x8a, 0xe9 } },
	    "RT Properties Table" },
	{ { 0x060cc026, 0x4c0d, 0x4dda, { 0x8f, 0x41, 0x59, 0x5f, 0xef, 0x00, 0xa5, 0x02 } },
	    "Memory Status Code Record" },
	{ { 0x8be4df61, 0x93ca, 0x11d2, { 0xaa, 0x0d, 0x00, 0xe0, 0x98, 0x03, 0x2b, 0x8c } },
	    "EFI Global Variable" },
	{ LOADED_IMAGE_PROTOCOL, "LoadedImage" },
	{ DEVICE_PATH_PROTOCOL, "DevicePath" },
	{ BLOCK_IO_PROTOCOL, "BlockIo" },
	{ DISK_IO_PROTOCOL, "DiskIo" },
	{ SIMPLE_FILE_SYSTEM_PROTOCOL, "SimpleFileSystem" },
	{ SIMPLE_TEXT_INPUT_PROTOCOL, "SimpleTextInput" },
	{ SIMPLE_TEXT_OUTPUT_PROTOCOL, "SimpleTextOutput" },
	{ EFI_GRAPHICS_OUTPUT_PROTOCOL_GUID, "GraphicsOutput" },
	{ EFI_PCI_IO_PROTOCOL_GUID, "PciIo" },
	{ SERIAL_IO_PROTOCOL, "SerialIo" },
};

static void
guid_str(const EFI_GUID *g, char *buf, size_t len)
{
	ksnprintf(buf, len, "%08x-%04x-%04x-%02x%02x-%02x%02x%02x%02x%02x%02x",
	    g->Data1, g->Data2, g->Data3, g->Data4[0], g->Data4[1], g->Data4[2],
	    g->Data4[3], g->Data4[4], g->Data4[5], g->Data4[6], g->Data4[7]);
}

static const char *
guid_name(const EFI_GUID *g)
{
	unsigned i;

	for (i = 0; i < sizeof(guid_names) / sizeof(guid_names[0]); i++)
		if (CompareGuid((EFI_GUID *)&guid_names[i].guid, (EFI_GUID *)g) == 0)
			return (guid_names[i].name);
	return (NULL);
}

void
plat_configuration_print(void)
{
	char buf[40];
	const char *n;
	UINTN i;

	printf("NumberOfTableEntries=%llu\n", (unsigned long long)ST->NumberOfTableEntries);
	for (i = 0; i < ST->NumberOfTableEntries; i++) {
		EFI_CONFIGURATION_TABLE *ct = &ST->ConfigurationTable[i];

		guid_str(&ct->VendorGuid, buf, sizeof(buf));
		n = guid_name(&ct->VendorGuid);
		printf("  %s  %-26s at %p\n", buf, n != NULL ? n : "(unknown)", ct->VendorTable);
	}
}

static EFI_HANDLE
boot_device(void)
{
	EFI_LOADED_IMAGE *li;

	if (EFI_ERROR(uefi_call_wrapper(BS->HandleProtocol, 3, efi_image,
	    &LoadedImageProtocol, (void **)&li)))
		return (NULL);
	return (li->DeviceHandle);
}

void
plat_lsdev(int verbose)
{
	EFI_HANDLE *h = NULL, boot = boot_device();
	UINTN n = 0, i;
	EFI_BLOCK_IO *bio;
	int disk = 0;

	(void)verbose;
	if (EFI_ERROR(uefi_call_wrapper(BS->LocateHandleBuffer, 5, ByProtocol,
	    &BlockIoProtocol, NULL, &n, &h))) {
		printf("lsdev: no block devices\n");
		return;
	}
	printf("disk devices:\n");
	for (i = 0; i < n; i++) {
		if (EFI_ERROR(uefi_call_wrapper(BS->HandleProtocol, 3, h[i],
		    &BlockIoProtocol, (void **)&bio)) || !bio->Media->MediaPresent)
			continue;
		if (!bio->Media->LogicalPartition) {
			printf("    disk%d: %llu X %u blockSize%s\n", disk++,
			    (unsigned long long)bio->Media->LastBlock + 1,
			    bio->Media->BlockSize, bio->Media->RemovableMedia ?
			    " (removable)" : "");
		} else {
			printf("      partition: %llu X %u blockSize%s\n",
			    (unsigned long long)bio->Media->LastBlock + 1,
			    bio->Media->BlockSize, h[i] == boot ? " (boot volume, ESP)" : "");
		}
	}
	FreePool(h);
}

int
plat_lsefi_print(void)
{
	EFI_HANDLE *h = NULL;
	EFI_GUID **prot;
	UINTN n = 0, i, np, j;
	const char *name;
	char buf[40];

	if (EFI_ERROR(uefi_call_wrapper(BS->LocateHandleBuffer, 5, AllHandles,
	    NULL, NULL, &n, &h))) {
		printf("lsefi: cannot list handles\n");
		return (-1);
	}
	for (i = 0; i < n; i++) {
		printf("Handle %p", h[i]);
		if (!EFI_ERROR(uefi_call_wrapper(BS->ProtocolsPerHandle, 3, h[i], &prot, &np))) {
			for (j = 0; j < np; j++) {
				name = guid_name(prot[j]);
				if (name == NULL) {
					guid_str(prot[j], buf, sizeof(buf));
					name = buf;
				}
				printf("%s%s", j == 0 ? ": " : ", ", name);
			}
			FreePool(prot);
		}
		printf("\n");
	}
	FreePool(h);
	return (0);
}

int
plat_gop(int op, int mode)
{
	EFI_GUID gop_guid = EFI_GRAPHICS_OUTPUT_PROTOCOL_GUID;
	EFI_GRAPHICS_OUTPUT_PROTOCOL *gop = NULL;
	EFI_GRAPHICS_OUTPUT_MODE_INFORMATION *mi;
	UINTN sz;
	UINT32 m;
	EFI_STATUS st;

	if (EFI_ERROR(uefi_call_wrapper(BS->LocateProtocol, 3, &gop_guid, NULL,
	    (void **)&gop)) || gop == NULL) {
		printf("gop: no graphics output protocol\n");
		return (-1);
	}
	switch (op) {
	case 0:
		for (m = 0; m < gop->Mode->MaxMode; m++) {
			if (EFI_ERROR(uefi_call_wrapper(gop->QueryMode, 4, gop, m, &sz, &mi)))
				continue;
			printf("mode %u: %ux%u, stride=%u%s\n", m, mi->HorizontalResolution,
			    mi->VerticalResolution, mi->PixelsPerScanLine,
			    m == gop->Mode->Mode ? " (current)" : "");
			FreePool(mi);
		}
		return (0);
	case 1:
		printf("mode %u: %ux%u, stride=%u, framebuffer at 0x%llx (%llu bytes)\n",
		    gop->Mode->Mode, gop->Mode->Info->HorizontalResolution,
		    gop->Mode->Info->VerticalResolution, gop->Mode->Info->PixelsPerScanLine,
		    (unsigned long long)gop->Mode->FrameBufferBase,
		    (unsigned long long)gop->Mode->FrameBufferSize);
		return (0);
	default:
		if (mode < 0 || (UINT32)mode >= gop->Mode->MaxMode) {
			printf("gop: mode %d out of range (0..%u)\n", mode, gop->Mode->MaxMode - 1);
			return (-1);
		}
		st = uefi_call_wrapper(gop->SetMode, 2, gop, (UINT32)mode);
		if (EFI_ERROR(st)) {
			printf("gop: cannot set mode %d\n", mode);
			return (-1);
		}
		return (plat_gop(1, -1));
	}
}

static void
name8(const CHAR16 *n, char *buf, size_t len)
{
	size_t i;

	for (i = 0; n[i] != 0 && i + 1 < len; i++)
		buf[i] = n[i] < 0x80 ? (char)n[i] : '?';
	buf[i] = '\0';
}

static int
name_eq(const CHAR16 *n, const char *s)
{
	while (*n != 0 && *n == (CHAR16)(unsigned char)*s) {
		n++;
		s++;
	}
	return (*n == 0 && *s == '\0');
}

int
plat_efi_show(const char *want)
{
	CHAR16 name[256];
	EFI_GUID guid;
	UINTN nsize, dsize, i;
	UINT8 data[256];
	UINT32 attr;
	EFI_STATUS st;
	char n8[128], g[40];
	int found = 0;

	name[0] = 0;
	for (;;) {
		nsize = sizeof(name);
		st = uefi_call_wrapper(RT->GetNextVariableName, 3, &nsize, name, &guid);
		if (st == EFI_NOT_FOUND)
			break;
		if (EFI_ERROR(st)) {
			printf("efi-show: cannot list variables\n");
			return (-1);
		}
		if (want != NULL && !name_eq(name, want))
			continue;
		found++;
		name8(name, n8, sizeof(n8));
		guid_str(&guid, g, sizeof(g));
		dsize = sizeof(data);
		st = uefi_call_wrapper(RT->GetVariable, 5, name, &guid, &attr, &dsize, data);
		if (st == EFI_BUFFER_TOO_SMALL) {
			printf("%s-%s = (%llu bytes)\n", g, n8, (unsigned long long)dsize);
			continue;
		}
		if (EFI_ERROR(st))
			continue;
		printf("%s-%s =", g, n8);
		for (i = 0; i < dsize && i < (want != NULL ? sizeof(data) : 16); i++)
			printf(" %02x", data[i]);
		printf("%s\n", i < dsize ? " ..." : "");
	}
	if (want != NULL && found == 0) {
		printf("efi-show: %s: no such variable\n", want);
		return (-1);
	}
	return (0);
}

int
plat_chain(const char *path, char *err, size_t errlen)
{
	CHAR16 p16[260];
	EFI_DEVICE_PATH *dp;
	EFI_HANDLE img = NULL, dev = boot_device();
	struct plat_dirent de;
	EFI_STATUS st;
	unsigned i;

	if (plat_stat(path, &de) != 0 || de.is_dir) {
		ksnprintf(err, errlen, "%s: no such file", path);
		return (-1);
	}
	for (i = 0; path[i] != '\0' && i + 1 < 260; i++)
		p16[i] = path[i] == '/' ? L'\\' : (CHAR16)(unsigned char)path[i];
	p16[i] = 0;
	if (dev == NULL || (dp = FileDevicePath(dev, p16)) == NULL) {
		ksnprintf(err, errlen, "%s: cannot make a device path", path);
		return (-1);
	}
	cons_flush();
	st = uefi_call_wrapper(BS->LoadImage, 6, FALSE, efi_image, dp, NULL, 0, &img);
	FreePool(dp);
	if (EFI_ERROR(st)) {
		ksnprintf(err, errlen, "%s: not an EFI application the firmware can load", path);
		return (-1);
	}
	st = uefi_call_wrapper(BS->StartImage, 3, img, NULL, NULL);
	/* Some programs re-arm the watchdog; the prompt must not be reset. */
	uefi_call_wrapper(BS->SetWatchdogTimer, 4, 0, 0, 0, NULL);
	printf("chain: %s exited (status 0x%llx)\n", path, (unsigned long long)st);
	return (0);
}
