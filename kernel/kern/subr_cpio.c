/*
 * The newc cpio parser (sys/cpio.h): decodes one member at a time from an
 * archive in memory and checks everything it can before anyone trusts a
 * field: the magic, that every field is eight hex digits, that the name is
 * non-empty, NUL-terminated where its size says and nowhere before, that
 * name and data lie inside the archive, and the checksum of CRC members.
 * It allocates nothing and never reads outside buf[0..len).
 */
#include <sys/systm.h>
#include <sys/cpio.h>
#include <sys/namei.h>
#include <sanpo/parse.h>

#define PAD4(x)		(((x) + 3) & ~(size_t)3)

/* Eight hex digits; -1 if any is not one. */
static int
hex8(const char *p, uint32_t *v)
{
	uint32_t r = 0;
	int i, d;

	for (i = 0; i < 8; i++) {
		if ((d = parse_hexdigit((unsigned char)p[i])) < 0)
			return (-1);
		r = (r << 4) | (uint32_t)d;
	}
	*v = r;
	return (0);
}

#define FAIL(...) do {							\
	int n_ = snprintf(err, errlen, "entry %u at offset 0x%llx: ", index,	\
	    (unsigned long long)off);					\
	if (n_ >= 0 && (size_t)n_ < errlen)				\
		snprintf(err + n_, errlen - (size_t)n_, __VA_ARGS__);	\
	return (-1);							\
} while (0)

int
cpio_next(const uint8_t *buf, size_t len, size_t *offp, unsigned index,
    struct cpio_entry *e, char *err, size_t errlen)
{
	static const char *const names[] = { "ino", "mode", "uid", "gid", "nlink",
	    "mtime", "filesize", "devmajor", "devminor", "rdevmajor", "rdevminor",
	    "namesize", "check" };
	size_t off = *offp, namesize, dataoff, end;
	const struct cpio_newc_header *h;
	uint32_t f[13], sum = 0;
	int crc, i;

	if (off > len || len - off < CPIO_NEWC_HDRLEN)
		FAIL("truncated header (%llu bytes left, a header is %d): no %s member",
		    (unsigned long long)(off > len ? 0 : len - off), CPIO_NEWC_HDRLEN,
		    CPIO_TRAILER);
	h = (const struct cpio_newc_header *)(buf + off);
	if (memcmp(h->c_magic, CPIO_NEWC_MAGIC, 6) == 0)
		crc = 0;
	else if (memcmp(h->c_magic, CPIO_NEWC_CRC_MAGIC, 6) == 0)
		crc = 1;
	else
		FAIL("bad magic (not a newc cpio member)");
	for (i = 0; i < 13; i++)
		if (hex8((const char *)h + 6 + 8 * i, &f[i]) != 0)
			FAIL("field %s is not 8 hex digits", names[i]);
	namesize = f[11];
	if (namesize < 2)
		FAIL("name size %zu is too small", namesize);
	if (namesize > MAXPATHLEN)
		FAIL("name size %zu exceeds %d", namesize, MAXPATHLEN);
	if (namesize > len - off - CPIO_NEWC_HDRLEN)
		FAIL("name runs past the end of the archive");
	e->name = (const char *)buf + off + CPIO_NEWC_HDRLEN;
	if (e->name[namesize - 1] != '\0' || memchr(e->name, '\0', namesize - 1) != NULL)
		FAIL("name is not terminated where its size (%zu) says", namesize);
	e->namelen = namesize - 1;
	dataoff = PAD4(off + CPIO_NEWC_HDRLEN + namesize);
	if (strcmp(e->name, CPIO_TRAILER) == 0) {
		*offp = dataoff > len ? len : dataoff;
		return (0);
	}
	if (dataoff > len || f[6] > len - dataoff)
		FAIL("%.100s: file size 0x%x runs past the end of the archive", e->name, f[6]);
	e->ino = f[0];
	e->mode = f[1];
	e->uid = f[2];
	e->gid = f[3];
	e->nlink = f[4];
	e->mtime = f[5];
	e->filesize = f[6];
	e->devmajor = f[7];
	e->devminor = f[8];
	e->rdevmajor = f[9];
	e->rdevminor = f[10];
	e->data = buf + dataoff;
	if (crc) {
		for (end = 0; end < e->filesize; end++)
			sum += e->data[end];
		if (sum != f[12])
			FAIL("%.100s: checksum 0x%08x, the data sums to 0x%08x", e->name, f[12], sum);
	}
	end = PAD4(dataoff + e->filesize);
	*offp = end > len ? len : end;
	return (1);
}
