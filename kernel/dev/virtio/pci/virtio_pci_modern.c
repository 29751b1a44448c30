/*
 * The virtio 1.x PCI transport: one PCI driver for every virtio function,
 * implementing the transport methods of virtio_bus.h for the device
 * driver registered for the function's type (VIRTIO_DRIVER), which sees
 * only virtio.h.  The function is named after that driver (vtnet0).
 *
 * A modern device describes its register blocks with vendor-specific
 * capabilities (common, notify, ISR, device configuration), each a window
 * in a memory BAR; vtpci_map() checks every window against its BAR before
 * mapping it.  Interrupts are MSI-X: entry 0 for configuration changes
 * (when the driver wants them), then one entry per queue with a handler,
 * in queue order; each handler runs behind a small trampoline, so drivers
 * see neither trap frames nor PCI.
 *
 * Devices without the modern capabilities (legacy-only, e.g. QEMU's
 * disable-modern=on) are reported and left alone: this kernel has no
 * legacy I/O-port transport.  Virtio functions of a type no driver
 * registered for are reported by type and skipped.
 */
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/malloc.h>
#include <machine/cpufunc.h>
#include <dev/pci/pcireg.h>
#include <dev/pci/pcivar.h>
#include <dev/virtio/virtio.h>
#include <dev/virtio/virtio_bus.h>
#include <dev/virtio/virtqueue.h>
#include <dev/virtio/pci/virtio_pci_modern.h>

#define VTPCI_RESET_SPINS	1000000	/* polls for the reset to finish */
#define VTPCI_MAX_INTRS		32	/* MSI-X entries per device (struct pci_msix keeps 32) */

MALLOC_DEFINE(M_VTPCI, "virtio_pci", "virtio PCI transport state");

struct vtpci;

/* What one MSI-X entry calls: a driver handler and its argument. */
struct vtpci_intr {
	virtio_intr_t	*vi_fn;		/* the driver's handler (or the config trampoline) */
	void		*vi_arg;	/* its argument */
};

/* The transport's state for one device. */
struct vtpci {
	struct virtio_device vt_vd;	/* first: what the driver sees (vtpci_of) */
	struct pci_dev	*vt_dev;	/* the PCI function */
	volatile uint8_t *vt_common;	/* common configuration */
	volatile uint8_t *vt_notify;	/* notification area base */
	uint32_t	 vt_notify_mult;	/* queue_notify_off multiplier */
	uint32_t	 vt_notify_len;	/* bytes of the notification area */
	volatile uint8_t *vt_isr;	/* ISR status (INTx only; unused with MSI-X) */
	volatile uint8_t *vt_devcfg;	/* device-specific configuration */
	uint32_t	 vt_devcfg_len;	/* its length */
	int		 vt_nintrs;	/* MSI-X entries registered */
	struct vtpci_intr vt_intrs[VTPCI_MAX_INTRS];	/* by MSI-X entry */
	uint16_t	*vt_queue_entry;	/* MSI-X entry of each queue, or NO_VECTOR */
	int		 vt_nqueue_entry;	/* entries of vt_queue_entry */
};

static struct vtpci *
vtpci_of(struct virtio_device *vd)
{
	return ((struct vtpci *)vd);	/* vt_vd is the first member */
}

static uint8_t  rd8(volatile uint8_t *b, int o)  { return (*(b + o)); }
static uint16_t rd16(volatile uint8_t *b, int o) { return (*(volatile uint16_t *)(b + o)); }
static uint32_t rd32(volatile uint8_t *b, int o) { return (*(volatile uint32_t *)(b + o)); }
static void wr8(volatile uint8_t *b, int o, uint8_t v)   { *(b + o) = v; }
static void wr16(volatile uint8_t *b, int o, uint16_t v) { *(volatile uint16_t *)(b + o) = v; }
static void wr32(volatile uint8_t *b, int o, uint32_t v) { *(volatile uint32_t *)(b + o) = v; }

/* 64-bit fields as two 32-bit halves: the spec allows it, every device takes it. */
static void
wr64(volatile uint8_t *b, int o, uint64_t v)
{
	wr32(b, o, (uint32_t)v);
	wr32(b, o + 4, (uint32_t)(v >> 32));
}

/* The virtio device type of a PCI function, or -1 if it is not virtio. */
static int
vtpci_device_type(const struct pci_dev *d)
{
	if (d->vendor != VIRTIO_PCI_VENDOR)
		return (-1);
	if (d->device >= VIRTIO_PCI_DEVICE_MODERN_BASE && d->device <= VIRTIO_PCI_DEVICE_MODERN_MAX)
		return (d->device - VIRTIO_PCI_DEVICE_MODERN_BASE);
	if (d->device >= VIRTIO_PCI_DEVICE_LEGACY_MIN && d->device <= VIRTIO_PCI_DEVICE_LEGACY_MAX)
		return (d->subdevice);	/* transitional: the type is the subsystem id */
	return (-1);
}

