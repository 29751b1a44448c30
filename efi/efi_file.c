/*
 * Files on the FAT volume the loader was started from (the ESP), through
 * the Simple File System protocol.  Paths use '/' like the rest of the
 * loader; they become UEFI's '\' paths here and nowhere else.
 */
#include <efi.h>
#include <efilib.h>

#include <sanpo/kvprintf.h>
#include "efi/efi_platform.h"
#include "efi/efi_private.h"

#define PATH_MAX16	260

static int
to_path16(const char *path, CHAR16 *out)
{
	unsigned i;

	for (i = 0; path[i] != '\0'; i++) {
		if (i + 1 >= PATH_MAX16)
			return (-1);
		out[i] = path[i] == '/' ? L'\\' : (CHAR16)(unsigned char)path[i];
	}
	if (i == 0)
		out[i++] = L'\\';
	out[i] = 0;
	return (0);
}

static const char *
status_text(EFI_STATUS st)
{
	switch (st) {
	case EFI_NOT_FOUND:		return ("no such file or directory");
	case EFI_NO_MEDIA:		return ("no medium");
	case EFI_MEDIA_CHANGED:		return ("medium changed");
	case EFI_DEVICE_ERROR:		return ("device error");
	case EFI_VOLUME_CORRUPTED:	return ("file system corrupted");
	case EFI_ACCESS_DENIED:		return ("access denied");
	case EFI_OUT_OF_RESOURCES:	return ("out of memory");
	case EFI_INVALID_PARAMETER:	return ("invalid path");
	default:			return ("firmware error");
	}
}

static EFI_FILE_HANDLE
open_path(const char *path, EFI_STATUS *stp)
{
	CHAR16 p16[PATH_MAX16];
	EFI_FILE_HANDLE fh;

	if (efi_root == NULL) {
		*stp = EFI_NO_MEDIA;
		return (NULL);
	}
	if (to_path16(path, p16) != 0) {
		*stp = EFI_INVALID_PARAMETER;
		return (NULL);
	}
	*stp = uefi_call_wrapper(efi_root->Open, 5, efi_root, &fh, p16,
	    EFI_FILE_MODE_READ, 0);
	return (EFI_ERROR(*stp) ? NULL : fh);
}

static void
fill_dirent(const EFI_FILE_INFO *fi, struct plat_dirent *de)
{
	unsigned i;

	for (i = 0; fi->FileName[i] != 0 && i + 1 < sizeof(de->name); i++)
		de->name[i] = fi->FileName[i] < 0x80 ? (char)fi->FileName[i] : '?';
	de->name[i] = '\0';
	de->is_dir = (fi->Attribute & EFI_FILE_DIRECTORY) != 0;
	de->size = fi->FileSize;
}

int
plat_stat(const char *path, struct plat_dirent *de)
{
	EFI_STATUS st;
	EFI_FILE_HANDLE fh = open_path(path, &st);
	EFI_FILE_INFO *fi;

	if (fh == NULL)
		return (-1);
	fi = LibFileInfo(fh);
	uefi_call_wrapper(fh->Close, 1, fh);
	if (fi == NULL)
		return (-1);
	fill_dirent(fi, de);
	FreePool(fi);
	return (0);
}

int
plat_file_read(const char *path, void **data, uint64_t *size, uint64_t limit,
    char *err, size_t errlen)
{
	EFI_STATUS st;
	EFI_FILE_HANDLE fh = open_path(path, &st);
	EFI_FILE_INFO *fi;
	UINTN n;
	void *buf;

	if (fh == NULL) {
		ksnprintf(err, errlen, "%s: %s", path, status_text(st));
		return (-1);
	}
	fi = LibFileInfo(fh);
	if (fi == NULL || (fi->Attribute & EFI_FILE_DIRECTORY) != 0) {
		ksnprintf(err, errlen, "%s: %s", path,
		    fi == NULL ? "cannot read file information" : "is a directory");
		goto close;
	}
	if (fi->FileSize > limit) {
		ksnprintf(err, errlen, "%s: file is %llu bytes, over the limit of %llu bytes",
		    path, (unsigned long long)fi->FileSize, (unsigned long long)limit);
		goto close;
	}
	n = fi->FileSize;
	/* Pool memory is 8-byte aligned, which the ELF validator relies on. */
	buf = AllocatePool(n > 0 ? n : 1);
	if (buf == NULL) {
		ksnprintf(err, errlen, "%s: out of memory for %llu bytes", path,
		    (unsigned long long)n);
		goto close;
	}
	st = uefi_call_wrapper(fh->Read, 3, fh, &n, buf);
	if (EFI_ERROR(st) || n != fi->FileSize) {
		ksnprintf(err, errlen, "%s: read error (%s)", path, status_text(st));
		FreePool(buf);
		goto close;
	}
	*data = buf;
	*size = n;
	FreePool(fi);
	uefi_call_wrapper(fh->Close, 1, fh);
	return (0);
close:
	if (fi != NULL)
		FreePool(fi);
	uefi_call_wrapper(fh->Close, 1, fh);
	return (-1);
}

int
plat_dir_list(const char *path, plat_dir_cb *cb, void *arg, char *err,
    size_t errlen)
{
	EFI_STATUS st;
	EFI_FILE_HANDLE fh = open_path(path, &st);
	UINTN bufsize = SIZE_OF_EFI_FILE_INFO + 512 * sizeof(CHAR16);
	EFI_FILE_INFO *fi;
	struct plat_dirent de;

	if (fh == NULL) {
		ksnprintf(err, errlen, "%s: %s", path, status_text(st));
		return (-1);
	}
	fi = AllocatePool(bufsize);
	if (fi == NULL) {
		uefi_call_wrapper(fh->Close, 1, fh);
		ksnprintf(err, errlen, "%s: out of memory", path);
		return (-1);
	}
	for (;;) {
		UINTN n = bufsize;

		st = uefi_call_wrapper(fh->Read, 3, fh, &n, fi);
		if (EFI_ERROR(st) || n == 0)
			break;
		fill_dirent(fi, &de);
		cb(&de, arg);
	}
	FreePool(fi);
	uefi_call_wrapper(fh->Close, 1, fh);
	if (EFI_ERROR(st)) {
		/* Reading a plain file as a directory fails: say so. */
		ksnprintf(err, errlen, "%s: not a directory", path);
		return (-1);
	}
	return (0);
}
