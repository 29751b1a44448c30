/*
 * Split virtqueue rings in physically contiguous pages from the page
 * allocator: the descriptor table, then the available ring, then (on a
 * fresh page) the used ring.  Memory ordering: x86 keeps stores in order
 * and loads in order, so only the compiler must be stopped from moving
 * ring accesses across the index updates -- except between publishing
 * avail->idx and reading the device's NO_NOTIFY flag, a store then a load,
 * which needs a full fence.
 *
 * The used ring is the device's word and is checked like any input: ids
 * are range-checked at their full 32 bits, must name a descriptor the
 * device holds (so a duplicate can never free a buffer twice or hand out
 * one still in flight), and used->idx may not run ahead of what it holds.
 */
#include <sys/systm.h>
#include <sys/malloc.h>
#include <machine/vmparam.h>
#include <vm/vm_phys.h>
#include <dev/virtio/virtqueue.h>

#define compiler_barrier()	__asm__ volatile("" ::: "memory")

int
virtqueue_alloc(struct virtqueue *vq, int index, uint16_t size)
{
	uint64_t desc_len = 16ULL * size, avail_len = 6 + 2ULL * size;
	uint64_t used_off = round_page(desc_len + avail_len);
	uint64_t used_len = 6 + 8ULL * size, pages, pa;
	uint8_t *va;

	if (size == 0 || (size & (size - 1)) != 0 || size > VIRTQUEUE_MAX_SIZE)
		return (-1);
	pages = (used_off + round_page(used_len)) / PAGE_SIZE;
	if ((pa = vm_phys_alloc_contig(pages)) == 0)
		return (-1);
	va = (uint8_t *)PHYS_TO_DMAP(pa);
	memset(va, 0, pages * PAGE_SIZE);
	memset(vq, 0, sizeof(*vq));
	if ((vq->vq_inflight = malloc(size, M_DEVBUF, M_NOWAIT | M_ZERO)) == NULL) {
		for (uint64_t i = 0; i < pages; i++)
			vm_phys_free_page(pa + i * PAGE_SIZE);
		return (-1);
	}
	vq->vq_index = index;
	vq->vq_size = size;
	vq->vq_mem_pa = pa;
	vq->vq_mem_pages = pages;
	vq->vq_desc = (struct vring_desc *)va;
	vq->vq_avail = (struct vring_avail *)(va + desc_len);
	vq->vq_used = (struct vring_used *)(va + used_off);
	vq->vq_desc_pa = pa;
	vq->vq_avail_pa = pa + desc_len;
	vq->vq_used_pa = pa + used_off;
	return (0);
}

void
virtqueue_free(struct virtqueue *vq)
{
	uint64_t i;

	for (i = 0; i < vq->vq_mem_pages; i++)
		vm_phys_free_page(vq->vq_mem_pa + i * PAGE_SIZE);
	vq->vq_mem_pages = 0;
	free(vq->vq_inflight, M_DEVBUF);
	vq->vq_inflight = NULL;
}

void
virtqueue_enqueue(struct virtqueue *vq, uint16_t id)
{
	if (id >= vq->vq_size || vq->vq_inflight[id])
		panic("virtqueue %d: descriptor %u offered while the device holds it",
		    vq->vq_index, id);
	vq->vq_inflight[id] = 1;
	vq->vq_ninflight++;
	vq->vq_avail->ring[vq->vq_avail_next & (vq->vq_size - 1)] = id;
	vq->vq_avail_next++;
}

void
virtqueue_notify(struct virtqueue *vq)
{
	compiler_barrier();	/* ring entries (and descriptors) before the index */
	*(volatile uint16_t *)&vq->vq_avail->idx = vq->vq_avail_next;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);	/* idx store before the flags load */
	if ((*(volatile uint16_t *)&vq->vq_used->flags & VRING_USED_F_NO_NOTIFY) == 0 &&
	    vq->vq_notify != NULL) {
		*vq->vq_notify = (uint16_t)vq->vq_index;
		vq->vq_notifies++;
	}
}

int
virtqueue_pending(struct virtqueue *vq)
{
	uint16_t n = (uint16_t)(*(volatile uint16_t *)&vq->vq_used->idx - vq->vq_used_next);

	if (vq->vq_broken)
		return (0);
	if (n > vq->vq_ninflight) {
		/* Entries it never had: reading them would process buffers twice. */
		vq->vq_broken = 1;
		vq->vq_refused++;
		printf("virtqueue %d: device reports %u used entries, holds %u buffers: "
		    "queue stopped\n", vq->vq_index, n, vq->vq_ninflight);
		return (0);
	}
	return (n);
}

int
virtqueue_dequeue(struct virtqueue *vq, uint16_t *id, uint32_t *len)
{
	volatile struct vring_used_elem *e;
	uint32_t head;

	if (virtqueue_pending(vq) == 0)
		return (0);
	compiler_barrier();	/* the index before the entry it covers */
	e = &vq->vq_used->ring[vq->vq_used_next & (vq->vq_size - 1)];
	head = e->id;		/* all 32 bits: 65537 must not pass for 1 */
	*len = e->len;
	vq->vq_used_next++;
	vq->vq_completed++;
	/* The device's word: a head we never offered, or not now, is an error. */
	if (head >= vq->vq_size || !vq->vq_inflight[head]) {
		vq->vq_refused++;
		return (-1);
	}
	vq->vq_inflight[head] = 0;
	vq->vq_ninflight--;
	*id = (uint16_t)head;
	return (1);
}

void
virtqueue_disable_intr(struct virtqueue *vq)
{
	*(volatile uint16_t *)&vq->vq_avail->flags |= VRING_AVAIL_F_NO_INTERRUPT;
}

int
virtqueue_enable_intr(struct virtqueue *vq)
{
	*(volatile uint16_t *)&vq->vq_avail->flags &= (uint16_t)~VRING_AVAIL_F_NO_INTERRUPT;
	/* The flag store before the index load: else an entry could slip by unsignalled. */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	return (virtqueue_pending(vq) != 0);
}
