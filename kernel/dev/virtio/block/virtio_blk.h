/*
 * virtio block device (spec 5.2): feature bits, the device configuration
 * layout, and the request's wire format: a header the device reads, the
 * data, and a status byte the device writes.
 */
#ifndef DEV_VIRTIO_BLOCK_VIRTIO_BLK_H
#define DEV_VIRTIO_BLOCK_VIRTIO_BLK_H

#include <stdint.h>

/* Feature bits (spec 5.2.3). */
#define VIRTIO_BLK_F_SIZE_MAX		(1ULL << 1)	/* config size_max: largest segment */
#define VIRTIO_BLK_F_SEG_MAX		(1ULL << 2)	/* config seg_max: segments a request */
#define VIRTIO_BLK_F_GEOMETRY		(1ULL << 4)
#define VIRTIO_BLK_F_RO			(1ULL << 5)	/* read-only */
#define VIRTIO_BLK_F_BLK_SIZE		(1ULL << 6)	/* config blk_size: logical block */
#define VIRTIO_BLK_F_FLUSH		(1ULL << 9)	/* FLUSH requests (a write cache) */
#define VIRTIO_BLK_F_TOPOLOGY		(1ULL << 10)
#define VIRTIO_BLK_F_CONFIG_WCE		(1ULL << 11)
#define VIRTIO_BLK_F_MQ			(1ULL << 12)
#define VIRTIO_BLK_F_DISCARD		(1ULL << 13)
#define VIRTIO_BLK_F_WRITE_ZEROES	(1ULL << 14)

/* Device configuration (spec 5.2.4): byte offsets. */
#define VIRTIO_BLK_CONFIG_CAPACITY	0	/* u64: size in 512-byte sectors */
#define VIRTIO_BLK_CONFIG_SIZE_MAX	8	/* u32, with F_SIZE_MAX */
#define VIRTIO_BLK_CONFIG_SEG_MAX	12	/* u32, with F_SEG_MAX */
#define VIRTIO_BLK_CONFIG_BLK_SIZE	20	/* u32, with F_BLK_SIZE */

#define VIRTIO_BLK_SECTOR		512	/* the unit of capacity and of requests */

/* Request header (spec 5.2.6), read by the device. */
struct virtio_blk_outhdr {
	uint32_t	type;		/* VIRTIO_BLK_T_* */
	uint32_t	ioprio;		/* 0 */
	uint64_t	sector;		/* first 512-byte sector */
};
#define VIRTIO_BLK_T_IN		0	/* read */
#define VIRTIO_BLK_T_OUT	1	/* write */
#define VIRTIO_BLK_T_FLUSH	4	/* make earlier writes stable */
#define VIRTIO_BLK_T_GET_ID	8

/* Status byte, written by the device after the data. */
#define VIRTIO_BLK_S_OK		0
#define VIRTIO_BLK_S_IOERR	1
#define VIRTIO_BLK_S_UNSUPP	2

#endif
