/*
 * libFuzzer target: GPT discovery (fs/part_gpt.c) on a disk whose bytes
 * are the input (512-byte sectors), then each partition found as a device
 * read at its first and last sector through the buffer cache.  Both GPT
 * copies live in the input, so small disks (a few entries, tens of
 * sectors) reach every path: primary, backup, fallback.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fs/buf.h"
#include "fs/part.h"
#include "tests/host/fs/filedev.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct part_table pt;
static struct part_dev pd;

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int inited;
	struct filedev disk;
	struct buf *bp;
	uint8_t *mem;
	char why[256];
	int i;

	if (!inited) {
		if (bufinit(1 << 20) != 0)
			abort();
		inited = 1;
	}
	if (size < 512 || (mem = malloc(size)) == NULL)
		return (0);
	memcpy(mem, data, size);
	filedev_open_mem(&disk, "disk0", mem, size, 512);
	bufdev_register(&disk.fd_dev);
	if (gpt_read(&disk.fd_dev, &pt, why, sizeof(why)) == 0) {
		for (i = 0; i < pt.pt_count; i++) {
			part_dev_init(&pd, &disk.fd_dev, &pt.pt_parts[i]);
			bufdev_register(&pd.pd_dev);
			if (bread(&pd.pd_dev, 0, 512, &bp) == 0)
				brelse(bp);
			if (bread(&pd.pd_dev, (diskaddr_t)(pd.pd_dev.bd_mediasize / 512 - 1), 512,
			    &bp) == 0)
				brelse(bp);
			if (pd.pd_entry.pe_start > pd.pd_entry.pe_end ||
			    pd.pd_offset + pd.pd_dev.bd_mediasize > size)
				abort();	/* a partition outside the disk was accepted */
			bufdev_unregister(&pd.pd_dev);
		}
	}
	bufdev_unregister(&disk.fd_dev);
	filedev_close(&disk);
	free(mem);
	return (0);
}