/*
 * Maps the structure a virtio capability at `cap` points to, after
 * checking it lies inside its memory BAR; NULL with a message otherwise.
 */
static volatile uint8_t *
vtpci_map_cap(struct vtpci *vt, int cap, uint32_t minlen, uint32_t *lenp)
{
	struct pci_dev *d = vt->vt_dev;
	int bar = (int)pci_read_config(d, cap + VIRTIO_PCI_CAP_BAR, 1);
	uint32_t off = pci_read_config(d, cap + VIRTIO_PCI_CAP_OFFSET, 4);
	uint32_t len = pci_read_config(d, cap + VIRTIO_PCI_CAP_LENGTH, 4);
	int type = (int)pci_read_config(d, cap + VIRTIO_PCI_CAP_CFG_TYPE, 1);
	volatile uint8_t *va;

	if (bar >= d->nbars || (d->bars[bar].type != PCI_BAR_MEM32 &&
	    d->bars[bar].type != PCI_BAR_MEM64) ||
	    (uint64_t)off + len > d->bars[bar].size || len < minlen) {
		printf("%s: virtio structure type %d (BAR%d, 0x%x+0x%x) is not inside a "
		    "memory BAR or too short; device skipped\n", vt->vt_vd.vd_name, type, bar,
		    off, len);
		return (NULL);
	}
	if ((va = pci_map_bar(d, bar)) == NULL)
		return (NULL);
	if (lenp != NULL)
		*lenp = len;
	return (va + off);
}

/* The first vendor capability of each cfg_type, as the spec asks. */
static int
vtpci_find_caps(const struct pci_dev *d, int caps[6])
{
	int idx = 0, off, type, n = 0;

	memset(caps, 0, 6 * sizeof(caps[0]));
	while ((off = pci_find_cap(d, PCIY_VENDOR, &idx)) != 0) {
		if (pci_read_config(d, off + 2, 1) < VIRTIO_PCI_CAP_LEN)
			continue;
		type = (int)pci_read_config(d, off + VIRTIO_PCI_CAP_CFG_TYPE, 1);
		if (type >= 1 && type <= 5 && caps[type] == 0) {
			caps[type] = off;
			n++;
		}
	}
	return (n);
}

/* Finds and maps the modern structures; 0, or -1 (legacy-only) with a message. */
static int
vtpci_map(struct vtpci *vt)
{
	struct pci_dev *d = vt->vt_dev;
	const char *name = vt->vt_vd.vd_name;
	int caps[6];

	if (vtpci_find_caps(d, caps) == 0 || caps[VIRTIO_PCI_CAP_COMMON_CFG] == 0 ||
	    caps[VIRTIO_PCI_CAP_NOTIFY_CFG] == 0) {
		printf("virtio_pci: %s: legacy-only virtio %s device (device 0x%04x, no "
		    "virtio 1.x capabilities); skipped\n", vt->vt_vd.vd_location,
		    virtio_type_name(vt->vt_vd.vd_type), d->device);
		return (-1);
	}
	if (pci_read_config(d, caps[VIRTIO_PCI_CAP_NOTIFY_CFG] + 2, 1) <
	    VIRTIO_PCI_NOTIFY_CAP_LEN) {
		printf("%s: notify capability too short; skipped\n", name);
		return (-1);
	}
	pci_enable_busmaster(d);
	vt->vt_common = vtpci_map_cap(vt, caps[VIRTIO_PCI_CAP_COMMON_CFG],
	    VIRTIO_PCI_COMMON_LEN, NULL);
	vt->vt_notify = vtpci_map_cap(vt, caps[VIRTIO_PCI_CAP_NOTIFY_CFG], 2, &vt->vt_notify_len);
	if (vt->vt_common == NULL || vt->vt_notify == NULL)
		return (-1);
	vt->vt_notify_mult = pci_read_config(d, caps[VIRTIO_PCI_CAP_NOTIFY_CFG] +
	    VIRTIO_PCI_NOTIFY_CAP_MULT, 4);
	if (caps[VIRTIO_PCI_CAP_ISR_CFG] != 0)
		vt->vt_isr = vtpci_map_cap(vt, caps[VIRTIO_PCI_CAP_ISR_CFG], 1, NULL);
	if (caps[VIRTIO_PCI_CAP_DEVICE_CFG] != 0)
		vt->vt_devcfg = vtpci_map_cap(vt, caps[VIRTIO_PCI_CAP_DEVICE_CFG], 1,
		    &vt->vt_devcfg_len);
	return (0);
}

