/*
 * vtbd: the virtio block device (the driver is "vtblk", its disks vtbd0,
 * vtbd1... as on FreeBSD), over whatever transport found it (virtio.h).
 *
 * Features: VERSION_1 (required); SEG_MAX and SIZE_MAX (how a request's
 * data may be split), BLK_SIZE (the logical sector size), FLUSH (a write
 * cache to flush: bufsync() waits for it), RO, when offered.
 *
 * One request queue.  A request is a chain of descriptors: the header the
 * device reads, the data (split at page boundaries and at SIZE_MAX, as
 * few segments as the pages' physical contiguity allows, at most SEG_MAX),
 * and the status byte the device writes.  As many requests are in flight
 * as the ring has descriptors for; the others wait in order on a queue.
 *
 * Completion: the queue's interrupt only records that it fired and wakes
 * the disk's kernel thread, which takes finished requests off the used
 * ring, starts waiting ones, and then, with no lock held, hands each
 * finished buffer to the buffer cache (bufdone()).  A status other than
 * OK is EIO on that request.  The thread also wakes every second: a
 * request the device has held for VTBLK_TIMEOUT_S seconds fails the
 * device (it is reset, every request ends with EIO, later ones fail at
 * once) -- a broken device costs data, never a hang.
 */
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/kernel.h>
#include <sys/buf.h>
#include <sys/malloc.h>
#include <sys/mutex.h>
#include <sys/proc.h>
#include <sys/shell.h>
#include <machine/pmap.h>
#include <machine/vmparam.h>
#include <dev/virtio/virtio.h>
#include <dev/virtio/virtqueue.h>
#include <dev/virtio/block/virtio_blk.h>
#include <geom/geom_disk.h>

MALLOC_DEFINE(M_VTBLK, "vtblk", "virtio block driver state and requests");

#define VTBLK_FEATURES_WANTED	(VIRTIO_F_VERSION_1 | VIRTIO_BLK_F_SIZE_MAX | \
				 VIRTIO_BLK_F_SEG_MAX | VIRTIO_BLK_F_BLK_SIZE | \
				 VIRTIO_BLK_F_FLUSH | VIRTIO_BLK_F_RO)
#define VTBLK_FEATURES_REQUIRED	VIRTIO_F_VERSION_1
#define VTBLK_QUEUE_SIZE	256	/* descriptors wanted */
#define VTBLK_TIMEOUT_S		30	/* a request the device keeps longer fails it */

/* One request slot, indexed by its chain's head descriptor. */
struct vtblk_req {
	struct virtio_blk_outhdr vbr_hdr;	/* read by the device */
	uint8_t		 vbr_status;		/* written by the device */
	uint16_t	 vbr_ndesc;		/* descriptors in the chain */
	struct buf	*vbr_bp;		/* the request; NULL: slot free */
	uint64_t	 vbr_start_ms;		/* when it was given to the device */
};

struct vtblk_softc {
	struct virtio_device *vtblk_vd;
	char		 vtblk_name[16];	/* "vtbd0" */
	struct bufdev	 vtblk_bdev;		/* the disk for the buffer cache */
	struct disk	 vtblk_disk;		/* the disk for geom */
	struct virtqueue vtblk_vq;		/* the request queue */
	struct mtx	 vtblk_mtx;		/* ring, slots, wait queue, counters */
	struct mtx	 vtblk_intr_mtx;	/* vtblk_intr_pending (set in interrupt) */
	int		 vtblk_intr_pending;
	struct vtblk_req *vtblk_reqs;		/* vq_size slots */
	uint16_t	 vtblk_free;		/* free descriptors, linked through .next */
	uint16_t	 vtblk_nfree;
	struct buf	*vtblk_wait_head;	/* waiting for descriptors (b_driver1 links) */
	struct buf	*vtblk_wait_tail;
	uint32_t	 vtblk_seg_max;		/* data segments a request may have */
	uint32_t	 vtblk_seg_size;	/* largest segment */
	int		 vtblk_failed;		/* the device was given up on */
	struct thread	*vtblk_td;
	struct vtblk_softc *vtblk_next;		/* every vtbd, for `vtbdstat` */
	/* statistics */
	uint64_t	 vtblk_reads, vtblk_writes, vtblk_flushes, vtblk_errors;
	uint64_t	 vtblk_bytes_read, vtblk_bytes_written;
	uint64_t	 vtblk_inflight, vtblk_maxinflight, vtblk_waited, vtblk_intrs;
};

