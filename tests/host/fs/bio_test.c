/*
 * The buffer cache (fs/vfs_bio.c) on the host: each check prints "ok NAME"
 * when what it saw on the device and in the statistics is what the
 * interface promises; a failed check prints "FAIL NAME: why" and exits 1.
 *
 *   bio_test IMAGE      (a scratch file of at least 1 MiB, overwritten)
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fs/buf.h"
#include "tests/host/fs/filedev.h"
#include "tests/host/lib/fs_host.h"

#define BS	512
#define EIO_	5	/* FreeBSD's, as the cache returns them */

static const char *image;
static struct bufstats before;

#define CHECK(name, cond) do {						\
	if (!(cond)) {							\
		printf("FAIL %s: %s (line %d)\n", name, #cond, __LINE__);	\
		exit(1);						\
	}								\
} while (0)

static void
dev_open(struct filedev *d, int async)
{
	if (filedev_open(d, "test0", image, 0, 1 << 20, BS, 0, async) != 0)
		exit(2);
	bufdev_register(&d->fd_dev);
	bufstats_get(&before);
}

static void
dev_close(struct filedev *d)
{
	bufdev_unregister(&d->fd_dev);
	filedev_close(d);
}

static uint64_t
delta(uint64_t now, uint64_t then)
{
	return (now - then);
}

/* What the file holds at block b (bypassing the cache). */
static uint8_t
ondisk(uint64_t b, size_t off)
{
	FILE *f = fopen(image, "rb");
	int c;

	fseek(f, (long)(b * BS + off), SEEK_SET);
	c = fgetc(f);
	fclose(f);
	return ((uint8_t)c);
}

static void
test_hits(void)
{
	struct filedev d;
	struct bufstats st;
	struct buf *bp;

	dev_open(&d, 0);
	CHECK("hits", bread(&d.fd_dev, 8, BS, &bp) == 0);
	brelse(bp);
	CHECK("hits", bread(&d.fd_dev, 8, BS, &bp) == 0);
	brelse(bp);
	bufstats_get(&st);
	CHECK("hits", delta(st.misses, before.misses) == 1 && delta(st.hits, before.hits) == 1);
	CHECK("hits", d.fd_reads == 1);
	dev_close(&d);
	printf("ok hits\n");
}

static void
test_delayed_write(void)
{
	struct filedev d;
	struct bufstats st;
	struct buf *bp;

	dev_open(&d, 0);
	bp = getblk(&d.fd_dev, 16, BS, 0);
	memset(bp->b_data, 0x5a, BS);
	bdwrite(bp);
	CHECK("delayed_write", d.fd_writes == 0 && ondisk(16, 0) != 0x5a);
	bufstats_get(&st);
	CHECK("delayed_write", st.ndirty == before.ndirty + 1);
	CHECK("delayed_write", bufsync(&d.fd_dev) == 0);
	CHECK("delayed_write", d.fd_writes == 1 && d.fd_flushes == 1 && ondisk(16, 100) == 0x5a);
	bufstats_get(&st);
	CHECK("delayed_write", st.ndirty == before.ndirty);
	dev_close(&d);
	printf("ok delayed_write\n");
}

static void
test_lru(void)
{
	struct filedev d;
	struct bufstats st;
	struct buf *bp;
	long reads;
	int i;

	/* The cache holds 4 blocks (bufinit in main): 0..3, touch 0, read 4 -> 1 goes. */
	dev_open(&d, 0);
	for (i = 0; i < 4; i++) {
		CHECK("lru", bread(&d.fd_dev, 100 + i, BS, &bp) == 0);
		brelse(bp);
	}
	CHECK("lru", bread(&d.fd_dev, 100, BS, &bp) == 0);
	brelse(bp);
	CHECK("lru", bread(&d.fd_dev, 104, BS, &bp) == 0);
	brelse(bp);
	reads = d.fd_reads;
	CHECK("lru", bread(&d.fd_dev, 100, BS, &bp) == 0);	/* still there */
	brelse(bp);
	CHECK("lru", d.fd_reads == reads);
	CHECK("lru", bread(&d.fd_dev, 101, BS, &bp) == 0);	/* was recycled */
	brelse(bp);
	CHECK("lru", d.fd_reads == reads + 1);
	bufstats_get(&st);
	CHECK("lru", st.bufspace <= 4 * BS && delta(st.recycled, before.recycled) >= 2);
	dev_close(&d);
	printf("ok lru\n");
}

