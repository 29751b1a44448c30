/*
 * Partitions as block devices, and the names of partition types and GUIDs.
 * A partition's requests go to the disk unchanged but for their offset;
 * completion is the disk driver's bufdone() on the same buffer, so the
 * buffer cache keeps its accounting on the partition's device.
 */
#include <string.h>

#include "fs/fs_platform.h"
#include "fs/part.h"

static void
part_strategy(struct bufdev *dev, struct buf *bp)
{
	struct part_dev *pd = (struct part_dev *)dev;

	/* bstrategy() checked the request against the partition's size. */
	bp->b_iooffset += pd->pd_offset;
	pd->pd_disk->bd_strategy(pd->pd_disk, bp);
}

static int
part_flush(struct bufdev *dev)
{
	struct part_dev *pd = (struct part_dev *)dev;

	return (pd->pd_disk->bd_flush != NULL ? pd->pd_disk->bd_flush(pd->pd_disk) : 0);
}

void
part_dev_init(struct part_dev *pd, struct bufdev *disk, const struct part_entry *pe)
{
	memset(pd, 0, sizeof(*pd));
	fs_snprintf(pd->pd_dev.bd_name, sizeof(pd->pd_dev.bd_name), "%sp%d", disk->bd_name,
	    pe->pe_index);
	pd->pd_dev.bd_secsize = disk->bd_secsize;
	pd->pd_dev.bd_mediasize = (pe->pe_end - pe->pe_start + 1) * disk->bd_secsize;
	pd->pd_dev.bd_readonly = disk->bd_readonly;
	pd->pd_dev.bd_strategy = part_strategy;
	pd->pd_dev.bd_flush = part_flush;
	pd->pd_dev.bd_softc = pd;
	pd->pd_disk = disk;
	pd->pd_offset = pe->pe_start * disk->bd_secsize;
	pd->pd_entry = *pe;
}

static const struct {
	const char	*name;
	uint8_t		 guid[16];	/* on-disk byte order */
} part_types[] = {
	{ "efi", { 0x28, 0x73, 0x2a, 0xc1, 0x1f, 0xf8, 0xd2, 0x11,
	    0xba, 0x4b, 0x00, 0xa0, 0xc9, 0x3e, 0xc9, 0x3b } },
	{ "bios-boot", { 0x48, 0x61, 0x68, 0x21, 0x49, 0x64, 0x6f, 0x6e,
	    0x74, 0x4e, 0x65, 0x65, 0x64, 0x45, 0x46, 0x49 } },
	{ "ms-basic-data", { 0xa2, 0xa0, 0xd0, 0xeb, 0xe5, 0xb9, 0x33, 0x44,
	    0x87, 0xc0, 0x68, 0xb6, 0xb7, 0x26, 0x99, 0xc7 } },
	{ "linux-data", { 0xaf, 0x3d, 0xc6, 0x0f, 0x83, 0x84, 0x72, 0x47,
	    0x8e, 0x79, 0x3d, 0x69, 0xd8, 0x47, 0x7d, 0xe4 } },
	{ "linux-swap", { 0x6d, 0xfd, 0x57, 0x06, 0xab, 0xa4, 0xc4, 0x43,
	    0x84, 0xe5, 0x09, 0x33, 0xc8, 0x4b, 0x4f, 0x4f } },
	{ "freebsd-boot", { 0x9d, 0x6b, 0xbd, 0x83, 0x41, 0x7f, 0xdc, 0x11,
	    0xbe, 0x0b, 0x00, 0x15, 0x60, 0xb8, 0x4f, 0x0f } },
	{ "freebsd-ufs", { 0xb6, 0x7c, 0x6e, 0x51, 0xcf, 0x6e, 0xd6, 0x11,
	    0x8f, 0xf8, 0x00, 0x02, 0x2d, 0x09, 0x71, 0x2b } },
	{ "freebsd-swap", { 0xb5, 0x7c, 0x6e, 0x51, 0xcf, 0x6e, 0xd6, 0x11,
	    0x8f, 0xf8, 0x00, 0x02, 0x2d, 0x09, 0x71, 0x2b } },
	{ "freebsd-zfs", { 0xba, 0x7c, 0x6e, 0x51, 0xcf, 0x6e, 0xd6, 0x11,
	    0x8f, 0xf8, 0x00, 0x02, 0x2d, 0x09, 0x71, 0x2b } },
};

const char *
gpt_type_name(const uint8_t type[16])
{
	size_t i;

	for (i = 0; i < sizeof(part_types) / sizeof(part_types[0]); i++)
		if (memcmp(part_types[i].guid, type, 16) == 0)
			return (part_types[i].name);
	return (NULL);
}

void
gpt_guid_str(const uint8_t g[16], char *buf)
{
	fs_snprintf(buf, 37, "%02X%02X%02X%02X-%02X%02X-%02X%02X-%02X%02X-"
	    "%02X%02X%02X%02X%02X%02X", g[3], g[2], g[1], g[0], g[5], g[4], g[7], g[6],
	    g[8], g[9], g[10], g[11], g[12], g[13], g[14], g[15]);
}
