/*
 * FAT names and times.
 *
 * Names arrive as UTF-8 and live on disk as UTF-16 long names plus an
 * 8.3 short name in the OEM character set.  Sanpo writes only ASCII in
 * short names (anything else becomes '_' with a numeric tail, as Windows
 * does) and reads bytes 0x80-0xFF of existing short names as Latin-1.
 * Comparison ignores ASCII case only, as Linux's vfat with UTF-8 does.
 *
 * Times are DOS dates and times (2-second resolution, years 1980-2107);
 * Sanpo stores UTC.
 */
#include <string.h>

#include <sanpo/civil_time.h>
#include <sanpo/endian.h>
#include <sanpo/utf.h>

#include "fs/msdosfs/msdosfs_var.h"
#include <sys/errno.h>

uint8_t
shortname_chksum(const uint8_t name[11])
{
	uint8_t sum = 0;
	int i;

	for (i = 0; i < 11; i++)
		sum = (uint8_t)(((sum & 1) << 7) + (sum >> 1) + name[i]);
	return (sum);
}

static int
ascii_lower(int c)
{
	return (c >= 'A' && c <= 'Z' ? c + 'a' - 'A' : c);
}

static int
ascii_upper(int c)
{
	return (c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
}

/* "README  TXT" -> "README.TXT" (or "readme.txt" per the NT case bits). */
int
shortname_to_utf8(const uint8_t name[11], uint8_t ntres, char *out, size_t outsize)
{
	int i, end, o = 0, k;
	char tmp[4];
	uint32_t c;

	for (end = 8; end > 0 && name[end - 1] == ' '; end--)
		;
	for (i = 0; i < 11; i++) {
		if (i == 8) {
			if (name[8] == ' ')
				break;
			if ((size_t)o + 2 > outsize)
				return (-1);
			out[o++] = '.';
		}
		if (i < 8 && i >= end)
			continue;
		c = name[i];
		if (i == 0 && c == SLOT_E5)
			c = 0xe5;
		if (c == ' ')
			continue;	/* trailing spaces of the extension */
		if ((i < 8 && (ntres & NTRES_LCASE_BASE)) || (i >= 8 && (ntres & NTRES_LCASE_EXT)))
			c = (uint32_t)ascii_lower((int)c);
		k = utf8_encode(c, tmp);	/* 0x80-0xFF: Latin-1 */
		if ((size_t)(o + k) + 1 > outsize)
			return (-1);
		memcpy(out + o, tmp, (size_t)k);
		o += k;
	}
	out[o] = '\0';
	return (o);
}

/*
 * A name for a new entry: valid UTF-8 of at most 255 UTF-16 units, none
 * of them control characters or "*\/:<>?\|, not "." or "..", not ending in
 * a dot or a space (Windows would strip them, making two names one).
 */
int
name_check(const char *name, size_t len, uint16_t *u16, int *nunits)
{
	size_t i = 0;
	uint32_t cp;
	int k, n = 0;

	if (len == 0 || (len == 1 && name[0] == '.') || (len == 2 && name[0] == '.' &&
	    name[1] == '.'))
		return (EINVAL);
	if (name[len - 1] == '.' || name[len - 1] == ' ')
		return (EINVAL);
	while (i < len) {
		if ((k = utf8_decode(name + i, len - i, &cp)) < 0)
			return (EINVAL);
		i += (size_t)k;
		if (cp < 0x20 || cp == 0x7f || strchr("\"*/:<>?\\|", (int)cp) != NULL)
			return (EINVAL);
		if (n + (cp >= 0x10000 ? 2 : 1) > MSDOSFS_NAME_MAX)
			return (ENAMETOOLONG);
		if (cp >= 0x10000) {
			cp -= 0x10000;
			u16[n++] = (uint16_t)(0xd800 + (cp >> 10));
			u16[n++] = (uint16_t)(0xdc00 + (cp & 0x3ff));
		} else
			u16[n++] = (uint16_t)cp;
	}
	*nunits = n;
	return (0);
}

/* Characters a short name may hold besides A-Z and 0-9. */
static int
short_char_ok(uint32_t c)
{
	return ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	    (c != 0 && c < 0x80 && strchr("!#$%&'()-@^_`{}~", (int)c) != NULL));
}

