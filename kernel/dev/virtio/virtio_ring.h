/*
 * Split virtqueue rings (virtio spec 2.7) in wire terms: the descriptor
 * table, the available ring the driver fills and the used ring the device
 * returns buffers on.  All fields little-endian (x86: native).  The
 * driver's view of a queue and its operations are virtqueue.h.
 */
#ifndef DEV_VIRTIO_VIRTIO_RING_H
#define DEV_VIRTIO_VIRTIO_RING_H

#include <stdint.h>

struct vring_desc {
	uint64_t	addr;		/* guest physical address of the buffer */
	uint32_t	len;		/* its length */
	uint16_t	flags;		/* VRING_DESC_F_* */
	uint16_t	next;		/* chained descriptor when F_NEXT */
};
#define VRING_DESC_F_NEXT	1	/* continues in `next` */
#define VRING_DESC_F_WRITE	2	/* device writes (receive buffer) */

struct vring_avail {
	uint16_t	flags;		/* VRING_AVAIL_F_NO_INTERRUPT */
	uint16_t	idx;		/* where the driver puts the next entry (mod size) */
	uint16_t	ring[];		/* descriptor heads offered */
};
#define VRING_AVAIL_F_NO_INTERRUPT	1

struct vring_used_elem {
	uint32_t	id;		/* descriptor head returned */
	uint32_t	len;		/* bytes the device wrote into it */
};

struct vring_used {
	uint16_t	flags;		/* VRING_USED_F_NO_NOTIFY */
	uint16_t	idx;		/* where the device puts the next entry */
	struct vring_used_elem ring[];
};
#define VRING_USED_F_NO_NOTIFY	1

#define VIRTQUEUE_MAX_SIZE	32768	/* largest split ring (spec 2.7) */

#endif
