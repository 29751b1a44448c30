# virtio: the driver interface and its transport-independent half
# (virtio.c), split virtqueues, the modern PCI transport, and the device
# drivers, which see only virtio.h and virtqueue.h.
KERNEL_SRCS += \
	kernel/dev/virtio/virtio.c kernel/dev/virtio/virtqueue.c \
	kernel/dev/virtio/pci/virtio_pci_modern.c \
	kernel/dev/virtio/network/if_vtnet.c \
	kernel/dev/virtio/block/virtio_blk.c
