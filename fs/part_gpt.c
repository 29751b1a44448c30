/*
 * GPT discovery: reads and checks a disk's GUID Partition Table (the
 * rules are in fs/part.h, the layout in fs/gpt.h).
 *
 * Each copy (primary at LBA 1, backup at the last LBA) is checked on its
 * own: signature, revision, header size and CRC, where it says it is, the
 * geometry (header, entry array and usable area inside the disk and apart
 * from each other), the entry array's size and CRC, and then every used
 * entry (inside the usable area, no two overlapping).  The first copy that
 * passes is used.  Everything read from the disk is read through
 * le*dec() from buffers sized for what is being read: a field can be any
 * value without this code going outside them.
 */
#include <string.h>

#include <sanpo/crc32.h>
#include <sanpo/endian.h>
#include <sanpo/utf.h>

#include "fs/fs_platform.h"
#include "fs/gpt.h"
#include "fs/part.h"
#include <sys/errno.h>

#define GPT_MAX_ENTSZ	4096		/* bytes per entry we accept */
#define GPT_MAX_TABLE	(1024 * 1024)	/* bytes of entry array we read */

/* A header that passed its checks, in host values. */
struct gpt_copy {
	uint64_t	lba_self;	/* where it is */
	uint64_t	lba_alt;	/* where it says the other copy is */
	uint64_t	first, last;	/* usable sectors */
	uint64_t	table_lba;	/* entry array */
	uint64_t	table_secs;	/* sectors of entry array */
	uint32_t	entries;	/* entries in the array */
	uint32_t	entsz;		/* bytes per entry */
	uint32_t	crc_table;	/* the array's CRC */
	uint8_t		guid[16];	/* the disk's */
};

#define WHY(...)	(fs_snprintf(why, whylen, __VA_ARGS__), EINVAL)

static int
read_sectors(struct bufdev *disk, uint64_t lba, uint64_t count, void *buf)
{
	return (bufdev_io(disk, BIO_READ, (diskaddr_t)(lba * (disk->bd_secsize / DEV_BSIZE)), buf,
	    (size_t)(count * disk->bd_secsize)));
}

/* Two sector ranges [a0, a1] and [b0, b1] share a sector. */
static int
overlaps(uint64_t a0, uint64_t a1, uint64_t b0, uint64_t b1)
{
	return (a0 <= b1 && b0 <= a1);
}

/* Checks the header sector `s` read from `lba`; fills *h.  0 or EINVAL/ENOENT. */
static int
gpt_check_hdr(const uint8_t *s, uint64_t lba, uint64_t nsec, uint32_t secsize,
    struct gpt_copy *h, char *why, size_t whylen)
{
	uint8_t copy[GPT_MAX_ENTSZ];
	uint32_t size, crc;
	uint64_t bytes;

	if (memcmp(s, GPT_SIGNATURE, 8) != 0)
		return (fs_snprintf(why, whylen, "no GPT signature"), ENOENT);
	if (le32dec(s + offsetof(struct gpt_hdr, hdr_revision)) >> 16 != GPT_REVISION_MAJOR)
		return (WHY("revision %#x not supported",
		    le32dec(s + offsetof(struct gpt_hdr, hdr_revision))));
	size = le32dec(s + offsetof(struct gpt_hdr, hdr_size));
	if (size < GPT_HDR_MINSIZE || size > secsize || size > sizeof(copy))
		return (WHY("header size %u", size));
	memcpy(copy, s, size);
	le32enc(copy + offsetof(struct gpt_hdr, hdr_crc_self), 0);
	crc = le32dec(s + offsetof(struct gpt_hdr, hdr_crc_self));
	if (crc32(0, copy, size) != crc)
		return (WHY("header CRC mismatch"));

	h->lba_self = le64dec(s + offsetof(struct gpt_hdr, hdr_lba_self));
	h->lba_alt = le64dec(s + offsetof(struct gpt_hdr, hdr_lba_alt));
	h->first = le64dec(s + offsetof(struct gpt_hdr, hdr_lba_start));
	h->last = le64dec(s + offsetof(struct gpt_hdr, hdr_lba_end));
	h->table_lba = le64dec(s + offsetof(struct gpt_hdr, hdr_lba_table));
	h->entries = le32dec(s + offsetof(struct gpt_hdr, hdr_entries));
	h->entsz = le32dec(s + offsetof(struct gpt_hdr, hdr_entsz));
	h->crc_table = le32dec(s + offsetof(struct gpt_hdr, hdr_crc_table));
	memcpy(h->guid, s + offsetof(struct gpt_hdr, hdr_guid), 16);