static struct vtblk_softc *vtblk_list;

static const char *
vtblk_feature_name(uint64_t bit)
{
	switch (bit) {
	case VIRTIO_BLK_F_SIZE_MAX:	return ("SIZE_MAX");
	case VIRTIO_BLK_F_SEG_MAX:	return ("SEG_MAX");
	case VIRTIO_BLK_F_GEOMETRY:	return ("GEOMETRY");
	case VIRTIO_BLK_F_RO:		return ("RO");
	case VIRTIO_BLK_F_BLK_SIZE:	return ("BLK_SIZE");
	case VIRTIO_BLK_F_FLUSH:	return ("FLUSH");
	case VIRTIO_BLK_F_TOPOLOGY:	return ("TOPOLOGY");
	case VIRTIO_BLK_F_CONFIG_WCE:	return ("CONFIG_WCE");
	case VIRTIO_BLK_F_MQ:		return ("MQ");
	case VIRTIO_BLK_F_DISCARD:	return ("DISCARD");
	case VIRTIO_BLK_F_WRITE_ZEROES:	return ("WRITE_ZEROES");
	default:			return (NULL);
	}
}

/* ---- interrupt: record and wake ---- */

static void
vtblk_intr(void *arg)
{
	struct vtblk_softc *sc = arg;

	mtx_lock_spin(&sc->vtblk_intr_mtx);
	sc->vtblk_intr_pending = 1;
	sc->vtblk_intrs++;
	mtx_unlock_spin(&sc->vtblk_intr_mtx);
	wakeup(sc);
}

/* ---- building requests (vtblk_mtx held) ---- */

/*
 * The physical segments of [va, va + len): pages merged where physically
 * contiguous, cut at seg_size.  Returns how many, or 0 when more than max.
 */
static uint32_t
vtblk_segments(struct vtblk_softc *sc, uint64_t va, uint32_t len, uint64_t *pa,
    uint32_t *plen, uint32_t max)
{
	uint32_t n = 0, chunk;
	uint64_t p;

	while (len > 0) {
		chunk = PAGE_SIZE - (uint32_t)(va & PAGE_MASK);
		if (chunk > len)
			chunk = len;
		p = pmap_kextract(va);
		if (n > 0 && pa[n - 1] + plen[n - 1] == p &&
		    plen[n - 1] + chunk <= sc->vtblk_seg_size)
			plen[n - 1] += chunk;
		else {
			if (n == max)
				return (0);
			pa[n] = p;
			plen[n++] = chunk;
		}
		va += chunk;
		len -= chunk;
	}
	return (n);
}

static uint16_t
vtblk_desc_get(struct vtblk_softc *sc)
{
	uint16_t id = sc->vtblk_free;

	sc->vtblk_free = sc->vtblk_vq.vq_desc[id].next;
	sc->vtblk_nfree--;
	return (id);
}

static void
vtblk_chain_free(struct vtblk_softc *sc, uint16_t head, uint16_t n)
{
	struct vring_desc *d = sc->vtblk_vq.vq_desc;
	uint16_t id = head, next;

	while (n-- > 0) {
		next = d[id].next;
		d[id].next = sc->vtblk_free;
		sc->vtblk_free = id;
		sc->vtblk_nfree++;
		id = next;
	}
}

/*
 * Gives bp to the device: 1 when sent, 0 when the ring has no room yet,
 * -1 when it can never be sent (too many segments: failed with EIO).
 */
