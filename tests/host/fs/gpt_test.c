/*
 * Prints what gpt_read() finds on a disk image, one line per partition,
 * then reads each partition's first sector through its partition device
 * and the buffer cache (proving the offset):
 *
 *   gpt_test IMAGE [SECSIZE]
 *   ok | error ENOENT|EINVAL|EIO: <why>
 *   warning: <text>                (when one copy was damaged)
 *   part <n> <start> <end> <type> <guid> "<label>" first=<hex of 8 bytes>
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fs/buf.h"
#include "fs/part.h"
#include "tests/host/fs/filedev.h"

static const char *
errname(int e)
{
	switch (e) {
	case 2: return ("ENOENT");
	case 5: return ("EIO");
	case 12: return ("ENOMEM");
	case 22: return ("EINVAL");
	default: return ("E?");
	}
}

int
main(int argc, char **argv)
{
	struct filedev disk;
	struct part_table *pt;
	struct part_dev pd;
	struct buf *bp;
	char why[256], guid[37];
	uint8_t *p;
	int i, error;

	if (argc < 2)
		return (2);
	if (bufinit(1 << 20) != 0)
		return (1);
	if (filedev_open(&disk, "disk0", argv[1], 0, 0, argc > 2 ? (uint32_t)atoi(argv[2]) : 512,
	    1, 0) != 0)
		return (1);
	bufdev_register(&disk.fd_dev);
	pt = calloc(1, sizeof(*pt));
	error = gpt_read(&disk.fd_dev, pt, why, sizeof(why));
	if (error != 0) {
		printf("error %s: %s\n", errname(error), why);
		goto out;
	}
	printf("ok%s\n", pt->pt_backup ? " (backup)" : "");
	if (pt->pt_warning[0] != '\0')
		printf("warning: %s\n", pt->pt_warning);
	gpt_guid_str(pt->pt_guid, guid);
	printf("disk %llu-%llu %s\n", (unsigned long long)pt->pt_first,
	    (unsigned long long)pt->pt_last, guid);
	for (i = 0; i < pt->pt_count; i++) {
		const struct part_entry *pe = &pt->pt_parts[i];
		const char *type = gpt_type_name(pe->pe_type);

		part_dev_init(&pd, &disk.fd_dev, pe);
		bufdev_register(&pd.pd_dev);
		gpt_guid_str(pe->pe_guid, guid);
		printf("part %d %llu %llu %s %s \"%s\" %s", pe->pe_index,
		    (unsigned long long)pe->pe_start, (unsigned long long)pe->pe_end,
		    type != NULL ? type : "unknown", guid, pe->pe_label, pd.pd_dev.bd_name);
		if (bread(&pd.pd_dev, 0, (int)disk.fd_dev.bd_secsize, &bp) == 0) {
			p = bp->b_data;
			printf(" first=%02x%02x%02x%02x%02x%02x%02x%02x\n", p[0], p[1], p[2], p[3],
			    p[4], p[5], p[6], p[7]);
			brelse(bp);
		} else
			printf(" first=unreadable\n");
		/* Past the end of the partition is refused, never read from the disk. */
		if (bread(&pd.pd_dev, (diskaddr_t)(pd.pd_dev.bd_mediasize / DEV_BSIZE),
		    (int)disk.fd_dev.bd_secsize, &bp) == 0) {
			printf("read past partition end succeeded\n");
			brelse(bp);
		}
		bufdev_unregister(&pd.pd_dev);
	}
out:
	free(pt);
	bufdev_unregister(&disk.fd_dev);
	filedev_close(&disk);
	return (0);
}
