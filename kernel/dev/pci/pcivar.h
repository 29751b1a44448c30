/*
 * PCI: the kernel's view of each function it found, and the small driver
 * framework on top.
 *
 * pci.c walks every bus the MCFG table covers (following bridges), sizes
 * each BAR and reads the capability list into a struct pci_dev.  Drivers
 * register with PCI_DRIVER() (a linker set, as SYSINITs do); for each
 * function the driver whose probe answers best gets attach(), with the
 * next free unit of its name: vtnet0, vtnet1, ...  `pciconf -l` lists
 * the result.
 *
 * Config access is ECAM through the direct map (or pmap_mapdev when the
 * window is above it).  MSI-X is in pci_msix.c.
 */
#ifndef DEV_PCI_PCIVAR_H
#define DEV_PCI_PCIVAR_H

#include <stdint.h>
#include <sys/linker_set.h>

#define PCI_MAXCAPS	16	/* capabilities kept per function */

enum pci_bar_type {
	PCI_BAR_NONE,		/* unimplemented */
	PCI_BAR_IO,		/* I/O ports */
	PCI_BAR_MEM32,		/* memory, 32-bit address */
	PCI_BAR_MEM64,		/* memory, 64-bit: uses the next BAR slot too */
};

struct pci_bar {
	enum pci_bar_type type;		/* PCI_BAR_* */
	int		 prefetch;	/* memory marked prefetchable */
	uint64_t	 base;		/* bus address the firmware assigned */
	uint64_t	 size;		/* bytes decoded (write-ones sizing) */
	volatile void	*va;		/* kernel mapping, NULL until pci_map_bar */
};

struct pci_cap {
	uint8_t		 id;		/* PCIY_* */
	uint8_t		 off;		/* offset in config space */
};

struct pci_msix {
	uint8_t		 cap;		/* offset of the capability, 0 if none */
	uint16_t	 count;		/* table entries */
	uint8_t		 table_bar;	/* BAR index holding the table */
	uint32_t	 table_off;	/* its offset in that BAR */
	uint8_t		 pba_bar;	/* BAR index of the pending-bit array */
	uint32_t	 pba_off;	/* its offset */
	volatile uint8_t *table;	/* mapped table, once allocated */
	int		 nalloc;	/* vectors in use (pci_msix_alloc) */
	int		 vectors[32];	/* IDT vector of each entry in use */
};

struct pci_driver;

struct pci_dev {
	struct pci_dev	*next;		/* all functions, in bus/slot/function order */
	uint16_t	 domain;	/* PCI segment (MCFG entry) */
	uint8_t		 bus, slot, func;	/* its address in that segment */
	uint16_t	 vendor, device;	/* PCIR_VENDOR, PCIR_DEVICE */
	uint16_t	 subvendor, subdevice;	/* type 0 subsystem ids (0 for bridges) */
	uint32_t	 class;		/* class << 16 | subclass << 8 | progif */
	uint8_t		 revid;		/* PCIR_REVID */
	uint8_t		 hdrtype;	/* PCIR_HDRTYPE, multi-function bit included */
	int		 nbars;		/* 6 (type 0) or 2 (bridge) */
	struct pci_bar	 bars[6];	/* by BAR index; a 64-bit BAR's upper slot is NONE */
	int		 ncaps;		/* entries in caps[] */
	struct pci_cap	 caps[PCI_MAXCAPS];	/* in list order */
	struct pci_msix	 msix;		/* from the MSI-X capability */
	volatile uint8_t *cfg;		/* this function's 4 KiB of ECAM */
	const struct pci_driver *driver;	/* attached driver, NULL if none */
	int		 unit;		/* its unit number */
	const char	*name;		/* unit name ("vtnet"), NULL if none attached */
	char		 nameunit[16];	/* "vtnet0", or "none3" */
	void		*softc;		/* the driver's state */
};

/* probe(): how well a driver fits, FreeBSD style: <= 0 fits (nearer 0 better). */
#define BUS_PROBE_SPECIFIC	0	/* made for this device */
#define BUS_PROBE_DEFAULT	(-20)
#define BUS_PROBE_GENERIC	(-100)	/* fallback for a family */
#define PCI_PROBE_NOMATCH	6	/* ENXIO: not ours */

struct pci_driver {
	const char	*name;		/* unit names: "vtnet" -> vtnet0 */
	int		(*probe)(struct pci_dev *);	/* BUS_PROBE_* or PCI_PROBE_NOMATCH */
	int		(*attach)(struct pci_dev *, int unit);	/* 0 or an errno, message printed */
	/*
	 * Optional, for a transport that serves drivers of its own: the unit
	 * name of this function when it is not `name` (virtio_pci: "vtnet").
	 */
	const char	*(*unit_name)(const struct pci_dev *);
};
#define PCI_DRIVER(drv)		DATA_SET(pci_driver_set, drv)

/* Config space access (width 1, 2 or 4). */
uint32_t pci_read_config(const struct pci_dev *d, int reg, int width);
void	 pci_write_config(struct pci_dev *d, int reg, uint32_t val, int width);
/* Offset of the first capability `id` at or after index *idx (updated), or 0. */
int	 pci_find_cap(const struct pci_dev *d, uint8_t id, int *idx);
void	 pci_enable_busmaster(struct pci_dev *d);	/* memory decoding and DMA on */
/* Mapped memory BAR `bar` (uncached), or NULL with a message. */
volatile void *pci_map_bar(struct pci_dev *d, int bar);
/* "pci0:0:2:0" into buf. */
const char *pci_location(const struct pci_dev *d, char *buf, int len);
struct pci_dev *pci_first(void);

/* MSI-X (pci_msix.c). */
struct trapframe;
typedef void pci_intr_handler_t(void *arg, struct trapframe *tf);
/* Allocates entry `entry` on a free vector for fn; returns the vector or -1. */
int	 pci_msix_setup(struct pci_dev *d, int entry, pci_intr_handler_t *fn,
	    void *arg, const char *name);
int	 pci_msix_enable(struct pci_dev *d);	/* 0, or -1 without MSI-X */
void	 pci_msix_mask(struct pci_dev *d, int entry, int masked);
/* Points entry `entry` (set up) at CPU `cpu` instead of the boot CPU; 0 or -1. */
int	 pci_msix_bind(struct pci_dev *d, int entry, unsigned cpu);
/* Masks every entry set up and frees its vector: no handler is called after. */
void	 pci_msix_release(struct pci_dev *d);

#endif
