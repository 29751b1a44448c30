/*
 * The virtio 1.x PCI transport ("modern", spec 4.1): the vendor-specific
 * capabilities that locate the common, notify, ISR and device-specific
 * configuration structures in the BARs, and the common configuration
 * layout; the PCI ids that carry virtio.  Wire terms only: the transport
 * itself (virtio_pci_modern.c) implements virtio_bus.h and is reached by
 * drivers through virtio.h alone.
 */
#ifndef DEV_VIRTIO_PCI_VIRTIO_PCI_MODERN_H
#define DEV_VIRTIO_PCI_VIRTIO_PCI_MODERN_H

/* PCI ids (spec 4.1.2). */
#define VIRTIO_PCI_VENDOR		0x1af4
#define VIRTIO_PCI_DEVICE_LEGACY_MIN	0x1000	/* transitional: type in subdevice */
#define VIRTIO_PCI_DEVICE_LEGACY_MAX	0x103f
#define VIRTIO_PCI_DEVICE_MODERN_BASE	0x1040	/* + device type */
#define VIRTIO_PCI_DEVICE_MODERN_MAX	0x107f

/* struct virtio_pci_cap, inside a PCIY_VENDOR capability (spec 4.1.4). */
#define VIRTIO_PCI_CAP_CFG_TYPE		3	/* u8: VIRTIO_PCI_CAP_* */
#define VIRTIO_PCI_CAP_BAR		4	/* u8: which BAR */
#define VIRTIO_PCI_CAP_OFFSET		8	/* u32: offset in the BAR */
#define VIRTIO_PCI_CAP_LENGTH		12	/* u32: length of the structure */
#define VIRTIO_PCI_CAP_LEN		16	/* the capability's own size */
#define VIRTIO_PCI_NOTIFY_CAP_MULT	16	/* u32: notify_off_multiplier */
#define VIRTIO_PCI_NOTIFY_CAP_LEN	20

#define VIRTIO_PCI_CAP_COMMON_CFG	1
#define VIRTIO_PCI_CAP_NOTIFY_CFG	2
#define VIRTIO_PCI_CAP_ISR_CFG		3
#define VIRTIO_PCI_CAP_DEVICE_CFG	4
#define VIRTIO_PCI_CAP_PCI_CFG		5

/* struct virtio_pci_common_cfg (spec 4.1.4.3), little-endian. */
#define VIRTIO_PCI_COMMON_DFSELECT	0x00	/* u32 device_feature_select */
#define VIRTIO_PCI_COMMON_DF		0x04	/* u32 device_feature */
#define VIRTIO_PCI_COMMON_GFSELECT	0x08	/* u32 driver_feature_select */
#define VIRTIO_PCI_COMMON_GF		0x0c	/* u32 driver_feature */
#define VIRTIO_PCI_COMMON_MSIX		0x10	/* u16 config_msix_vector */
#define VIRTIO_PCI_COMMON_NUMQ		0x12	/* u16 num_queues */
#define VIRTIO_PCI_COMMON_STATUS	0x14	/* u8 device_status */
#define VIRTIO_PCI_COMMON_CFGGENERATION	0x15	/* u8 config_generation */
#define VIRTIO_PCI_COMMON_Q_SELECT	0x16	/* u16 queue_select */
#define VIRTIO_PCI_COMMON_Q_SIZE	0x18	/* u16 queue_size */
#define VIRTIO_PCI_COMMON_Q_MSIX	0x1a	/* u16 queue_msix_vector */
#define VIRTIO_PCI_COMMON_Q_ENABLE	0x1c	/* u16 queue_enable */
#define VIRTIO_PCI_COMMON_Q_NOFF	0x1e	/* u16 queue_notify_off */
#define VIRTIO_PCI_COMMON_Q_DESCLO	0x20	/* u64 queue_desc */
#define VIRTIO_PCI_COMMON_Q_AVAILLO	0x28	/* u64 queue_driver */
#define VIRTIO_PCI_COMMON_Q_USEDLO	0x30	/* u64 queue_device */
#define VIRTIO_PCI_COMMON_LEN		0x38

#define VIRTIO_MSI_NO_VECTOR	0xffff	/* config/queue_msix_vector: none */

#endif
