/* Shared state of the efi/ files (not part of the platform interface). */
#ifndef EFI_PRIVATE_H
#define EFI_PRIVATE_H

#include <efi.h>
#include <stdint.h>

/* The entry point gnu-efi's crt0 calls (efi_main.c). */
EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *systab);

extern EFI_HANDLE	efi_image;	/* our loaded image */
extern EFI_FILE_HANDLE	efi_root;	/* root of the volume we were loaded from */

/* printf: the loader libc's (to the console through its output hook). */
#include <stdio.h>

#endif