static void
test_pressure(void)
{
	struct filedev d;
	struct buf *bp;
	int i;

	/* Ten dirty blocks through a four-block cache: written back to make room. */
	dev_open(&d, 0);
	for (i = 0; i < 10; i++) {
		bp = getblk(&d.fd_dev, 200 + i, BS, 0);
		CHECK("pressure", bp != NULL);
		memset(bp->b_data, 0x10 + i, BS);
		bdwrite(bp);
	}
	CHECK("pressure", d.fd_writes >= 6);
	CHECK("pressure", bufsync(&d.fd_dev) == 0);
	for (i = 0; i < 10; i++)
		CHECK("pressure", ondisk(200 + (uint64_t)i, 7) == 0x10 + i);
	dev_close(&d);
	printf("ok pressure\n");
}

static void
test_syncer_age(void)
{
	struct filedev d;
	struct buf *bp;

	dev_open(&d, 0);
	bp = getblk(&d.fd_dev, 300, BS, 0);
	memset(bp->b_data, 0x33, BS);
	bdwrite(bp);
	buf_syncer_pass(30000);
	CHECK("syncer_age", d.fd_writes == 0);
	fs_host_advance(31000);
	buf_syncer_pass(30000);
	CHECK("syncer_age", d.fd_writes == 1 && ondisk(300, 0) == 0x33);
	dev_close(&d);
	printf("ok syncer_age\n");
}

static void
test_write_errors(void)
{
	struct filedev d;
	struct bufstats st;
	struct buf *bp;

	dev_open(&d, 0);
	d.fd_fail_writes_after = 0;
	bp = getblk(&d.fd_dev, 400, BS, 0);
	clrbuf(bp);
	CHECK("write_errors", bwrite(bp) == EIO_);
	bp = getblk(&d.fd_dev, 401, BS, 0);
	clrbuf(bp);
	bdwrite(bp);
	CHECK("write_errors", bufsync(&d.fd_dev) == EIO_);
	CHECK("write_errors", bufsync(&d.fd_dev) == 0);	/* reported once */
	bufstats_get(&st);
	CHECK("write_errors", delta(st.write_errors, before.write_errors) == 2);
	CHECK("write_errors", st.ndirty == before.ndirty);	/* dropped, not retried forever */
	dev_close(&d);
	printf("ok write_errors\n");
}

static void
test_read_errors(void)
{
	struct filedev d;
	struct buf *bp = (struct buf *)1;

	dev_open(&d, 0);
	d.fd_bad_start = 500 * BS;
	d.fd_bad_end = 501 * BS;
	CHECK("read_errors", bread(&d.fd_dev, 500, BS, &bp) == EIO_ && bp == NULL);
	CHECK("read_errors", bread(&d.fd_dev, 500, BS, &bp) == EIO_ && d.fd_reads == 2);
	/* Past the end of the device: refused without asking the device. */
	CHECK("read_errors", bread(&d.fd_dev, 2048, BS, &bp) == EIO_ && d.fd_reads == 2);
	CHECK("read_errors", bread(&d.fd_dev, 2047, 2 * BS, &bp) == EIO_ && d.fd_reads == 2);
	CHECK("read_errors", bread(&d.fd_dev, 2047, BS, &bp) == 0);
	brelse(bp);
	dev_close(&d);
	printf("ok read_errors\n");
}

