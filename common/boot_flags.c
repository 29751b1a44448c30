/*
 * The boot-flag table, compiled into both the loader and the kernel (the
 * habit of FreeBSD's sys/kern/subr_boot.c): the loader turns `boot -s -v`
 * and loader.conf's boot_single/boot_verbose into RB_* bits, the kernel turns
 * the bits it receives back into names for its report and kern.bootflags.
 *
 * Freestanding: no libc, so it builds into the UEFI loader, the kernel and
 * the host unit tests alike.
 */
#include <stdarg.h>
#include <sanpo/boothowto.h>
#include <sanpo/kvprintf.h>

const struct boot_flag boot_flags[] = {
	{ RB_ASKNAME,	'a', "RB_ASKNAME",	"boot_askname" },
	{ RB_SINGLE,	's', "RB_SINGLE",	"boot_single" },
	{ RB_NOSYNC,	0,   "RB_NOSYNC",	NULL },
	{ RB_HALT,	0,   "RB_HALT",		NULL },
	{ RB_DFLTROOT,	'r', "RB_DFLTROOT",	NULL },
	{ RB_KDB,	'd', "RB_KDB",		"boot_ddb" },
	{ RB_RDONLY,	0,   "RB_RDONLY",	NULL },
	{ RB_DUMP,	0,   "RB_DUMP",		NULL },
	{ RB_VERBOSE,	'v', "RB_VERBOSE",	"boot_verbose" },
	{ RB_SERIAL,	'h', "RB_SERIAL",	"boot_serial" },
	{ RB_CDROM,	'C', "RB_CDROM",	"boot_cdrom" },
	{ RB_POWEROFF,	0,   "RB_POWEROFF",	NULL },
	{ RB_GDB,	'g', "RB_GDB",		"boot_gdb" },
	{ RB_MUTE,	'm', "RB_MUTE",		"boot_mute" },
	{ RB_PAUSE,	'p', "RB_PAUSE",	"boot_pause" },
	{ RB_PROBE,	'P', "RB_PROBE",	NULL },
	{ RB_MULTIPLE,	'D', "RB_MULTIPLE",	"boot_multicons" },
};
const size_t boot_flags_count = sizeof(boot_flags) / sizeof(boot_flags[0]);

int
boot_parse_arg(const char *arg, uint32_t *howto, char *bad)
{
	size_t i;

	if (arg[0] != '-')
		return (-1);
	for (arg++; *arg != '\0'; arg++) {
		for (i = 0; i < boot_flags_count; i++)
			if (boot_flags[i].letter == *arg)
				break;
		if (i == boot_flags_count) {
			if (bad != NULL)
				*bad = *arg;
			return (-1);
		}
		*howto |= boot_flags[i].bit;
	}
	return (0);
}

/* Append to buf at *pos (bounded by len), always counting the full length. */
static void
append(char *buf, size_t len, size_t *pos, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void
append(char *buf, size_t len, size_t *pos, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = *pos < len ? kvsnprintf(buf + *pos, len - *pos, fmt, ap) :
	    kvsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	*pos += (size_t)n;
}

size_t
boot_howto_names(uint32_t howto, char *buf, size_t len)
{
	uint32_t left = howto;
	size_t pos = 0, i;

	if (len > 0)
		buf[0] = '\0';
	for (i = 0; i < boot_flags_count; i++) {
		if ((howto & boot_flags[i].bit) == 0)
			continue;
		append(buf, len, &pos, "%s%s", pos != 0 ? " " : "", boot_flags[i].name);
		left &= ~boot_flags[i].bit;
	}
	if (left != 0)
		append(buf, len, &pos, "%s0x%08x", pos != 0 ? " " : "", (unsigned)left);
	if (pos == 0)
		append(buf, len, &pos, "RB_AUTOBOOT");
	return (pos);
}
