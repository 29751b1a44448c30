/*
 * `disktest DEVICE BLOCKS` (boot tests; DESTROYS the device's contents):
 * writes BLOCKS 4 KiB blocks of a pattern through the buffer cache, all
 * started at once (bawrite: as many requests in flight as the driver
 * takes), waits for them and the device flush (bufsync), drops the cached
 * copies, reads everything back with read-ahead and compares.  Prints one
 * line: what it did, or the first block that failed and why.
 */
#include <sys/systm.h>
#include <sys/buf.h>
#include <sys/shell.h>
#include <geom/geom_disk.h>
#include <sanpo/parse.h>

#define DT_BSIZE	4096
#define DT_RA		8

static uint8_t
dt_byte(uint64_t blk, uint32_t i)
{
	return ((uint8_t)(blk * 131 + i * 7 + (i >> 8)));
}

static int
dt_write(struct bufdev *dev, uint64_t n)
{
	struct buf *bp;
	uint64_t b;
	uint32_t i;

	for (b = 0; b < n; b++) {
		if ((bp = getblk(dev, (diskaddr_t)(b * (DT_BSIZE / DEV_BSIZE)), DT_BSIZE, 0)) == NULL) {
			printf("disktest: %s: no buffer for block %llu\n", dev->bd_name,
			    (unsigned long long)b);
			return (1);
		}
		for (i = 0; i < DT_BSIZE; i++)
			((uint8_t *)bp->b_data)[i] = dt_byte(b, i);
		bawrite(bp);
	}
	return (0);
}

static int
dt_read(struct bufdev *dev, uint64_t n)
{
	diskaddr_t ra[DT_RA];
	int rasz[DT_RA], k, nra, error;
	struct buf *bp;
	uint64_t b;
	uint32_t i;

	for (b = 0; b < n; b++) {
		for (nra = 0, k = 1; k <= DT_RA && b + (uint64_t)k < n; k++, nra++) {
			ra[nra] = (diskaddr_t)((b + (uint64_t)k) * (DT_BSIZE / DEV_BSIZE));
			rasz[nra] = DT_BSIZE;
		}
		error = breadn(dev, (diskaddr_t)(b * (DT_BSIZE / DEV_BSIZE)), DT_BSIZE, ra, rasz,
		    b % DT_RA == 0 ? nra : 0, &bp);
		if (error != 0) {
			printf("disktest: %s: block %llu: read error %d\n", dev->bd_name,
			    (unsigned long long)b, error);
			return (1);
		}
		for (i = 0; i < DT_BSIZE; i++)
			if (((uint8_t *)bp->b_data)[i] != dt_byte(b, i)) {
				printf("disktest: %s: block %llu byte %u differs\n", dev->bd_name,
				    (unsigned long long)b, i);
				brelse(bp);
				return (1);
			}
		brelse(bp);
	}
	return (0);
}

static int
cmd_disktest(int argc, char **argv)
{
	struct bufdev *dev;
	uint64_t n;
	int error;

	if (argc != 3 || parse_uint(argv[2], 10, UINT32_MAX, &n) != 0 || n == 0)
		return (shell_usage(argv[0], NULL));
	if ((dev = disk_find_dev(argv[1])) == NULL) {
		printf("disktest: %s: no such device\n", argv[1]);
		return (1);
	}
	if (n * DT_BSIZE > dev->bd_mediasize || dev->bd_secsize > DT_BSIZE) {
		printf("disktest: %s: %llu blocks do not fit\n", argv[1], (unsigned long long)n);
		return (1);
	}
	if (dt_write(dev, n) != 0)
		return (1);
	if ((error = bufsync(dev)) != 0) {
		printf("disktest: %s: write-back failed: error %d\n", dev->bd_name, error);
		return (1);
	}
	bufinval_clean(dev);
	if (dt_read(dev, n) != 0)
		return (1);
	bufinval_clean(dev);
	printf("disktest: %s: %llu blocks of %u bytes written, flushed and read back\n",
	    dev->bd_name, (unsigned long long)n, DT_BSIZE);
	return (0);
}
SHELL_COMMAND(disktest, cmd_disktest, "disktest device blocks",
    "test: write, flush and verify blocks (destroys the device's data)");