static void
test_resize_and_readahead(void)
{
	struct filedev d;
	struct bufstats st;
	struct buf *bp;
	diskaddr_t ra[2] = { 611, 612 };
	int rasz[2] = { BS, BS };
	long reads;

	dev_open(&d, 0);
	bp = getblk(&d.fd_dev, 600, BS, 0);
	memset(bp->b_data, 0x61, BS);
	bdwrite(bp);
	/* The same block at another size: the dirty one is written first. */
	CHECK("resize", bread(&d.fd_dev, 600, 2 * BS, &bp) == 0);
	CHECK("resize", ((uint8_t *)bp->b_data)[0] == 0x61 && ondisk(600, 0) == 0x61);
	brelse(bp);
	printf("ok resize\n");
	bufinval_clean(&d.fd_dev);
	reads = d.fd_reads;
	CHECK("readahead", breadn(&d.fd_dev, 610, BS, ra, rasz, 2, &bp) == 0);
	brelse(bp);
	bufstats_get(&st);
	CHECK("readahead", delta(st.readahead, before.readahead) == 2 && d.fd_reads == reads + 3);
	CHECK("readahead", bread(&d.fd_dev, 612, BS, &bp) == 0);	/* already there */
	brelse(bp);
	CHECK("readahead", d.fd_reads == reads + 3);
	dev_close(&d);
	printf("ok readahead\n");
}

/* --- many threads, out-of-order completion ----------------------------------- */

#define NTHREADS	4
#define NBLOCKS		48

static struct filedev cd;

static void *
worker(void *arg)
{
	int t = (int)(intptr_t)arg, i, b;
	unsigned seed = (unsigned)t * 7919u;
	struct buf *bp;
	uint8_t *p;

	for (i = 0; i < 2000; i++) {
		b = t + NTHREADS * (int)(rand_r(&seed) % (NBLOCKS / NTHREADS));
		if (bread(&cd.fd_dev, 700 + b, BS, &bp) != 0)
			abort();
		p = bp->b_data;
		/* Every block carries (owner, counter); only its owner changes it. */
		if (p[0] != 0 && p[0] != t + 1)
			abort();
		p[0] = (uint8_t)(t + 1);
		p[1]++;
		switch (rand_r(&seed) % 4) {
		case 0: bdwrite(bp); break;
		case 1: bawrite(bp); break;
		case 2: if (bwrite(bp) != 0) abort(); break;
		default: bdwrite(bp); break;
		}
		/* Shared blocks: everyone reads them, nobody may see a torn one. */
		if (bread(&cd.fd_dev, 800 + (int)(rand_r(&seed) % 8), BS, &bp) != 0)
			abort();
		brelse(bp);
	}
	return (NULL);
}

static void
test_threads(void)
{
	pthread_t th[NTHREADS];
	struct bufstats st;
	struct buf *bp;
	int i, sum[NTHREADS] = { 0 };

	if (filedev_open(&cd, "test1", image, 0, 1 << 20, BS, 0, 1) != 0)
		exit(2);
	bufdev_register(&cd.fd_dev);
	for (i = 0; i < NBLOCKS; i++) {		/* a clean start */
		bp = getblk(&cd.fd_dev, 700 + i, BS, 0);
		clrbuf(bp);
		CHECK("threads", bwrite(bp) == 0);
	}
	for (i = 0; i < NTHREADS; i++)
		pthread_create(&th[i], NULL, worker, (void *)(intptr_t)i);
	for (i = 0; i < NTHREADS; i++)
		pthread_join(th[i], NULL);
	CHECK("threads", bufsync(&cd.fd_dev) == 0);
	bufdev_unregister(&cd.fd_dev);		/* everything read again from the file */
	for (i = 0; i < NBLOCKS; i++)
		if (ondisk(700 + (uint64_t)i, 0) != 0) {
			CHECK("threads", ondisk(700 + (uint64_t)i, 0) == i % NTHREADS + 1);
			sum[i % NTHREADS] += ondisk(700 + (uint64_t)i, 1);
		}
	for (i = 0; i < NTHREADS; i++)		/* 2000 increments each, mod 256 */
		CHECK("threads", sum[i] % 256 == 2000 % 256);
	bufstats_get(&st);
	CHECK("threads", st.ndirty == 0);
	filedev_close(&cd);
	printf("ok threads waits=%llu\n", (unsigned long long)st.waits);
}

int
main(int argc, char **argv)
{
	if (argc != 2)
		return (2);
	image = argv[1];
	if (bufinit(4 * BS) != 0)	/* a tiny cache: recycling and write-back all the time */
		return (2);
	test_hits();
	test_delayed_write();
	test_lru();
	test_pressure();
	test_syncer_age();
	test_write_errors();
	test_read_errors();
	test_resize_and_readahead();
	test_threads();
	printf("all ok\n");
	return (0);
}