static int
vtblk_send(struct vtblk_softc *sc, struct buf *bp)
{
	struct vring_desc *d = sc->vtblk_vq.vq_desc;
	uint64_t pa[64];
	uint32_t plen[64], nseg = 0, i;
	uint16_t head, id, prev;
	struct vtblk_req *req;
	uint32_t max = sc->vtblk_seg_max < 64 ? sc->vtblk_seg_max : 64;

	if (bp->b_iocmd != BIO_FLUSH &&
	    (nseg = vtblk_segments(sc, (uint64_t)(uintptr_t)bp->b_data, bp->b_bcount, pa, plen,
	    max)) == 0) {
		bp->b_error = EIO;
		return (-1);
	}
	if (sc->vtblk_nfree < nseg + 2)
		return (0);
	head = vtblk_desc_get(sc);
	req = &sc->vtblk_reqs[head];
	req->vbr_bp = bp;
	req->vbr_ndesc = (uint16_t)(nseg + 2);
	req->vbr_status = 0xff;
	req->vbr_start_ms = uptime_us() / 1000;
	req->vbr_hdr.type = bp->b_iocmd == BIO_READ ? VIRTIO_BLK_T_IN :
	    bp->b_iocmd == BIO_WRITE ? VIRTIO_BLK_T_OUT : VIRTIO_BLK_T_FLUSH;
	req->vbr_hdr.ioprio = 0;
	req->vbr_hdr.sector = bp->b_iocmd == BIO_FLUSH ? 0 : bp->b_iooffset / VIRTIO_BLK_SECTOR;
	d[head].addr = pmap_kextract((uint64_t)(uintptr_t)&req->vbr_hdr);
	d[head].len = sizeof(req->vbr_hdr);
	d[head].flags = VRING_DESC_F_NEXT;
	prev = head;
	for (i = 0; i < nseg; i++) {
		id = vtblk_desc_get(sc);
		d[prev].next = id;
		d[id].addr = pa[i];
		d[id].len = plen[i];
		d[id].flags = VRING_DESC_F_NEXT | (bp->b_iocmd == BIO_READ ? VRING_DESC_F_WRITE : 0);
		prev = id;
	}
	id = vtblk_desc_get(sc);
	d[prev].next = id;
	d[id].addr = pmap_kextract((uint64_t)(uintptr_t)&req->vbr_status);
	d[id].len = 1;
	d[id].flags = VRING_DESC_F_WRITE;
	virtqueue_enqueue(&sc->vtblk_vq, head);
	if (++sc->vtblk_inflight > sc->vtblk_maxinflight)
		sc->vtblk_maxinflight = sc->vtblk_inflight;
	return (1);
}

/* Sends waiting requests while there is room; those that can never go end in *done. */
static void
vtblk_start(struct vtblk_softc *sc, struct buf ***donetail)
{
	struct buf *bp;
	int sent = 0, r;

	while ((bp = sc->vtblk_wait_head) != NULL) {
		if ((r = vtblk_send(sc, bp)) == 0)
			break;
		sc->vtblk_wait_head = bp->b_driver1;
		if (sc->vtblk_wait_head == NULL)
			sc->vtblk_wait_tail = NULL;
		bp->b_driver1 = NULL;
		if (r < 0) {
			sc->vtblk_errors++;
			**donetail = bp;
			*donetail = (struct buf **)&bp->b_driver1;
		} else
			sent++;
	}
	if (sent > 0)
		virtqueue_notify(&sc->vtblk_vq);
}

static void
vtblk_done_list(struct buf *bp)
{
	struct buf *next;

	for (; bp != NULL; bp = next) {
		next = bp->b_driver1;
		bp->b_driver1 = NULL;
		bufdone(bp);
	}
}

static void
vtblk_strategy(struct bufdev *dev, struct buf *bp)
{
	struct vtblk_softc *sc = dev->bd_softc;
	struct buf *done = NULL, **tail = &done;

	bp->b_driver1 = NULL;
	mtx_lock(&sc->vtblk_mtx);
	if (sc->vtblk_failed) {
		sc->vtblk_errors++;	/* every request a given-up device gets is one */
		mtx_unlock(&sc->vtblk_mtx);
		bp->b_error = EIO;
		bufdone(bp);
		return;
	}
	if (sc->vtblk_wait_tail != NULL)
		sc->vtblk_wait_tail->b_driver1 = bp;
	else
		sc->vtblk_wait_head = bp;
	sc->vtblk_wait_tail = bp;
	if (sc->vtblk_wait_head != bp)
		sc->vtblk_waited++;
	vtblk_start(sc, &tail);
	mtx_unlock(&sc->vtblk_mtx);
	vtblk_done_list(done);
}