	if (h->lba_self != lba)
		return (WHY("header at LBA %llu says it is at %llu", (unsigned long long)lba,
		    (unsigned long long)h->lba_self));
	if (h->lba_alt >= nsec || h->lba_alt == lba)
		return (WHY("alternate header LBA %llu", (unsigned long long)h->lba_alt));
	if (h->entsz < GPT_ENT_MINSIZE || h->entsz > GPT_MAX_ENTSZ ||
	    (h->entsz & (h->entsz - 1)) != 0)
		return (WHY("entry size %u", h->entsz));
	bytes = (uint64_t)h->entries * h->entsz;
	if (h->entries == 0 || bytes > GPT_MAX_TABLE)
		return (WHY("%u entries of %u bytes", h->entries, h->entsz));
	h->table_secs = (bytes + secsize - 1) / secsize;
	if (h->first > h->last || h->last >= nsec || h->first < 2)
		return (WHY("usable area %llu-%llu on a disk of %llu sectors",
		    (unsigned long long)h->first, (unsigned long long)h->last,
		    (unsigned long long)nsec));
	if (h->table_lba < 2 || h->table_lba >= nsec || h->table_secs > nsec - h->table_lba)
		return (WHY("entry array at LBA %llu (%llu sectors) outside the disk",
		    (unsigned long long)h->table_lba, (unsigned long long)h->table_secs));
	if (overlaps(h->table_lba, h->table_lba + h->table_secs - 1, h->first, h->last) ||
	    overlaps(h->table_lba, h->table_lba + h->table_secs - 1, lba, lba) ||
	    overlaps(lba, lba, h->first, h->last))
		return (WHY("header, entry array and usable area overlap"));
	return (0);
}

/* Reads copy h's entry array into a new buffer and checks its CRC. */
static int
gpt_read_table(struct bufdev *disk, const struct gpt_copy *h, uint8_t **tablep,
    char *why, size_t whylen)
{
	size_t len = (size_t)(h->table_secs * disk->bd_secsize);
	uint8_t *t = fs_bufmem_alloc(len);
	int error;

	if (t == NULL)
		return (ENOMEM);
	if ((error = read_sectors(disk, h->table_lba, h->table_secs, t)) != 0) {
		fs_bufmem_free(t, len);
		fs_snprintf(why, whylen, "entry array unreadable (error %d)", error);
		return (error);
	}
	if (crc32(0, t, (size_t)h->entries * h->entsz) != h->crc_table) {
		fs_bufmem_free(t, len);
		return (WHY("entry array CRC mismatch"));
	}
	*tablep = t;
	return (0);
}

static int
type_unused(const uint8_t *type)
{
	static const uint8_t zero[16];

	return (memcmp(type, zero, 16) == 0);
}

static void
entry_label(const uint8_t *ent, char *label)
{
	uint16_t name[GPT_NAME_UNITS];
	int i;

	for (i = 0; i < GPT_NAME_UNITS; i++)
		name[i] = le16dec(ent + offsetof(struct gpt_ent, ent_name) + 2 * i);
	if (utf16_to_utf8(name, GPT_NAME_UNITS, label, PART_LABEL_MAX) < 0)
		label[0] = '\0';	/* cannot happen: the label buffer fits 36 units */
}

