/*
 * Host driver of kernel/dev/virtio/virtqueue.c (built unchanged over the
 * stand-ins in tests/host/kernel/dev/virtio/kshim/) for tests/host/kernel/dev/virtio/test_virtqueue.py.
 * It plays both sides of one split virtqueue: the driver, through the
 * virtqueue API, and a device -- possibly a hostile one -- by writing the
 * used ring directly, as a device does.  Commands, one a line:
 *   alloc N          virtqueue_alloc with N entries: "alloc rc=R"
 *   enq ID           virtqueue_enqueue (the driver offers a descriptor)
 *   used ID LEN      device: a used entry with this 32-bit id, then used->idx++
 *   jump K           device: used->idx += K with no entries written
 *   deq              virtqueue_dequeue: "deq r=R id=I len=L"
 *   pending          "pending N"
 *   stats            "stats refused=R broken=B inflight=N completed=C"
 * At the end the queue is freed (the sanitizer checks nothing leaked).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sys/systm.h>
#include <vm/vm_phys.h>
#include <dev/virtio/virtqueue.h>

/* The page allocator stand-in: runs freed once all their pages are. */
static struct run {
	uint8_t		*base;		/* aligned_alloc'ed run */
	uint64_t	 npages;	/* its pages */
	uint64_t	 freed;		/* pages handed back so far */
} runs[16];

uint64_t
vm_phys_alloc_contig(uint64_t npages)
{
	for (int i = 0; i < 16; i++) {
		if (runs[i].base != NULL)
			continue;
		runs[i].base = aligned_alloc(4096, npages * 4096);
		runs[i].npages = npages;
		runs[i].freed = 0;
		return ((uint64_t)runs[i].base);
	}
	return (0);
}

void
vm_phys_free_page(uint64_t pa)
{
	for (int i = 0; i < 16; i++) {
		uint64_t b = (uint64_t)runs[i].base;

		if (runs[i].base != NULL && pa >= b && pa < b + runs[i].npages * 4096 &&
		    ++runs[i].freed == runs[i].npages) {
			free(runs[i].base);
			runs[i].base = NULL;
		}
	}
}

int
main(void)
{
	static struct virtqueue vq;
	char line[256];
	unsigned long a, b;
	uint16_t id;
	uint32_t len;
	int allocated = 0;

	setvbuf(stdout, NULL, _IONBF, 0);
	while (fgets(line, sizeof(line), stdin) != NULL) {
		if (sscanf(line, "alloc %lu", &a) == 1) {
			int rc = virtqueue_alloc(&vq, 0, (uint16_t)a);

			allocated = rc == 0;
			printf("alloc rc=%d\n", rc);
		} else if (sscanf(line, "enq %lu", &a) == 1) {
			virtqueue_enqueue(&vq, (uint16_t)a);
		} else if (sscanf(line, "used %lu %lu", &a, &b) == 2) {
			uint16_t i = vq.vq_used->idx;

			vq.vq_used->ring[i & (vq.vq_size - 1)].id = (uint32_t)a;
			vq.vq_used->ring[i & (vq.vq_size - 1)].len = (uint32_t)b;
			vq.vq_used->idx = (uint16_t)(i + 1);
		} else if (sscanf(line, "jump %lu", &a) == 1) {
			vq.vq_used->idx = (uint16_t)(vq.vq_used->idx + a);
		} else if (strncmp(line, "deq", 3) == 0) {
			int r;

			id = 0xffff;
			len = 0;
			r = virtqueue_dequeue(&vq, &id, &len);
			printf("deq r=%d id=%u len=%u\n", r, id, len);
		} else if (strncmp(line, "pending", 7) == 0) {
			printf("pending %d\n", virtqueue_pending(&vq));
		} else if (strncmp(line, "stats", 5) == 0) {
			printf("stats refused=%llu broken=%d inflight=%u completed=%llu\n",
			    (unsigned long long)vq.vq_refused, vq.vq_broken, vq.vq_ninflight,
			    (unsigned long long)vq.vq_completed);
		}
	}
	if (allocated)
		virtqueue_free(&vq);
	return (0);
}