static int
vtblk_flush(struct bufdev *dev)
{
	return (bufdev_io(dev, BIO_FLUSH, 0, NULL, 0));
}

/* ---- completion ---- */

/* One finished request: its slot and descriptors back, its result in bp. */
static struct buf *
vtblk_complete(struct vtblk_softc *sc, uint16_t id)
{
	struct vtblk_req *req = &sc->vtblk_reqs[id];
	struct buf *bp = req->vbr_bp;

	if (bp == NULL) {
		sc->vtblk_errors++;	/* the device returned a slot we did not give it */
		return (NULL);
	}
	req->vbr_bp = NULL;
	vtblk_chain_free(sc, id, req->vbr_ndesc);
	sc->vtblk_inflight--;
	if (req->vbr_status == VIRTIO_BLK_S_OK) {
		bp->b_resid = 0;
		if (bp->b_iocmd == BIO_READ) {
			sc->vtblk_reads++;
			sc->vtblk_bytes_read += bp->b_bcount;
		} else if (bp->b_iocmd == BIO_WRITE) {
			sc->vtblk_writes++;
			sc->vtblk_bytes_written += bp->b_bcount;
		} else
			sc->vtblk_flushes++;
	} else {
		bp->b_error = EIO;
		sc->vtblk_errors++;
	}
	return (bp);
}

/*
 * Gives up on the device: reset (it does no more DMA), every request in
 * flight or waiting ends with EIO, and later ones fail at once.
 */
static void
vtblk_fail(struct vtblk_softc *sc, const char *why, struct buf ***tail)
{
	struct buf *bp;
	uint16_t i;

	printf("%s: %s: device disabled, every request fails with EIO\n", sc->vtblk_name, why);
	sc->vtblk_failed = 1;
	virtio_fail(sc->vtblk_vd);
	for (i = 0; i < sc->vtblk_vq.vq_size; i++)
		if ((bp = sc->vtblk_reqs[i].vbr_bp) != NULL) {
			sc->vtblk_reqs[i].vbr_bp = NULL;
			sc->vtblk_errors++;
			bp->b_error = EIO;
			**tail = bp;
			*tail = (struct buf **)&bp->b_driver1;
		}
	sc->vtblk_inflight = 0;
	while ((bp = sc->vtblk_wait_head) != NULL) {
		sc->vtblk_wait_head = bp->b_driver1;
		bp->b_driver1 = NULL;
		sc->vtblk_errors++;
		bp->b_error = EIO;
		**tail = bp;
		*tail = (struct buf **)&bp->b_driver1;
	}
	sc->vtblk_wait_tail = NULL;
}

static int
vtblk_timed_out(struct vtblk_softc *sc)
{
	uint64_t now = uptime_us() / 1000;
	uint16_t i;

	for (i = 0; i < sc->vtblk_vq.vq_size; i++)
		if (sc->vtblk_reqs[i].vbr_bp != NULL &&
		    now - sc->vtblk_reqs[i].vbr_start_ms > VTBLK_TIMEOUT_S * 1000)
			return (1);
	return (0);
}

static void
vtblk_thread(void *arg)
{
	struct vtblk_softc *sc = arg;
	struct buf *done, **tail, *bp;
	uint32_t len;
	uint16_t id;
	int r;

	for (;;) {
		mtx_lock_spin(&sc->vtblk_intr_mtx);
		if (!sc->vtblk_intr_pending)
			msleep_spin(sc, &sc->vtblk_intr_mtx, "vtbdio", hz > 0 ? hz : 100);
		sc->vtblk_intr_pending = 0;
		mtx_unlock_spin(&sc->vtblk_intr_mtx);

		done = NULL;
		tail = &done;
		mtx_lock(&sc->vtblk_mtx);
		while (!sc->vtblk_failed &&
		    (r = virtqueue_dequeue(&sc->vtblk_vq, &id, &len)) != 0) {
			if (r < 0 || (bp = vtblk_complete(sc, id)) == NULL) {
				vtblk_fail(sc, "bad descriptor id on the used ring", &tail);
				break;
			}
			*tail = bp;
			tail = (struct buf **)&bp->b_driver1;
		}
		if (!sc->vtblk_failed && sc->vtblk_inflight > 0 && vtblk_timed_out(sc))
			vtblk_fail(sc, "request timed out", &tail);
		if (!sc->vtblk_failed)
			vtblk_start(sc, &tail);
		mtx_unlock(&sc->vtblk_mtx);
		vtblk_done_list(done);
	}
}

