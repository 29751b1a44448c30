/*
 * Console I/O.  Output goes through the loader's terminal (loader/term.c):
 *
 *   - when the firmware's console includes a serial terminal, the bytes go
 *     to that serial port as they are (SerialIo->Write), so escape
 *     sequences, colours and UTF-8 box characters reach the terminal on
 *     the other end intact -- the firmware's own terminal driver would
 *     print '?' for ESC and every byte above 0x7f;
 *   - every other text console (a graphics console on the screen) gets the
 *     sequences interpreted by term_input() and drawn with the firmware's
 *     cursor, colour and UCS-2 calls;
 *   - with no serial port of its own, everything goes to ConOut through the
 *     interpreter.
 *
 * Output is buffered (per line, and up to the next key wait) because each
 * call into the firmware costs a trip through its console stack.  Input
 * comes from ConIn: we translate the arrow keys and leave the rest ASCII.
 */
#include <efi.h>
#include <efilib.h>
#include <sanpo/utf.h>

#include "efi/efi_platform.h"
#include "efi/efi_private.h"
#include "loader/term.h"

#define MAX_SCREENS	4

struct screen {
	SIMPLE_TEXT_OUTPUT_INTERFACE *out;
	struct term_ops	ops;
	struct term	term;
	uint8_t		shows[0x2600 / 4];	/* 2 bits a char: 0 untested, 1 yes, 2 no */
};

static struct {
	int		ready;
	EFI_SERIAL_IO_PROTOCOL *serial;		/* raw bytes go here, or NULL */
	struct term_utf8 u8;			/* the serial side's decoder */
	uint8_t		sbuf[512];
	unsigned	slen;
	struct screen	screens[MAX_SCREENS];
	int		nscreens;
} con;

/* --- a firmware text screen under the interpreter -------------------------- */
static void
scr_text(void *arg, const uint16_t *s, int n)
{
	struct screen *sc = arg;
	CHAR16 buf[65];
	int i, k;

	while (n > 0) {
		k = n < 64 ? n : 64;
		for (i = 0; i < k; i++)
			buf[i] = s[i];
		buf[k] = 0;
		uefi_call_wrapper(sc->out->OutputString, 2, sc->out, buf);
		s += k;
		n -= k;
	}
}

static void
scr_control(void *arg, int c)
{
	CHAR16 buf[2] = { (CHAR16)c, 0 };

	scr_text(arg, buf, 1);
}

static void
scr_goto(void *arg, int col, int row)
{
	struct screen *sc = arg;

	uefi_call_wrapper(sc->out->SetCursorPosition, 3, sc->out, (UINTN)col, (UINTN)row);
}

static void
scr_where(void *arg, int *col, int *row)
{
	struct screen *sc = arg;

	*col = sc->out->Mode->CursorColumn;
	*row = sc->out->Mode->CursorRow;
}

static void
scr_attr(void *arg, int attr)
{
	struct screen *sc = arg;

	uefi_call_wrapper(sc->out->SetAttribute, 2, sc->out, (UINTN)attr);
}

static void
scr_clear(void *arg)
{
	struct screen *sc = arg;

	uefi_call_wrapper(sc->out->ClearScreen, 1, sc->out);
}

static void
scr_cursor(void *arg, int on)
{
	struct screen *sc = arg;

	uefi_call_wrapper(sc->out->EnableCursor, 2, sc->out, on ? TRUE : FALSE);
}

/* TestString once per character (box drawing and the like), then cached. */
static int
scr_can_show(void *arg, uint16_t ch)
{
	struct screen *sc = arg;
	CHAR16 buf[2] = { ch, 0 };
	int v, shift = (ch % 4) * 2;

	if (ch >= 0x2600)
		return (!EFI_ERROR(uefi_call_wrapper(sc->out->TestString, 2, sc->out, buf)));
	v = (sc->shows[ch / 4] >> shift) & 3;
	if (v == 0) {
		v = EFI_ERROR(uefi_call_wrapper(sc->out->TestString, 2, sc->out, buf)) ? 2 : 1;
		sc->shows[ch / 4] |= (uint8_t)(v << shift);
	}
	return (v == 1);
}

static void
screen_add(SIMPLE_TEXT_OUTPUT_INTERFACE *out)
{
	struct screen *sc;
	UINTN cols = 80, rows = 25;

	if (con.nscreens == MAX_SCREENS)
		return;
	sc = &con.screens[con.nscreens++];
	sc->out = out;
	if (EFI_ERROR(uefi_call_wrapper(out->QueryMode, 4, out, (UINTN)out->Mode->Mode,
	    &cols, &rows))) {
		cols = 80;
		rows = 25;
	}
	sc->ops = (struct term_ops){
		.text = scr_text, .control = scr_control, .goto_xy = scr_goto,
		.where = scr_where, .attr = scr_attr, .clear = scr_clear,
		.cursor = scr_cursor, .can_show = scr_can_show,
		.arg = sc, .cols = (int)cols, .rows = (int)rows,
	};
	term_init(&sc->term, &sc->ops);
}

