/*
 * virtio 1.x (OASIS virtio spec 1.1+): what every device shares, in wire
 * terms -- the status byte, the transport-level feature bits, the device
 * types and the PCI ids that carry them.  The PCI transport is in
 * pci/virtio_pci_modern.*, the rings in virtqueue.*, devices below.
 */
#ifndef DEV_VIRTIO_VIRTIO_H
#define DEV_VIRTIO_VIRTIO_H

#include <stdint.h>

/* Device status (spec 2.1): set in this order during initialisation. */
#define VIRTIO_CONFIG_S_ACK		0x01	/* the guest noticed the device */
#define VIRTIO_CONFIG_S_DRIVER		0x02	/* and has a driver for it */
#define VIRTIO_CONFIG_S_DRIVER_OK	0x04	/* driver ready: the device is live */
#define VIRTIO_CONFIG_S_FEATURES_OK	0x08	/* feature set accepted */
#define VIRTIO_CONFIG_S_NEEDS_RESET	0x40	/* device hit an error */
#define VIRTIO_CONFIG_S_FAILED		0x80	/* the driver gave up */

/* Transport feature bits (spec 6). */
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

/* PCI ids (spec 4.1.2). */
#define VIRTIO_PCI_VENDOR		0x1af4
#define VIRTIO_PCI_DEVICE_LEGACY_MIN	0x1000	/* transitional: type in subdevice */
#define VIRTIO_PCI_DEVICE_LEGACY_MAX	0x103f
#define VIRTIO_PCI_DEVICE_MODERN_BASE	0x1040	/* + device type */
#define VIRTIO_PCI_DEVICE_MODERN_MAX	0x107f

#define VIRTIO_NO_VECTOR	0xffff	/* MSI-X: no vector for this source */

const char *virtio_type_name(int type);		/* "network", ... */
/* "VERSION_1", "RING_EVENT_IDX", ... for transport bits, NULL otherwise. */
const char *virtio_feature_name(uint64_t bit);

#endif
