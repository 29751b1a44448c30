/*
 * The virtio 1.x PCI transport ("modern", spec 4.1): the vendor-specific
 * capabilities that locate the common, notify, ISR and device-specific
 * configuration structures in the BARs, the common configuration layout,
 * and the transport's software state and API used by device drivers.
 */
#ifndef DEV_VIRTIO_PCI_VIRTIO_PCI_MODERN_H
#define DEV_VIRTIO_PCI_VIRTIO_PCI_MODERN_H

#include <stdint.h>

struct pci_dev;
struct virtqueue;
struct trapframe;

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

/* The transport's state for one device. */
struct vtpci {
	struct pci_dev	*dev;		/* the PCI function */
	char		 name[16];	/* "vtnet0", for messages */
	volatile uint8_t *common;	/* common configuration */
	volatile uint8_t *notify;	/* notification area base */
	uint32_t	 notify_mult;	/* queue_notify_off multiplier */
	uint32_t	 notify_len;	/* bytes of the notification area */
	volatile uint8_t *isr;		/* ISR status (INTx only; unused with MSI-X) */
	volatile uint8_t *devcfg;	/* device-specific configuration */
	uint32_t	 devcfg_len;	/* its length */
	uint64_t	 host_features;	/* what the device offers */
	uint64_t	 features;	/* what was negotiated */
};

/* The virtio device type of a PCI function, or -1 if it is not virtio. */
int	vtpci_device_type(const struct pci_dev *d);
/* Finds and maps the modern structures; 0, or -1 (legacy-only) with a message. */
int	vtpci_attach(struct vtpci *vt, struct pci_dev *d, const char *name);
/*
 * Reset, ACKNOWLEDGE, DRIVER, feature negotiation and FEATURES_OK.  Takes
 * `wanted` & offered; fails (FAILED set, message naming the feature) when a
 * bit of `required` is not offered or the device refuses the set.
 */
int	vtpci_negotiate(struct vtpci *vt, uint64_t wanted, uint64_t required,
	    const char *(*feature_name)(uint64_t bit));
/* Max entries of queue idx (0: no such queue). */
uint16_t vtpci_queue_max(struct vtpci *vt, int idx);
/* Gives the device queue idx's rings and MSI-X entry, enables it; 0 or -1. */
int	vtpci_queue_setup(struct vtpci *vt, struct virtqueue *vq, int msix_entry);
int	vtpci_config_msix(struct vtpci *vt, int msix_entry);	/* 0 or -1 */
void	vtpci_driver_ok(struct vtpci *vt);
void	vtpci_fail(struct vtpci *vt);	/* reset, then FAILED */
uint8_t	vtpci_status(struct vtpci *vt);
/* A consistent copy of device config [off, off+len) (config_generation); 0 or -1. */
int	vtpci_read_devcfg(struct vtpci *vt, uint32_t off, void *buf, uint32_t len);

#endif