/* --- finding the consoles --------------------------------------------------- */
static int
has_uart(EFI_DEVICE_PATH *dp)
{
	for (; !IsDevicePathEnd(dp); dp = NextDevicePathNode(dp))
		if (DevicePathType(dp) == MESSAGING_DEVICE_PATH &&
		    DevicePathSubType(dp) == MSG_UART_DP)
			return (1);
	return (0);
}

/* The SerialIo under a serial terminal: its path is a prefix of the terminal's. */
static EFI_SERIAL_IO_PROTOCOL *
serial_under(EFI_DEVICE_PATH *term)
{
	EFI_HANDLE *h = NULL;
	EFI_DEVICE_PATH *dp, *a, *b;
	EFI_SERIAL_IO_PROTOCOL *sio, *first = NULL;
	UINTN n = 0, i;

	if (EFI_ERROR(uefi_call_wrapper(BS->LocateHandleBuffer, 5, ByProtocol,
	    &SerialIoProtocol, NULL, &n, &h)))
		return (NULL);
	for (i = 0; i < n; i++) {
		if (EFI_ERROR(uefi_call_wrapper(BS->HandleProtocol, 3, h[i],
		    &SerialIoProtocol, (void **)&sio)))
			continue;
		if (first == NULL)
			first = sio;
		if (EFI_ERROR(uefi_call_wrapper(BS->HandleProtocol, 3, h[i],
		    &DevicePathProtocol, (void **)&dp)))
			continue;
		for (a = dp, b = term; !IsDevicePathEnd(a) && !IsDevicePathEnd(b) &&
		    DevicePathNodeLength(a) == DevicePathNodeLength(b) &&
		    CompareMem(a, b, DevicePathNodeLength(a)) == 0;
		    a = NextDevicePathNode(a), b = NextDevicePathNode(b))
			;
		if (IsDevicePathEnd(a)) {
			first = sio;
			break;
		}
	}
	FreePool(h);
	return (first);
}

static void
cons_setup(void)
{
	EFI_HANDLE *h = NULL;
	EFI_DEVICE_PATH *dp, *uart_term = NULL;
	SIMPLE_TEXT_OUTPUT_INTERFACE *out;
	UINTN n = 0, i;

	con.ready = 1;
	if (!EFI_ERROR(uefi_call_wrapper(BS->LocateHandleBuffer, 5, ByProtocol,
	    &TextOutProtocol, NULL, &n, &h))) {
		for (i = 0; i < n; i++) {
			/* The console splitter's own handles have no device path. */
			if (EFI_ERROR(uefi_call_wrapper(BS->HandleProtocol, 3, h[i],
			    &DevicePathProtocol, (void **)&dp)) ||
			    EFI_ERROR(uefi_call_wrapper(BS->HandleProtocol, 3, h[i],
			    &TextOutProtocol, (void **)&out)))
				continue;
			if (has_uart(dp)) {
				if (uart_term == NULL)
					uart_term = dp;
			} else {
				screen_add(out);
			}
		}
		FreePool(h);
	}
	if (uart_term != NULL)
		con.serial = serial_under(uart_term);
	if (con.serial == NULL) {
		/* No serial port of our own: all of the console, interpreted. */
		con.nscreens = 0;
		screen_add(ST->ConOut);
	}
}

/* --- output ------------------------------------------------------------------ */
static void
serial_flush(void)
{
	UINTN len = con.slen;

	if (con.slen == 0)
		return;
	uefi_call_wrapper(con.serial->Write, 3, con.serial, &len, con.sbuf);
	con.slen = 0;
}


static void
serial_add(const uint32_t *cp, int n)
{
	char enc[4];
	int i, k, j;

	for (i = 0; i < n; i++) {
		k = utf8_encode(cp[i], enc);
		if (con.slen + k > sizeof(con.sbuf))
			serial_flush();
		for (j = 0; j < k; j++)
			con.sbuf[con.slen++] = (uint8_t)enc[j];
	}
}

void
cons_flush(void)
{
	uint32_t cp[4];
	int i;

	if (con.serial != NULL) {
		serial_add(cp, term_utf8_flush(&con.u8, cp));
		serial_flush();
	}
	for (i = 0; i < con.nscreens; i++)
		term_flush(&con.screens[i].term);
}

static void
put_byte(uint8_t b)
{
	int i;

	uint32_t cp[4];

	if (con.serial != NULL)
		serial_add(cp, term_utf8_feed(&con.u8, b, cp));
	for (i = 0; i < con.nscreens; i++)
		term_input(&con.screens[i].term, b);
}

void
cons_putc(int c)
{
	if (!con.ready)
		cons_setup();
	c &= 0xff;
	if (c == '\n') {
		put_byte('\r');
		put_byte('\n');
		cons_flush();
		return;
	}
	put_byte((uint8_t)c);
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
