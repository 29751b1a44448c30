/*
 * The transport's side of the virtio interface: the methods a transport
 * (today the modern PCI one, pci/virtio_pci_modern.c; an MMIO transport
 * would be another) implements for virtio.c, which sequences them for the
 * driver API of virtio.h.  Device drivers never include this file.
 *
 * A transport that finds a device looks up its driver by type with
 * virtio_driver_lookup(), embeds a struct virtio_device in its own state
 * with vd_transport pointing at its methods, and calls the driver's
 * attach; after a failed attach it calls virtio_fail() itself too.
 */
#ifndef DEV_VIRTIO_VIRTIO_BUS_H
#define DEV_VIRTIO_VIRTIO_BUS_H

#include <stdint.h>
#include <dev/virtio/virtio.h>

struct virtio_transport {
	const char	*vt_name;	/* "virtio_pci", for messages */
	uint8_t		(*vt_get_status)(struct virtio_device *vd);
	void		(*vt_set_status)(struct virtio_device *vd, uint8_t status);
	/* Writes 0 and waits for the device to finish; 0, or -1 with a message. */
	int		(*vt_reset)(struct virtio_device *vd);
	uint64_t	(*vt_read_features)(struct virtio_device *vd);	/* offered */
	void		(*vt_write_features)(struct virtio_device *vd, uint64_t features);
	/* Device config [off, off+len), consistent (generation checked); 0 or -1. */
	int		(*vt_read_config)(struct virtio_device *vd, uint32_t off, void *buf,
			    uint32_t len);
	uint16_t	(*vt_queue_max)(struct virtio_device *vd, int idx);	/* 0: none */
	/*
	 * Reserves and registers the interrupts for queues 0..n-1 (those with
	 * a handler) and, when the driver has config_change, for the
	 * configuration; left masked.  0, or -1 with a message, nothing held.
	 */
	int		(*vt_setup_intrs)(struct virtio_device *vd, int n,
			    const struct vq_alloc_info *info);
	/* Gives the device queue vq's rings and interrupt, sets its doorbell; 0 or -1. */
	int		(*vt_queue_setup)(struct virtio_device *vd, struct virtqueue *vq);
	void		(*vt_enable_intrs)(struct virtio_device *vd);	/* unmask */
	/* Masks and releases what vt_setup_intrs took (device reset first). */
	void		(*vt_release_intrs)(struct virtio_device *vd);
	/* Delivers queue idx's interrupt to CPU `cpu`; 0, or -1 (no such interrupt). */
	int		(*vt_bind_intr)(struct virtio_device *vd, int idx, unsigned cpu);
};

/* The driver registered for device type `type`, or NULL. */
const struct virtio_driver *virtio_driver_lookup(int type);

#endif
