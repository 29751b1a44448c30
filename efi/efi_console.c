/*
 * Console I/O over the UEFI simple text protocols.  With QEMU's serial
 * console, OVMF's terminal driver turns our output into VT100 and serial
 * bytes into key strokes; we translate the arrow keys and leave the rest as
 * ASCII.  Output is buffered per line because each OutputString call costs
 * a full trip through the firmware's terminal stack.
 */
#include <efi.h>
#include <efilib.h>

#include "efi_platform.h"
#include "efi_private.h"

static CHAR16	outbuf[256];
static unsigned	outlen;

void
cons_flush(void)
{
	if (outlen == 0)
		return;
	outbuf[outlen] = 0;
	uefi_call_wrapper(ST->ConOut->OutputString, 2, ST->ConOut, outbuf);
	outlen = 0;
}

static void
cons_put16(CHAR16 c)
{
	if (outlen + 1 >= sizeof(outbuf) / sizeof(outbuf[0]))
		cons_flush();
	outbuf[outlen++] = c;
}

void
cons_putc(int c)
{
	c &= 0xff;
	if (c == '\n') {
		cons_put16('\r');
		cons_put16('\n');
		cons_flush();
		return;
	}
	/* The firmware console is UCS-2; show non-ASCII bytes as '?'. */
	cons_put16(c < 0x80 ? (CHAR16)c : '?');
	if (c == '\r' || c == '\b')
		cons_flush();
}

static int
translate(const EFI_INPUT_KEY *k)
{
	switch (k->ScanCode) {
	case SCAN_UP:		return (KEY_UP);
	case SCAN_DOWN:		return (KEY_DOWN);
	case SCAN_RIGHT:	return (KEY_RIGHT);
	case SCAN_LEFT:		return (KEY_LEFT);
	case SCAN_ESC:		return (KEY_ESC);
	case SCAN_DELETE:	return (0x7f);
	}
	if (k->UnicodeChar == 0)
		return (-2);		/* a key we do not use: ignore it */
	return (k->UnicodeChar < 0x80 ? k->UnicodeChar : '?');
}

int
cons_getkey(int64_t timeout_us)
{
	EFI_INPUT_KEY k;
	EFI_STATUS st;
	int64_t waited = 0;
	int c;

	cons_flush();
	for (;;) {
		st = uefi_call_wrapper(ST->ConIn->ReadKeyStroke, 2, ST->ConIn, &k);
		if (st == EFI_SUCCESS && (c = translate(&k)) != -2)
			return (c);
		if (st == EFI_SUCCESS)
			continue;
		if (timeout_us >= 0 && waited >= timeout_us)
			return (-1);
		/* 10 ms polling: responsive, and cheap under emulation. */
		uefi_call_wrapper(BS->Stall, 1, 10000);
		waited += 10000;
	}
}

void
plat_stall(uint64_t us)
{
	cons_flush();
	uefi_call_wrapper(BS->Stall, 1, us);
}

uint64_t
plat_time(void)
{
	EFI_TIME t;
	static const int mdays[] = { 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334 };
	uint64_t days;
	int y;

	if (EFI_ERROR(uefi_call_wrapper(RT->GetTime, 2, &t, NULL)) ||
	    t.Year < 1970 || t.Month < 1 || t.Month > 12)
		return (0);
	y = t.Year;
	days = (uint64_t)(y - 1970) * 365 + (y - 1969) / 4 - (y - 1901) / 100 +
	    (y - 1601) / 400 + mdays[t.Month - 1] + t.Day - 1;
	if (t.Month > 2 && (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)))
		days++;
	return (days * 86400 + t.Hour * 3600 + t.Minute * 60 + t.Second);
}

void
plat_reboot(void)
{
	cons_flush();
	uefi_call_wrapper(RT->ResetSystem, 4, EfiResetCold, EFI_SUCCESS, 0, NULL);
	for (;;)
		__asm__ volatile("hlt");
}

void
plat_poweroff(void)
{
	cons_flush();
	uefi_call_wrapper(RT->ResetSystem, 4, EfiResetShutdown, EFI_SUCCESS, 0, NULL);
	for (;;)
		__asm__ volatile("hlt");
}

void
plat_exit(int status)
{
	cons_flush();
	uefi_call_wrapper(BS->Exit, 4, efi_image, status == 0 ? EFI_SUCCESS :
	    EFIERR(status), 0, NULL);
	plat_reboot();	/* Exit does not return on success */
}
