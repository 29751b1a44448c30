/*
 * A split virtqueue as its driver sees it (the rings' wire layout is
 * virtio_ring.h).  virtio_alloc_virtqueues() (virtio.h) allocates the
 * rings, gives them to the device and sets the queue's doorbell and
 * interrupt; the operations below are the same whatever the transport.
 *
 * Drivers own the descriptors' contents: they fill desc[i] and then
 * virtqueue_enqueue(vq, i) offers it; virtqueue_dequeue() hands back what
 * the device finished with.  One producer and one consumer side per queue:
 * callers serialise each side themselves.
 */
#ifndef DEV_VIRTIO_VIRTQUEUE_H
#define DEV_VIRTIO_VIRTQUEUE_H

#include <stdint.h>
#include <dev/virtio/virtio_ring.h>

struct virtqueue {
	int		 vq_index;	/* queue number in the device */
	uint16_t	 vq_size;	/* entries (a power of two) */
	struct vring_desc *vq_desc;	/* descriptor table (DMAP) */
	struct vring_avail *vq_avail;	/* available ring */
	struct vring_used *vq_used;	/* used ring */
	uint64_t	 vq_desc_pa;	/* their physical addresses, for the device */
	uint64_t	 vq_avail_pa;
	uint64_t	 vq_used_pa;
	uint64_t	 vq_mem_pa;	/* the contiguous pages holding all three */
	uint64_t	 vq_mem_pages;
	uint16_t	 vq_avail_next;	/* driver's shadow of avail->idx */
	uint16_t	 vq_used_next;	/* next used entry to consume */
	volatile uint16_t *vq_notify;	/* its doorbell, set by the transport */
	int		 vq_intr_vector;	/* CPU vector of its interrupt, 0: none */
	uint64_t	 vq_notifies;	/* doorbell writes (statistics) */
	uint64_t	 vq_completed;	/* used entries consumed (statistics) */
	/*
	 * What the device says is checked against this driver-private record
	 * (never in memory the device can write): which descriptors it holds.
	 */
	uint8_t		*vq_inflight;	/* [vq_size]: 1 from enqueue to dequeue */
	uint16_t	 vq_ninflight;	/* descriptors the device holds */
	uint64_t	 vq_refused;	/* used entries refused: bad id, or not the device's */
	int		 vq_broken;	/* used->idx claimed more than the device holds: stopped */
};

/*
 * Zeroed rings for `size` entries; 0, or -1 when out of memory.  Drivers
 * get their queues from virtio_alloc_virtqueues(), which calls these.
 */
int	virtqueue_alloc(struct virtqueue *vq, int index, uint16_t size);
void	virtqueue_free(struct virtqueue *vq);
/*
 * Offers descriptor head `id`; visible to the device after virtqueue_notify().
 * Offering one the device still holds is a driver bug (panic).
 */
void	virtqueue_enqueue(struct virtqueue *vq, uint16_t id);
/* Publishes what was enqueued and rings the doorbell unless told not to. */
void	virtqueue_notify(struct virtqueue *vq);
/*
 * Next finished buffer: 1 with *id and *len set, 0 when none, -1 when the
 * device returned an id outside the table or one it does not hold (the
 * entry is consumed and counted in vq_refused; nothing to recycle).  A
 * device whose used->idx claims more entries than it holds buffers has
 * broken the ring: the queue is stopped (vq_broken), reporting nothing.
 */
int	virtqueue_dequeue(struct virtqueue *vq, uint16_t *id, uint32_t *len);
/*
 * Interrupt suppression while the consumer drains anyway (a hint: the
 * device may still interrupt).  virtqueue_enable_intr() returns 1 when
 * entries arrived meanwhile: the caller must drain again, as no interrupt
 * will announce them.
 */
void	virtqueue_disable_intr(struct virtqueue *vq);
int	virtqueue_enable_intr(struct virtqueue *vq);
/* Used entries waiting (without consuming them); 0 once the queue is broken. */
int	virtqueue_pending(struct virtqueue *vq);

#endif