/* Turns the used entries of a checked array into pt's partitions. */
static int
gpt_parse_entries(const struct gpt_copy *h, const uint8_t *t, struct part_table *pt,
    char *why, size_t whylen)
{
	struct part_entry *pe, *q;
	const uint8_t *ent;
	uint32_t i;

	pt->pt_count = 0;
	for (i = 0; i < h->entries; i++) {
		ent = t + (size_t)i * h->entsz;
		if (type_unused(ent))
			continue;
		if (pt->pt_count == PART_MAX)
			return (WHY("more than %d partitions", PART_MAX));
		pe = &pt->pt_parts[pt->pt_count];
		memset(pe, 0, sizeof(*pe));
		pe->pe_index = (int)i + 1;
		memcpy(pe->pe_type, ent + offsetof(struct gpt_ent, ent_type), 16);
		memcpy(pe->pe_guid, ent + offsetof(struct gpt_ent, ent_guid), 16);
		pe->pe_start = le64dec(ent + offsetof(struct gpt_ent, ent_lba_start));
		pe->pe_end = le64dec(ent + offsetof(struct gpt_ent, ent_lba_end));
		pe->pe_attr = le64dec(ent + offsetof(struct gpt_ent, ent_attr));
		entry_label(ent, pe->pe_label);
		if (pe->pe_start > pe->pe_end || pe->pe_start < h->first || pe->pe_end > h->last)
			return (WHY("partition %d (%llu-%llu) outside the usable area %llu-%llu",
			    pe->pe_index, (unsigned long long)pe->pe_start,
			    (unsigned long long)pe->pe_end, (unsigned long long)h->first,
			    (unsigned long long)h->last));
		for (q = pt->pt_parts; q < pe; q++)
			if (overlaps(q->pe_start, q->pe_end, pe->pe_start, pe->pe_end))
				return (WHY("partitions %d and %d overlap", q->pe_index,
				    pe->pe_index));
		pt->pt_count++;
	}
	pt->pt_first = h->first;
	pt->pt_last = h->last;
	memcpy(pt->pt_guid, h->guid, 16);
	return (0);
}

/*
 * One copy, the header at `lba`: checked header, checked array, and (when
 * pt is not NULL) its partitions.  *alt gets where it says the other is.
 */
static int
gpt_try_copy(struct bufdev *disk, uint64_t lba, struct part_table *pt, uint64_t *alt,
    char *why, size_t whylen)
{
	uint64_t nsec = disk->bd_mediasize / disk->bd_secsize;
	struct gpt_copy h;
	uint8_t *s, *t;
	int error;

	if (lba >= nsec)
		return (fs_snprintf(why, whylen, "disk too small"), ENOENT);
	if ((s = fs_bufmem_alloc(disk->bd_secsize)) == NULL)
		return (ENOMEM);
	error = read_sectors(disk, lba, 1, s);
	if (error != 0)
		fs_snprintf(why, whylen, "header unreadable (error %d)", error);
	else
		error = gpt_check_hdr(s, lba, nsec, disk->bd_secsize, &h, why, whylen);
	fs_bufmem_free(s, disk->bd_secsize);
	if (error != 0)
		return (error);
	*alt = h.lba_alt;
	if ((error = gpt_read_table(disk, &h, &t, why, whylen)) != 0)
		return (error);
	if (pt != NULL)
		error = gpt_parse_entries(&h, t, pt, why, whylen);
	fs_bufmem_free(t, (size_t)(h.table_secs * disk->bd_secsize));
	return (error);
}

int
gpt_read(struct bufdev *disk, struct part_table *pt, char *why, size_t whylen)
{
	uint64_t nsec = disk->bd_mediasize / disk->bd_secsize, alt = 0;
	char why1[96], why2[96];
	int e1, e2;

	memset(pt, 0, sizeof(*pt));
	why[0] = '\0';
	if (nsec < 3)
		return (fs_snprintf(why, whylen, "disk too small"), ENOENT);
	e1 = gpt_try_copy(disk, 1, pt, &alt, why1, sizeof(why1));
	if (e1 == ENOMEM)
		return (e1);
	if (e1 == 0) {
		/* Say so when the backup is damaged (it is what saves the next failure). */
		if (gpt_try_copy(disk, alt, NULL, &alt, why2, sizeof(why2)) != 0)
			fs_snprintf(pt->pt_warning, sizeof(pt->pt_warning),
			    "backup GPT at LBA %llu damaged: %s", (unsigned long long)alt, why2);
		return (0);
	}
	e2 = gpt_try_copy(disk, nsec - 1, pt, &alt, why2, sizeof(why2));
	if (e2 == 0) {
		pt->pt_backup = 1;
		fs_snprintf(pt->pt_warning, sizeof(pt->pt_warning),
		    "primary GPT damaged (%s): using the backup", why1);
		return (0);
	}
	memset(pt, 0, sizeof(*pt));
	if (e1 == ENOENT && e2 == ENOENT)
		return (fs_snprintf(why, whylen, "no GPT"), ENOENT);
	fs_snprintf(why, whylen, "primary GPT: %s; backup GPT: %s", why1, why2);
	return (e1 == EIO || e2 == EIO ? EIO : EINVAL);
}