/* ---- attach ---- */

static int
vtblk_read_config(struct vtblk_softc *sc)
{
	struct virtio_device *vd = sc->vtblk_vd;
	uint64_t capacity;
	uint32_t v;

	if (virtio_read_device_config(vd, VIRTIO_BLK_CONFIG_CAPACITY, &capacity, 8) != 0 ||
	    capacity == 0 || capacity > (UINT64_MAX >> 10)) {
		printf("%s: no usable capacity in the device configuration\n", sc->vtblk_name);
		return (EIO);
	}
	sc->vtblk_bdev.bd_mediasize = capacity * VIRTIO_BLK_SECTOR;
	sc->vtblk_bdev.bd_secsize = VIRTIO_BLK_SECTOR;
	if (virtio_with_feature(vd, VIRTIO_BLK_F_BLK_SIZE) &&
	    virtio_read_device_config(vd, VIRTIO_BLK_CONFIG_BLK_SIZE, &v, 4) == 0) {
		if (v >= 512 && v <= 65536 && (v & (v - 1)) == 0)
			sc->vtblk_bdev.bd_secsize = v;
		else
			printf("%s: ignoring block size %u\n", sc->vtblk_name, v);
	}
	sc->vtblk_seg_max = 1;
	if (virtio_with_feature(vd, VIRTIO_BLK_F_SEG_MAX) &&
	    virtio_read_device_config(vd, VIRTIO_BLK_CONFIG_SEG_MAX, &v, 4) == 0 && v > 0)
		sc->vtblk_seg_max = v;
	sc->vtblk_seg_size = 1u << 22;
	if (virtio_with_feature(vd, VIRTIO_BLK_F_SIZE_MAX) &&
	    virtio_read_device_config(vd, VIRTIO_BLK_CONFIG_SIZE_MAX, &v, 4) == 0 &&
	    v >= PAGE_SIZE)
		sc->vtblk_seg_size = v;
	return (0);
}

static int
vtblk_alloc_queue(struct vtblk_softc *sc)
{
	struct vq_alloc_info info = { "io", VTBLK_QUEUE_SIZE, vtblk_intr, sc, &sc->vtblk_vq };
	uint16_t i;

	if (virtio_alloc_virtqueues(sc->vtblk_vd, 1, &info) != 0)
		return (EIO);
	sc->vtblk_reqs = malloc(sizeof(*sc->vtblk_reqs) * sc->vtblk_vq.vq_size, M_VTBLK,
	    M_WAITOK | M_ZERO);
	for (i = 0; i < sc->vtblk_vq.vq_size; i++)
		sc->vtblk_vq.vq_desc[i].next = (uint16_t)(i + 1);
	sc->vtblk_free = 0;
	sc->vtblk_nfree = sc->vtblk_vq.vq_size;
	return (0);
}

