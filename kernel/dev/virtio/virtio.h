/*
 * The virtio driver interface: all a device driver (vtnet, a block or a
 * crypto driver) uses, whatever transport carries its device.  A driver
 * registers with VIRTIO_DRIVER() for one device type.  The transport that
 * finds such a device (pci/virtio_pci_modern.c) names it after the driver
 * (vtnet0), fills in a struct virtio_device and calls the driver's attach,
 * which then follows the initialisation order of spec 3.1.1:
 *
 *   virtio_negotiate_features(vd, wanted, required)  reset .. FEATURES_OK
 *   virtio_read_device_config(vd, off, buf, len)     device-specific fields
 *   virtio_alloc_virtqueues(vd, n, info)             rings, one interrupt each
 *   ... offer receive buffers (virtqueue.h) ...
 *   virtio_driver_ok(vd)                             interrupts on, DRIVER_OK
 *
 * Queue i of the device is info[i]: a multiqueue NIC asks for rx0, tx0,
 * rx1, tx1, ... and gets an interrupt vector for each queue that has a
 * handler, plus one for configuration changes when the driver has a
 * config_change method.  Buffers are offered and the doorbell rung with
 * virtqueue_enqueue()/virtqueue_notify() (virtqueue.h).
 *
 * When attach fails after negotiation, the driver calls virtio_fail()
 * before freeing its own buffers: the device is reset first (it does no
 * more DMA), then its interrupts are released and its rings freed.
 * The transport's side of this contract is virtio_bus.h.
 */
#ifndef DEV_VIRTIO_VIRTIO_H
#define DEV_VIRTIO_VIRTIO_H

#include <stddef.h>
#include <stdint.h>
#include <sys/linker_set.h>
#include <dev/virtio/virtio_config.h>

struct virtio_transport;
struct virtqueue;

/* One device, as its driver sees it; the transport owns the structure. */
struct virtio_device {
	const struct virtio_transport *vd_transport;	/* its methods (virtio_bus.h) */
	const struct virtio_driver *vd_driver;	/* the driver attached to it */
	void		*vd_softc;	/* the driver's state, set by its attach */
	char		 vd_name[16];	/* "vtnet0": driver name and unit */
	char		 vd_location[24];	/* where the transport found it: "pci0:0:2:0" */
	int		 vd_type;	/* VIRTIO_ID_* */
	int		 vd_unit;	/* the 0 of vtnet0 */
	uint64_t	 vd_host_features;	/* what the device offers */
	uint64_t	 vd_features;	/* what was negotiated */
	int		 vd_nvqs;	/* queues given to the device */
	struct virtqueue **vd_vqs;	/* them, by queue index */
	int		 vd_config_vector;	/* CPU vector of config changes, 0: none */
};

/* A device driver, found by the device type it drives. */
struct virtio_driver {
	const char	*vdrv_name;	/* unit names: "vtnet" -> vtnet0 */
	int		 vdrv_type;	/* the VIRTIO_ID_* it drives */
	/* Names of its device-specific feature bits, for messages; NULL if unknown. */
	const char	*(*vdrv_feature_name)(uint64_t bit);
	/* 0, or an errno with a message printed (and virtio_fail() called). */
	int		(*vdrv_attach)(struct virtio_device *vd);
	/* The device changed its configuration (interrupt context); NULL: not wanted. */
	void		(*vdrv_config_change)(struct virtio_device *vd);
};
#define VIRTIO_DRIVER(drv)	DATA_SET(virtio_driver_set, drv)

/* A queue or configuration interrupt handler (interrupt context, must not sleep). */
typedef void virtio_intr_t(void *arg);

/* What the driver asks for queue i: virtio_alloc_virtqueues(vd, n, info[n]). */
struct vq_alloc_info {
	const char	*vqai_name;	/* "rx": its interrupt is "vtnet0:rx" in vmstat -i */
	uint16_t	 vqai_maxsize;	/* entries wanted, a power of two (fewer if the
					   device holds fewer) */
	virtio_intr_t	*vqai_intr;	/* completion handler, NULL: no interrupt (polled) */
	void		*vqai_arg;	/* its argument */
	struct virtqueue *vqai_vq;	/* the driver's queue structure, filled in */
};

/*
 * Reset, ACKNOWLEDGE, DRIVER, then the features: takes `wanted` & offered.
 * Fails (device marked FAILED, a message naming each missing feature) when
 * a bit of `required` is not offered or the device refuses the set.
 */
int	virtio_negotiate_features(struct virtio_device *vd, uint64_t wanted,
	    uint64_t required);
static inline int
virtio_with_feature(const struct virtio_device *vd, uint64_t feature)
{
	return ((vd->vd_features & feature) != 0);
}
/* A consistent copy of device config [off, off+len); 0, or -1 (absent or torn). */
int	virtio_read_device_config(struct virtio_device *vd, uint32_t off, void *buf,
	    uint32_t len);
/* Largest size of queue `idx`, 0 when the device has no such queue. */
uint16_t virtio_queue_max(struct virtio_device *vd, int idx);
/*
 * Queues 0..n-1 as info[] asks, each given to the device with its rings
 * and interrupt; the configuration interrupt too when the driver has
 * config_change.  0, or -1 with a message and nothing left allocated.
 */
int	virtio_alloc_virtqueues(struct virtio_device *vd, int n,
	    struct vq_alloc_info *info);
/*
 * Queue idx's interrupt delivered to CPU `cpu` from now on (they go to the
 * boot CPU until then): a multiqueue driver serves each queue on its own
 * CPU.  0, or -1 when the queue has no interrupt or the CPU is not running.
 */
int	virtio_bind_intr(struct virtio_device *vd, int idx, unsigned cpu);
/* Interrupts on and DRIVER_OK: the device is live. */
void	virtio_driver_ok(struct virtio_device *vd);
/* Reset (no more DMA), interrupts released, rings freed, FAILED set; idempotent. */
void	virtio_fail(struct virtio_device *vd);

/* "VERSION_1,MAC,STATUS": a feature set named by transport and driver bits. */
void	virtio_features_string(const struct virtio_device *vd, uint64_t features,
	    char *buf, size_t len);
const char *virtio_type_name(int type);		/* "network", ... */
/* "VERSION_1", "RING_EVENT_IDX", ... for transport bits, NULL otherwise. */
const char *virtio_feature_name(uint64_t bit);

#endif