/*
 * 1 when the name is itself an upper-case 8.3 name ("README.TXT"): it
 * needs no long name.  out gets the 11-byte form.
 */
int
name_is_short(const uint16_t *u, int n, uint8_t out[11])
{
	int i, dot = -1, base, ext;

	for (i = 0; i < n; i++)
		if (u[i] == '.') {
			if (dot >= 0)
				return (0);
			dot = i;
		} else if (!short_char_ok(u[i]))
			return (0);
	base = dot >= 0 ? dot : n;
	ext = dot >= 0 ? n - dot - 1 : 0;
	if (base < 1 || base > 8 || ext > 3 || (dot >= 0 && ext == 0))
		return (0);
	memset(out, ' ', 11);
	for (i = 0; i < base; i++)
		out[i] = (uint8_t)u[i];
	for (i = 0; i < ext; i++)
		out[8 + i] = (uint8_t)u[dot + 1 + i];
	return (1);
}

/*
 * The "basis" short name of a long name (Microsoft's algorithm): upper
 * case, characters a short name cannot hold become '_', spaces and leading
 * dots go, the part before the last dot cut to 8 and after it to 3.
 * *lossy says whether anything was changed or cut (a numeric tail is then
 * required).
 */
void
shortname_basis(const uint16_t *u, int n, uint8_t out[11], int *lossy)
{
	int i, lastdot = -1, start = 0, o = 0;
	uint32_t c;

	*lossy = 0;
	memset(out, ' ', 11);
	while (start < n && u[start] == '.') {
		start++;
		*lossy = 1;
	}
	for (i = start; i < n; i++)
		if (u[i] == '.')
			lastdot = i;
	for (i = start; i < (lastdot >= 0 ? lastdot : n); i++) {
		c = (uint32_t)ascii_upper(u[i]);
		if (c == ' ' || c == '.') {
			*lossy = 1;
			continue;
		}
		if (!short_char_ok(c)) {
			c = '_';
			*lossy = 1;
		}
		if (o == 8) {
			*lossy = 1;
			break;
		}
		out[o++] = (uint8_t)c;
	}
	if (o == 0)
		out[o++] = '_';
	for (i = lastdot + 1, o = 8; lastdot >= 0 && i < n; i++) {
		c = (uint32_t)ascii_upper(u[i]);
		if (c == ' ') {
			*lossy = 1;
			continue;
		}
		if (!short_char_ok(c)) {
			c = '_';
			*lossy = 1;
		}
		if (o == 11) {
			*lossy = 1;
			break;
		}
		out[o++] = (uint8_t)c;
	}
	if (out[0] == 0xe5)
		out[0] = SLOT_E5;
}

/* "LONGFILE" + 12 -> "LONGFI~12" cut to fit 8. */
void
shortname_tail(uint8_t name[11], uint32_t num)
{
	char digits[12];
	int nd = 0, base, i;

	do {
		digits[nd++] = (char)('0' + num % 10);
		num /= 10;
	} while (num != 0);
	for (base = 8; base > 0 && name[base - 1] == ' '; base--)
		;
	if (base > 8 - 1 - nd)
		base = 8 - 1 - nd;
	name[base++] = '~';
	for (i = nd - 1; i >= 0; i--)
		name[base++] = (uint8_t)digits[i];
	while (base < 8)
		name[base++] = ' ';
}

int
name_equal(const uint16_t *a, int an, const uint16_t *b, int bn)
{
	int i;

	if (an != bn)
		return (0);
	for (i = 0; i < an; i++)
		if (ascii_upper(a[i]) != ascii_upper(b[i]))
			return (0);
	return (1);
}

/* --- long-name entries ------------------------------------------------------ */

static const uint8_t lfn_offsets[LFN_CHARS] = {
	1, 3, 5, 7, 9, 14, 16, 18, 20, 22, 24, 28, 30
};

void
lfn_reset(struct lfnbuf *l)
{
	l->n = 0;
	l->next = 0;
}

/*
 * Feeds one LFN entry (at directory offset off) to the run being gathered.
 * A run starts at an entry marked LFN_LAST with ordinal N and must then
 * count down to 1 with the same checksum; anything else drops it.
 */
