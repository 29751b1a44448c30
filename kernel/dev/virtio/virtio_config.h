/*
 * virtio 1.x (OASIS virtio spec 1.1+) in wire terms, for every transport
 * and device: the device status byte, the transport-level feature bits and
 * the device type numbers.  The driver interface is virtio.h; the ring
 * layout virtio_ring.h; each transport's registers its own header
 * (pci/virtio_pci_modern.h).
 */
#ifndef DEV_VIRTIO_VIRTIO_CONFIG_H
#define DEV_VIRTIO_VIRTIO_CONFIG_H

/* Device status (spec 2.1): set in this order during initialisation. */
#define VIRTIO_CONFIG_S_ACK		0x01	/* the guest noticed the device */
#define VIRTIO_CONFIG_S_DRIVER		0x02	/* and has a driver for it */
#define VIRTIO_CONFIG_S_DRIVER_OK	0x04	/* driver ready: the device is live */
#define VIRTIO_CONFIG_S_FEATURES_OK	0x08	/* feature set accepted */
#define VIRTIO_CONFIG_S_NEEDS_RESET	0x40	/* device hit an error */
#define VIRTIO_CONFIG_S_FAILED		0x80	/* the driver gave up */

/* Transport feature bits (spec 6). */
#define VIRTIO_F_NOTIFY_ON_EMPTY	(1ULL << 24)	/* legacy */
#define VIRTIO_F_ANY_LAYOUT		(1ULL << 27)	/* legacy */
#define VIRTIO_F_INDIRECT_DESC		(1ULL << 28)
#define VIRTIO_F_RING_EVENT_IDX		(1ULL << 29)
#define VIRTIO_F_VERSION_1		(1ULL << 32)	/* modern (1.x) device */
#define VIRTIO_F_ACCESS_PLATFORM	(1ULL << 33)	/* behind an IOMMU */
#define VIRTIO_F_RING_PACKED		(1ULL << 34)

/* Device types (spec 5). */
#define VIRTIO_ID_NETWORK	1
#define VIRTIO_ID_BLOCK		2
#define VIRTIO_ID_CONSOLE	3
#define VIRTIO_ID_ENTROPY	4
#define VIRTIO_ID_BALLOON	5
#define VIRTIO_ID_SCSI		8
#define VIRTIO_ID_9P		9
#define VIRTIO_ID_CRYPTO	20

#endif
