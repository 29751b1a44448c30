# PCI: ECAM config access, enumeration, driver attach, MSI-X, pciconf.
KERNEL_SRCS += \
	kernel/dev/pci/pci_ecam.c kernel/dev/pci/pci.c kernel/dev/pci/pci_msix.c \
	kernel/dev/pci/pciconf.c \
	kernel/arch/x86_64/msi_machdep.c kernel/arch/x86_64/pmap_mapdev.c