void
lfn_gather(struct lfnbuf *l, const uint8_t *ep, uint32_t off)
{
	int ord = ep[LFN_ORD] & LFN_ORD_MASK, i;

	if (ep[LFN_ORD] & LFN_LAST) {
		if (ord == 0 || ord > LFN_MAX_ENTRIES) {
			lfn_reset(l);
			return;
		}
		l->n = ord * LFN_CHARS;
		l->chksum = ep[LFN_CHKSUM];
		l->start = off;
	} else if (l->n == 0 || ord != l->next || ep[LFN_CHKSUM] != l->chksum) {
		lfn_reset(l);
		return;
	}
	for (i = 0; i < LFN_CHARS; i++)
		l->u[(ord - 1) * LFN_CHARS + i] = le16dec(ep + lfn_offsets[i]);
	l->next = ord - 1;
	if (l->next == 0) {	/* complete: the name ends at a NUL or the last unit */
		for (i = 0; i < l->n && l->u[i] != 0; i++)
			;
		l->n = i;
		l->next = -1;
	}
}

/* The gathered run belongs to this short entry. */
int
lfn_complete(const struct lfnbuf *l, const uint8_t *shortent)
{
	return (l->next == -1 && l->n > 0 && l->chksum == shortname_chksum(shortent));
}

int
lfn_entries(int nunits)
{
	return ((nunits + LFN_CHARS - 1) / LFN_CHARS);
}

/* Entry `ord` (1-based) of the long name u[0..n): NUL after the name, 0xFFFF padding. */
void
lfn_fill(uint8_t *ep, const uint16_t *u, int n, int ord, int last, uint8_t chksum)
{
	int i, k;
	uint16_t c;

	memset(ep, 0, DIRENT_SIZE);
	ep[LFN_ORD] = (uint8_t)(ord | (last ? LFN_LAST : 0));
	ep[LFN_ATTR] = ATTR_LFN;
	ep[LFN_CHKSUM] = chksum;
	for (i = 0; i < LFN_CHARS; i++) {
		k = (ord - 1) * LFN_CHARS + i;
		c = k < n ? u[k] : k == n ? 0 : 0xffff;
		le16enc(ep + lfn_offsets[i], c);
	}
}

/* --- times ----------------------------------------------------------------- */

#define DOS_EPOCH_DAYS	3652		/* 1980-01-01 in days since 1970 */

void
unix_to_dos(int64_t t, uint16_t *date, uint16_t *time)
{
	int64_t days, y;
	unsigned m, d, s;

	if (t < (int64_t)DOS_EPOCH_DAYS * 86400)
		t = (int64_t)DOS_EPOCH_DAYS * 86400;
	days = t / 86400;
	s = (unsigned)(t % 86400);
	civil_from_days(days, &y, &m, &d);
	if (y > 2107) {
		y = 2107; m = 12; d = 31; s = 86399;
	}
	*date = (uint16_t)((y - 1980) << DD_YEAR_SHIFT | m << DD_MONTH_SHIFT | d);
	*time = (uint16_t)((s / 3600) << DT_HOUR_SHIFT | (s / 60 % 60) << DT_MIN_SHIFT |
	    (s % 60) / 2);
}

void
dos_time_now(uint16_t *date, uint16_t *time, uint8_t *tenth)
{
	int64_t sec;
	uint32_t nsec;

	fs_realtime(&sec, &nsec);
	unix_to_dos(sec, date, time);
	if (tenth != NULL)	/* 10 ms units past the even second */
		*tenth = (uint8_t)((sec % 2) * 100 + nsec / 10000000);
}

/* A DOS date and time in seconds since 1970; impossible fields read as 1980-01-01. */
int64_t
dos_to_unix(uint16_t date, uint16_t time)
{
	unsigned y = 1980 + (date >> DD_YEAR_SHIFT), m = (date >> DD_MONTH_SHIFT) & 0xf,
	    d = date & DD_DAY_MASK, h = time >> DT_HOUR_SHIFT, mi = (time >> DT_MIN_SHIFT) & 0x3f,
	    s = (time & DT_2SEC_MASK) * 2;

	if (m < 1 || m > 12 || d < 1)
		return ((int64_t)DOS_EPOCH_DAYS * 86400);
	if (h > 23 || mi > 59 || s > 59)
		h = mi = s = 0;
	return (days_from_civil(y, m, d) * 86400 + h * 3600 + mi * 60 + s);
}