/* ---- status, features, configuration ---- */

static uint8_t
vtpci_get_status(struct virtio_device *vd)
{
	return (rd8(vtpci_of(vd)->vt_common, VIRTIO_PCI_COMMON_STATUS));
}

static void
vtpci_set_status(struct virtio_device *vd, uint8_t status)
{
	wr8(vtpci_of(vd)->vt_common, VIRTIO_PCI_COMMON_STATUS, status);
}

/* Writing 0 resets; the device says it is done by reading back 0. */
static int
vtpci_reset(struct virtio_device *vd)
{
	int i;

	vtpci_set_status(vd, 0);
	for (i = 0; i < VTPCI_RESET_SPINS; i++) {
		if (vtpci_get_status(vd) == 0)
			return (0);
		cpu_pause();
	}
	printf("%s: device reset did not complete (status 0x%02x)\n", vd->vd_name,
	    vtpci_get_status(vd));
	return (-1);
}

static uint64_t
vtpci_read_features(struct virtio_device *vd)
{
	volatile uint8_t *c = vtpci_of(vd)->vt_common;
	uint64_t lo, hi;

	wr32(c, VIRTIO_PCI_COMMON_DFSELECT, 0);
	lo = rd32(c, VIRTIO_PCI_COMMON_DF);
	wr32(c, VIRTIO_PCI_COMMON_DFSELECT, 1);
	hi = rd32(c, VIRTIO_PCI_COMMON_DF);
	return (hi << 32 | lo);
}

static void
vtpci_write_features(struct virtio_device *vd, uint64_t f)
{
	volatile uint8_t *c = vtpci_of(vd)->vt_common;

	wr32(c, VIRTIO_PCI_COMMON_GFSELECT, 0);
	wr32(c, VIRTIO_PCI_COMMON_GF, (uint32_t)f);
	wr32(c, VIRTIO_PCI_COMMON_GFSELECT, 1);
	wr32(c, VIRTIO_PCI_COMMON_GF, (uint32_t)(f >> 32));
}

static int
vtpci_read_config(struct virtio_device *vd, uint32_t off, void *buf, uint32_t len)
{
	struct vtpci *vt = vtpci_of(vd);
	uint8_t gen, *out = buf;
	uint32_t i;
	int tries;

	if (vt->vt_devcfg == NULL || (uint64_t)off + len > vt->vt_devcfg_len)
		return (-1);
	/* The device may change the fields under us: retry until stable. */
	for (tries = 0; tries < 100; tries++) {
		gen = rd8(vt->vt_common, VIRTIO_PCI_COMMON_CFGGENERATION);
		for (i = 0; i < len; i++)
			out[i] = rd8(vt->vt_devcfg, (int)(off + i));
		if (rd8(vt->vt_common, VIRTIO_PCI_COMMON_CFGGENERATION) == gen)
			return (0);
	}
	return (-1);
}

/* ---- queues ---- */

static uint16_t
vtpci_queue_max(struct virtio_device *vd, int idx)
{
	volatile uint8_t *c = vtpci_of(vd)->vt_common;

	if (idx < 0 || idx >= rd16(c, VIRTIO_PCI_COMMON_NUMQ))
		return (0);
	wr16(c, VIRTIO_PCI_COMMON_Q_SELECT, (uint16_t)idx);
	return (rd16(c, VIRTIO_PCI_COMMON_Q_SIZE));
}