static int
vtblk_attach(struct virtio_device *vd)
{
	struct vtblk_softc *sc = malloc(sizeof(*sc), M_VTBLK, M_WAITOK | M_ZERO);
	struct vtblk_softc **tailp;
	char feat[160], sz[24];

	sc->vtblk_vd = vd;
	vd->vd_softc = sc;
	snprintf(sc->vtblk_name, sizeof(sc->vtblk_name), "vtbd%d", vd->vd_unit);
	mtx_init(&sc->vtblk_mtx, "vtblk", MTX_DEF);
	mtx_init(&sc->vtblk_intr_mtx, "vtblk intr", MTX_SPIN);
	if (virtio_negotiate_features(vd, VTBLK_FEATURES_WANTED, VTBLK_FEATURES_REQUIRED) != 0)
		goto fail_free;
	if (vtblk_read_config(sc) != 0)
		goto fail_device;
	if (vtblk_alloc_queue(sc) != 0)
		goto fail_device;
	strlcpy(sc->vtblk_bdev.bd_name, sc->vtblk_name, sizeof(sc->vtblk_bdev.bd_name));
	sc->vtblk_bdev.bd_readonly = virtio_with_feature(vd, VIRTIO_BLK_F_RO);
	sc->vtblk_bdev.bd_strategy = vtblk_strategy;
	sc->vtblk_bdev.bd_flush = virtio_with_feature(vd, VIRTIO_BLK_F_FLUSH) ? vtblk_flush : NULL;
	sc->vtblk_bdev.bd_softc = sc;
	sc->vtblk_td = kthread_create(vtblk_thread, sc, PRI_KERN, NOCPU, "%s", sc->vtblk_name);
	virtio_driver_ok(vd);
	for (tailp = &vtblk_list; *tailp != NULL; tailp = &(*tailp)->vtblk_next)
		;
	*tailp = sc;
	virtio_features_string(vd, vd->vd_features, feat, sizeof(feat));
	snprintf(sz, sizeof(sz), "%llu MiB",
	    (unsigned long long)(sc->vtblk_bdev.bd_mediasize >> 20));
	printf("%s: <VirtIO block device> at %s, %s, %u-byte sectors%s, queue %u, "
	    "seg_max %u, features <%s>\n", sc->vtblk_name, vd->vd_location, sz,
	    sc->vtblk_bdev.bd_secsize, sc->vtblk_bdev.bd_readonly ? ", read-only" : "",
	    sc->vtblk_vq.vq_size, sc->vtblk_seg_max, feat);
	sc->vtblk_disk.d_dev = &sc->vtblk_bdev;
	sc->vtblk_disk.d_descr = "VirtIO block device";
	disk_create(&sc->vtblk_disk);
	return (0);

fail_device:
	virtio_fail(vd);
fail_free:
	vd->vd_softc = NULL;
	free(sc, M_VTBLK);
	return (EIO);
}

static const struct virtio_driver vtblk_driver = {
	.vdrv_name = "vtblk",
	.vdrv_type = VIRTIO_ID_BLOCK,
	.vdrv_feature_name = vtblk_feature_name,
	.vdrv_attach = vtblk_attach,
};
VIRTIO_DRIVER(vtblk_driver);

/* ---- vtbdstat ---- */

static int
cmd_vtbdstat(int argc, char **argv)
{
	struct vtblk_softc *sc;

	(void)argc;
	(void)argv;
	if (vtblk_list == NULL) {
		printf("vtbdstat: no virtio block devices\n");
		return (1);
	}
	for (sc = vtblk_list; sc != NULL; sc = sc->vtblk_next) {
		mtx_lock(&sc->vtblk_mtx);
		printf("%s: reads %llu (%llu KiB) writes %llu (%llu KiB) flushes %llu errors %llu "
		    "in flight %llu (max %llu) waited %llu interrupts %llu%s\n", sc->vtblk_name,
		    (unsigned long long)sc->vtblk_reads,
		    (unsigned long long)(sc->vtblk_bytes_read >> 10),
		    (unsigned long long)sc->vtblk_writes,
		    (unsigned long long)(sc->vtblk_bytes_written >> 10),
		    (unsigned long long)sc->vtblk_flushes, (unsigned long long)sc->vtblk_errors,
		    (unsigned long long)sc->vtblk_inflight,
		    (unsigned long long)sc->vtblk_maxinflight,
		    (unsigned long long)sc->vtblk_waited, (unsigned long long)sc->vtblk_intrs,
		    sc->vtblk_failed ? " FAILED" : "");
		mtx_unlock(&sc->vtblk_mtx);
	}
	return (0);
}
SHELL_COMMAND(vtbdstat, cmd_vtbdstat, "vtbdstat", "virtio block devices: requests, errors");
