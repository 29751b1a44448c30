# virtio: shared names, split virtqueues, the modern PCI transport and the
# NIC driver (each device driver apart from the transport).
KERNEL_SRCS += \
	kernel/dev/virtio/virtio.c kernel/dev/virtio/virtqueue.c \
	kernel/dev/virtio/pci/virtio_pci_modern.c \
	kernel/dev/virtio/network/if_vtnet.c
