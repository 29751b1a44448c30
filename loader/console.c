/* printf for the loader: the shared formatting core onto the firmware console. */
#include <stdarg.h>
#include <sanpo/kvprintf.h>

#include "efi/efi_platform.h"
#include "loader.h"

static void
cons_out(int c, void *arg)
{
	(void)arg;
	cons_putc(c);
}

int
printf(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = kvprintf(cons_out, NULL, fmt, ap);
	va_end(ap);
	return (n);
}