static int
vtpci_queue_setup(struct virtio_device *vd, struct virtqueue *vq)
{
	struct vtpci *vt = vtpci_of(vd);
	volatile uint8_t *c = vt->vt_common;
	int idx = vq->vq_index;
	uint16_t entry = idx < vt->vt_nqueue_entry ? vt->vt_queue_entry[idx] :
	    VIRTIO_MSI_NO_VECTOR;
	uint64_t noff;

	wr16(c, VIRTIO_PCI_COMMON_Q_SELECT, (uint16_t)idx);
	if (rd16(c, VIRTIO_PCI_COMMON_Q_SIZE) < vq->vq_size) {
		printf("%s: queue %d holds fewer than %u entries\n", vd->vd_name, idx,
		    vq->vq_size);
		return (-1);
	}
	wr16(c, VIRTIO_PCI_COMMON_Q_SIZE, vq->vq_size);
	wr64(c, VIRTIO_PCI_COMMON_Q_DESCLO, vq->vq_desc_pa);
	wr64(c, VIRTIO_PCI_COMMON_Q_AVAILLO, vq->vq_avail_pa);
	wr64(c, VIRTIO_PCI_COMMON_Q_USEDLO, vq->vq_used_pa);
	wr16(c, VIRTIO_PCI_COMMON_Q_MSIX, entry);
	if (rd16(c, VIRTIO_PCI_COMMON_Q_MSIX) != entry) {
		printf("%s: queue %d refused MSI-X entry %d\n", vd->vd_name, idx, entry);
		return (-1);
	}
	noff = (uint64_t)rd16(c, VIRTIO_PCI_COMMON_Q_NOFF) * vt->vt_notify_mult;
	if (noff + 2 > vt->vt_notify_len) {
		printf("%s: queue %d notify offset 0x%llx is outside the notify area\n",
		    vd->vd_name, idx, (unsigned long long)noff);
		return (-1);
	}
	vq->vq_notify = (volatile uint16_t *)(vt->vt_notify + noff);
	vq->vq_intr_vector = entry != VIRTIO_MSI_NO_VECTOR ?
	    vt->vt_dev->msix.vectors[entry] : 0;
	wr16(c, VIRTIO_PCI_COMMON_Q_ENABLE, 1);
	return (0);
}

/* ---- interrupts ---- */

/* Every entry's handler: the driver's, without the trap frame. */
static void
vtpci_intr(void *arg, struct trapframe *tf)
{
	struct vtpci_intr *vi = arg;

	(void)tf;
	vi->vi_fn(vi->vi_arg);
}

static void
vtpci_config_intr(void *arg)
{
	struct virtio_device *vd = arg;

	vd->vd_driver->vdrv_config_change(vd);
}

/* MSI-X entry `entry` for fn(arg), named "vtnet0:what"; its vector, or -1. */
static int
vtpci_setup_entry(struct vtpci *vt, int entry, virtio_intr_t *fn, void *arg,
    const char *what)
{
	char name[24];
	int vec;

	vt->vt_intrs[entry].vi_fn = fn;
	vt->vt_intrs[entry].vi_arg = arg;
	snprintf(name, sizeof(name), "%s:%s", vt->vt_vd.vd_name, what);
	if ((vec = pci_msix_setup(vt->vt_dev, entry, vtpci_intr, &vt->vt_intrs[entry],
	    name)) < 0)
		return (-1);
	vt->vt_nintrs = entry + 1;
	return (vec);
}

static void
vtpci_release_intrs(struct virtio_device *vd)
{
	struct vtpci *vt = vtpci_of(vd);

	if (vt->vt_nintrs > 0)
		pci_msix_release(vt->vt_dev);
	vt->vt_nintrs = 0;
	if (vt->vt_queue_entry != NULL)
		free(vt->vt_queue_entry, M_VTPCI);
	vt->vt_queue_entry = NULL;
	vt->vt_nqueue_entry = 0;
	vd->vd_config_vector = 0;
}

static int
vtpci_setup_intrs(struct virtio_device *vd, int n, const struct vq_alloc_info *info)
{
	struct vtpci *vt = vtpci_of(vd);
	int config = vd->vd_driver->vdrv_config_change != NULL;
	int i, need = config, entry = 0, vec;
	uint16_t cfg_entry = VIRTIO_MSI_NO_VECTOR;

	for (i = 0; i < n; i++)
		need += info[i].vqai_intr != NULL;
	if (need > vt->vt_dev->msix.count) {
		printf("%s: needs %d MSI-X vectors, device has %u\n", vd->vd_name, need,
		    vt->vt_dev->msix.count);
		return (-1);
	}
	if (need > VTPCI_MAX_INTRS) {
		printf("%s: needs %d MSI-X vectors, at most %d supported\n", vd->vd_name,
		    need, VTPCI_MAX_INTRS);
		return (-1);
	}
	vt->vt_queue_entry = malloc((size_t)n * sizeof(vt->vt_queue_entry[0]), M_VTPCI,
	    M_WAITOK);
	vt->vt_nqueue_entry = n;
	if (config) {
		if ((vec = vtpci_setup_entry(vt, entry, vtpci_config_intr, vd, "config")) < 0)
			goto fail;
		vd->vd_config_vector = vec;
		cfg_entry = (uint16_t)entry++;
	}
	for (i = 0; i < n; i++) {
		vt->vt_queue_entry[i] = VIRTIO_MSI_NO_VECTOR;
		if (info[i].vqai_intr == NULL)
			continue;
		if (vtpci_setup_entry(vt, entry, info[i].vqai_intr, info[i].vqai_arg,
		    info[i].vqai_name) < 0)
			goto fail;
		vt->vt_queue_entry[i] = (uint16_t)entry++;
	}
	wr16(vt->vt_common, VIRTIO_PCI_COMMON_MSIX, cfg_entry);
	if (rd16(vt->vt_common, VIRTIO_PCI_COMMON_MSIX) != cfg_entry) {
		printf("%s: device refused MSI-X entry %d for config changes\n", vd->vd_name,
		    cfg_entry);
		goto fail;
	}
	return (0);
fail:
	vtpci_release_intrs(vd);
	return (-1);
}

