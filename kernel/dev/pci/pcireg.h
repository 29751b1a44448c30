/*
 * PCI configuration space: the wire format (PCI Local Bus 3.0, PCI Express
 * Base 4.0 chapter 7).  Offsets into a function's 4 KiB ECAM window and the
 * bits the kernel reads.  Software state is in pcivar.h.
 */
#ifndef DEV_PCI_PCIREG_H
#define DEV_PCI_PCIREG_H

/* Common header (types 0 and 1). */
#define PCIR_VENDOR		0x00	/* u16; 0xffff: no function here */
#define PCIR_DEVICE		0x02	/* u16 */
#define PCIR_COMMAND		0x04	/* u16 */
#define  PCIM_CMD_PORTEN	0x0001	/* decode I/O BARs */
#define  PCIM_CMD_MEMEN		0x0002	/* decode memory BARs */
#define  PCIM_CMD_BUSMASTEREN	0x0004	/* may DMA (and send MSIs) */
#define  PCIM_CMD_INTxDIS	0x0400	/* no legacy INTx */
#define PCIR_STATUS		0x06	/* u16 */
#define  PCIM_STATUS_CAPPRESENT	0x0010	/* capability list at PCIR_CAP_PTR */
#define PCIR_REVID		0x08	/* u8 */
#define PCIR_PROGIF		0x09	/* u8 */
#define PCIR_SUBCLASS		0x0a	/* u8 */
#define PCIR_CLASS		0x0b	/* u8 */
#define PCIR_HDRTYPE		0x0e	/* u8 */
#define  PCIM_HDRTYPE		0x7f	/* the layout */
#define  PCIM_HDRTYPE_NORMAL	0x00
#define  PCIM_HDRTYPE_BRIDGE	0x01
#define  PCIM_MFDEV		0x80	/* functions 1-7 may exist */
#define PCIR_BARS		0x10	/* u32 each */
#define PCIR_BAR(x)		(PCIR_BARS + (x) * 4)
#define PCI_MAXBARS_NORMAL	6
#define PCI_MAXBARS_BRIDGE	2
#define  PCIM_BAR_SPACE		0x1	/* 1: I/O */
#define  PCIM_BAR_MEM_TYPE	0x6	/* memory: 0 32-bit, 4 64-bit */
#define  PCIM_BAR_MEM_64	0x4
#define  PCIM_BAR_MEM_PREFETCH	0x8
#define  PCIM_BAR_MEM_BASE	0xfffffff0U
#define  PCIM_BAR_IO_BASE	0xfffffffcU
#define PCIR_SUBVEND_0		0x2c	/* u16, type 0 */
#define PCIR_SUBDEV_0		0x2e	/* u16, type 0 */
#define PCIR_CAP_PTR		0x34	/* u8, type 0 and 1 */
#define PCIR_INTLINE		0x3c	/* u8 */
#define PCIR_INTPIN		0x3d	/* u8 */

/* Type 1 (PCI-PCI bridge). */
#define PCIR_PRIBUS_1		0x18	/* u8 */
#define PCIR_SECBUS_1		0x19	/* u8: the bus behind the bridge */
#define PCIR_SUBBUS_1		0x1a	/* u8: the highest bus behind it */

/* Capability list entries: id, next pointer, then the capability. */
#define PCICAP_ID		0x0
#define PCICAP_NEXTPTR		0x1
#define PCIY_PMG		0x01	/* power management */
#define PCIY_MSI		0x05	/* message signalled interrupts */
#define PCIY_VENDOR		0x09	/* vendor-specific (virtio's structures) */
#define PCIY_SUBVENDOR		0x0d	/* PCI-PCI bridge subsystem ids */
#define PCIY_EXPRESS		0x10	/* PCI Express */
#define PCIY_MSIX		0x11	/* MSI-X */
#define PCIY_SATA		0x12	/* SATA index/data pair */

/* MSI capability. */
#define PCIR_MSI_CTRL		0x2	/* u16 */
#define  PCIM_MSICTRL_64BIT	0x0080
#define  PCIM_MSICTRL_MMC_MASK	0x000e	/* log2 of vectors the function wants */
#define  PCIM_MSICTRL_MSI_ENABLE 0x0001

/* MSI-X capability. */
#define PCIR_MSIX_CTRL		0x2	/* u16 */
#define  PCIM_MSIXCTRL_MSIX_ENABLE	0x8000
#define  PCIM_MSIXCTRL_FUNCTION_MASK	0x4000	/* masks every vector */
#define  PCIM_MSIXCTRL_TABLE_SIZE	0x07ff	/* entries - 1 */
#define PCIR_MSIX_TABLE		0x4	/* u32: BIR in bits 2:0, offset above */
#define PCIR_MSIX_PBA		0x8	/* u32: same for the pending-bit array */
#define  PCIM_MSIX_BIR_MASK	0x7

/* An MSI-X table entry (16 bytes, in a memory BAR). */
#define PCI_MSIX_ENTRY_SIZE		16
#define PCI_MSIX_ENTRY_LOWER_ADDR	0x0	/* u32 */
#define PCI_MSIX_ENTRY_UPPER_ADDR	0x4	/* u32 */
#define PCI_MSIX_ENTRY_DATA		0x8	/* u32 */
#define PCI_MSIX_ENTRY_VECTOR_CONTROL	0xc	/* u32 */
#define  PCIM_MSIX_VCTRL_MASK		0x1

/* PCI Express capability: the device/port type. */
#define PCIER_FLAGS		0x2	/* u16 */
#define  PCIEM_FLAGS_VERSION	0x000f
#define  PCIEM_FLAGS_TYPE	0x00f0

/* ECAM: bus << 20 | slot << 15 | function << 12 | register. */
#define PCIE_REGMAX		4095
#define PCI_SLOTMAX		31
#define PCI_FUNCMAX		7
#define PCI_BUSMAX		255
#define PCI_ECAM_OFF(b, s, f)	(((uint64_t)(b) << 20) | ((s) << 15) | ((f) << 12))

/* MCFG (PCI Firmware 3.2, 4.1.2): header, 8 reserved, then 16-byte entries. */
#define MCFG_ENTRIES		44
#define MCFG_ENTRY_LEN		16	/* base u64, segment u16, start bus u8, end bus u8, rsvd u32 */

#endif