static void
vtpci_enable_intrs(struct virtio_device *vd)
{
	struct vtpci *vt = vtpci_of(vd);

	if (vt->vt_nintrs > 0)
		(void)pci_msix_enable(vt->vt_dev);	/* the table is mapped: cannot fail */
}

static int
vtpci_bind_intr(struct virtio_device *vd, int idx, unsigned cpu)
{
	struct vtpci *vt = vtpci_of(vd);

	if (idx < 0 || idx >= vt->vt_nqueue_entry ||
	    vt->vt_queue_entry[idx] == VIRTIO_MSI_NO_VECTOR)
		return (-1);
	return (pci_msix_bind(vt->vt_dev, vt->vt_queue_entry[idx], cpu));
}

static const struct virtio_transport vtpci_transport = {
	.vt_name = "virtio_pci",
	.vt_get_status = vtpci_get_status,
	.vt_set_status = vtpci_set_status,
	.vt_reset = vtpci_reset,
	.vt_read_features = vtpci_read_features,
	.vt_write_features = vtpci_write_features,
	.vt_read_config = vtpci_read_config,
	.vt_queue_max = vtpci_queue_max,
	.vt_setup_intrs = vtpci_setup_intrs,
	.vt_queue_setup = vtpci_queue_setup,
	.vt_enable_intrs = vtpci_enable_intrs,
	.vt_release_intrs = vtpci_release_intrs,
	.vt_bind_intr = vtpci_bind_intr,
};

/* ---- the PCI driver ---- */

static int
virtio_pci_probe(struct pci_dev *d)
{
	int type = vtpci_device_type(d);

	if (type < 0)
		return (PCI_PROBE_NOMATCH);
	/* Without a driver for the type, still ours: to say so (attach). */
	return (virtio_driver_lookup(type) != NULL ? BUS_PROBE_DEFAULT : BUS_PROBE_GENERIC);
}

/* The function is named after its device driver: vtnet0, not virtio_pci0. */
static const char *
virtio_pci_unit_name(const struct pci_dev *d)
{
	const struct virtio_driver *drv = virtio_driver_lookup(vtpci_device_type(d));

	return (drv != NULL ? drv->vdrv_name : "virtio_pci");
}

static int
virtio_pci_attach(struct pci_dev *d, int unit)
{
	int type = vtpci_device_type(d), error;
	const struct virtio_driver *drv = virtio_driver_lookup(type);
	struct virtio_device *vd;
	struct vtpci *vt;
	char loc[24];

	pci_location(d, loc, sizeof(loc));
	if (drv == NULL) {
		printf("virtio_pci: %s: virtio %s device (type %d, device 0x%04x) has no "
		    "driver; skipped\n", loc, virtio_type_name(type), type, d->device);
		return (PCI_PROBE_NOMATCH);
	}
	vt = malloc(sizeof(*vt), M_VTPCI, M_WAITOK | M_ZERO);
	vt->vt_dev = d;
	vd = &vt->vt_vd;
	vd->vd_transport = &vtpci_transport;
	vd->vd_driver = drv;
	vd->vd_type = type;
	vd->vd_unit = unit;
	snprintf(vd->vd_name, sizeof(vd->vd_name), "%s%d", drv->vdrv_name, unit);
	strlcpy(vd->vd_location, loc, sizeof(vd->vd_location));
	if (vtpci_map(vt) != 0) {
		free(vt, M_VTPCI);
		return (EIO);
	}
	if ((error = drv->vdrv_attach(vd)) != 0) {
		virtio_fail(vd);	/* whatever the driver left: no vectors point at vt */
		free(vt, M_VTPCI);
		return (error);
	}
	d->softc = vt;
	return (0);
}

static const struct pci_driver virtio_pci_driver = {
	.name = "virtio_pci",
	.probe = virtio_pci_probe,
	.attach = virtio_pci_attach,
	.unit_name = virtio_pci_unit_name,
};
PCI_DRIVER(virtio_pci_driver);
