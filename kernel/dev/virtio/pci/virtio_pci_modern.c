/*
 * The virtio 1.x PCI transport.  A modern device describes its register
 * blocks with vendor-specific capabilities (common, notify, ISR, device
 * configuration), each a window in a memory BAR; vtpci_attach() checks
 * every window against its BAR before mapping it.  Initialisation follows
 * spec 3.1.1 step by step, and each failure names the step or feature.
 *
 * Devices without the modern capabilities (legacy-only, e.g. QEMU's
 * disable-modern=on) are reported and left alone: this kernel has no
 * legacy I/O-port transport.  virtio devices no driver claims are caught
 * by virtio_pci_driver, reported by type and skipped.
 */
#include <sys/systm.h>
#include <machine/cpufunc.h>
#include <dev/pci/pcireg.h>
#include <dev/pci/pcivar.h>
#include <dev/virtio/virtio.h>
#include <dev/virtio/virtqueue.h>
#include "virtio_pci_modern.h"

#define VTPCI_RESET_SPINS	1000000	/* polls for the reset to finish */

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

int
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
	struct pci_dev *d = vt->dev;
	int bar = (int)pci_read_config(d, cap + VIRTIO_PCI_CAP_BAR, 1);
	uint32_t off = pci_read_config(d, cap + VIRTIO_PCI_CAP_OFFSET, 4);
	uint32_t len = pci_read_config(d, cap + VIRTIO_PCI_CAP_LENGTH, 4);
	int type = (int)pci_read_config(d, cap + VIRTIO_PCI_CAP_CFG_TYPE, 1);
	volatile uint8_t *va;

	if (bar >= d->nbars || (d->bars[bar].type != PCI_BAR_MEM32 &&
	    d->bars[bar].type != PCI_BAR_MEM64) ||
	    (uint64_t)off + len > d->bars[bar].size || len < minlen) {
		printf("%s: virtio structure type %d (BAR%d, 0x%x+0x%x) is not inside a "
		    "memory BAR or too short; device skipped\n", vt->name, type, bar, off, len);
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

int
vtpci_attach(struct vtpci *vt, struct pci_dev *d, const char *name)
{
	int caps[6];
	char loc[24];

	memset(vt, 0, sizeof(*vt));
	vt->dev = d;
	strlcpy(vt->name, name, sizeof(vt->name));
	pci_location(d, loc, sizeof(loc));
	if (vtpci_find_caps(d, caps) == 0 || caps[VIRTIO_PCI_CAP_COMMON_CFG] == 0 ||
	    caps[VIRTIO_PCI_CAP_NOTIFY_CFG] == 0) {
		printf("virtio_pci: %s: legacy-only virtio %s device (device 0x%04x, no "
		    "virtio 1.x capabilities); skipped\n", loc,
		    virtio_type_name(vtpci_device_type(d)), d->device);
		return (-1);
	}
	if (pci_read_config(d, caps[VIRTIO_PCI_CAP_NOTIFY_CFG] + 2, 1) <
	    VIRTIO_PCI_NOTIFY_CAP_LEN) {
		printf("%s: notify capability too short; skipped\n", name);
		return (-1);
	}
	pci_enable_busmaster(d);
	vt->common = vtpci_map_cap(vt, caps[VIRTIO_PCI_CAP_COMMON_CFG], VIRTIO_PCI_COMMON_LEN, NULL);
	vt->notify = vtpci_map_cap(vt, caps[VIRTIO_PCI_CAP_NOTIFY_CFG], 2, &vt->notify_len);
	if (vt->common == NULL || vt->notify == NULL)
		return (-1);
	vt->notify_mult = pci_read_config(d, caps[VIRTIO_PCI_CAP_NOTIFY_CFG] +
	    VIRTIO_PCI_NOTIFY_CAP_MULT, 4);
	if (caps[VIRTIO_PCI_CAP_ISR_CFG] != 0)
		vt->isr = vtpci_map_cap(vt, caps[VIRTIO_PCI_CAP_ISR_CFG], 1, NULL);
	if (caps[VIRTIO_PCI_CAP_DEVICE_CFG] != 0)
		vt->devcfg = vtpci_map_cap(vt, caps[VIRTIO_PCI_CAP_DEVICE_CFG], 1,
		    &vt->devcfg_len);
	return (0);
}

uint8_t
vtpci_status(struct vtpci *vt)
{
	return (rd8(vt->common, VIRTIO_PCI_COMMON_STATUS));
}

static void
vtpci_set_status(struct vtpci *vt, uint8_t bits)
{
	wr8(vt->common, VIRTIO_PCI_COMMON_STATUS, (uint8_t)(vtpci_status(vt) | bits));
}

/* Writing 0 resets; the device says it is done by reading back 0. */
static int
vtpci_reset(struct vtpci *vt)
{
	int i;

	wr8(vt->common, VIRTIO_PCI_COMMON_STATUS, 0);
	for (i = 0; i < VTPCI_RESET_SPINS; i++) {
		if (vtpci_status(vt) == 0)
			return (0);
		cpu_pause();
	}
	printf("%s: device reset did not complete (status 0x%02x)\n", vt->name,
	    vtpci_status(vt));
	return (-1);
}

void
vtpci_fail(struct vtpci *vt)
{
	(void)vtpci_reset(vt);		/* the device forgets the rings and vectors */
	vtpci_set_status(vt, VIRTIO_CONFIG_S_FAILED);
}

static uint64_t
vtpci_read_features(struct vtpci *vt)
{
	uint64_t lo, hi;

	wr32(vt->common, VIRTIO_PCI_COMMON_DFSELECT, 0);
	lo = rd32(vt->common, VIRTIO_PCI_COMMON_DF);
	wr32(vt->common, VIRTIO_PCI_COMMON_DFSELECT, 1);
	hi = rd32(vt->common, VIRTIO_PCI_COMMON_DF);
	return (hi << 32 | lo);
}

static void
vtpci_write_features(struct vtpci *vt, uint64_t f)
{
	wr32(vt->common, VIRTIO_PCI_COMMON_GFSELECT, 0);
	wr32(vt->common, VIRTIO_PCI_COMMON_GF, (uint32_t)f);
	wr32(vt->common, VIRTIO_PCI_COMMON_GFSELECT, 1);
	wr32(vt->common, VIRTIO_PCI_COMMON_GF, (uint32_t)(f >> 32));
}

/* Names every bit of `missing`; returns how many there were. */
static int
vtpci_report_missing(struct vtpci *vt, uint64_t missing, const char *(*name)(uint64_t))
{
	int bit, n = 0;

	for (bit = 0; bit < 64; bit++) {
		uint64_t b = 1ULL << bit;
		const char *s;

		if ((missing & b) == 0)
			continue;
		if ((s = virtio_feature_name(b)) == NULL && name != NULL)
			s = name(b);
		printf("%s: device does not offer required feature %s (bit %d)\n",
		    vt->name, s != NULL ? s : "?", bit);
		n++;
	}
	return (n);
}

int
vtpci_negotiate(struct vtpci *vt, uint64_t wanted, uint64_t required,
    const char *(*feature_name)(uint64_t))
{
	if (vtpci_reset(vt) != 0)
		return (-1);
	vtpci_set_status(vt, VIRTIO_CONFIG_S_ACK);
	vtpci_set_status(vt, VIRTIO_CONFIG_S_DRIVER);
	vt->host_features = vtpci_read_features(vt);
	if (vtpci_report_missing(vt, required & ~vt->host_features, feature_name) != 0)
		goto fail;
	vt->features = vt->host_features & (wanted | required);
	vtpci_write_features(vt, vt->features);
	vtpci_set_status(vt, VIRTIO_CONFIG_S_FEATURES_OK);
	if ((vtpci_status(vt) & VIRTIO_CONFIG_S_FEATURES_OK) == 0) {
		printf("%s: device refused features 0x%llx (FEATURES_OK did not stick)\n",
		    vt->name, (unsigned long long)vt->features);
		goto fail;
	}
	return (0);
fail:
	vtpci_fail(vt);
	return (-1);
}

uint16_t
vtpci_queue_max(struct vtpci *vt, int idx)
{
	if (idx >= rd16(vt->common, VIRTIO_PCI_COMMON_NUMQ))
		return (0);
	wr16(vt->common, VIRTIO_PCI_COMMON_Q_SELECT, (uint16_t)idx);
	return (rd16(vt->common, VIRTIO_PCI_COMMON_Q_SIZE));
}

int
vtpci_queue_setup(struct vtpci *vt, struct virtqueue *vq, int msix_entry)
{
	volatile uint8_t *c = vt->common;
	uint64_t noff;

	wr16(c, VIRTIO_PCI_COMMON_Q_SELECT, (uint16_t)vq->vq_index);
	if (rd16(c, VIRTIO_PCI_COMMON_Q_SIZE) < vq->vq_size) {
		printf("%s: queue %d holds fewer than %u entries\n", vt->name, vq->vq_index,
		    vq->vq_size);
		return (-1);
	}
	wr16(c, VIRTIO_PCI_COMMON_Q_SIZE, vq->vq_size);
	wr64(c, VIRTIO_PCI_COMMON_Q_DESCLO, vq->vq_desc_pa);
	wr64(c, VIRTIO_PCI_COMMON_Q_AVAILLO, vq->vq_avail_pa);
	wr64(c, VIRTIO_PCI_COMMON_Q_USEDLO, vq->vq_used_pa);
	wr16(c, VIRTIO_PCI_COMMON_Q_MSIX, (uint16_t)msix_entry);
	if (rd16(c, VIRTIO_PCI_COMMON_Q_MSIX) != (uint16_t)msix_entry) {
		printf("%s: queue %d refused MSI-X entry %d\n", vt->name, vq->vq_index,
		    msix_entry);
		return (-1);
	}
	noff = (uint64_t)rd16(c, VIRTIO_PCI_COMMON_Q_NOFF) * vt->notify_mult;
	if (noff + 2 > vt->notify_len) {
		printf("%s: queue %d notify offset 0x%llx is outside the notify area\n",
		    vt->name, vq->vq_index, (unsigned long long)noff);
		return (-1);
	}
	vq->vq_notify = (volatile uint16_t *)(vt->notify + noff);
	wr16(c, VIRTIO_PCI_COMMON_Q_ENABLE, 1);
	return (0);
}

int
vtpci_config_msix(struct vtpci *vt, int msix_entry)
{
	wr16(vt->common, VIRTIO_PCI_COMMON_MSIX, (uint16_t)msix_entry);
	if (rd16(vt->common, VIRTIO_PCI_COMMON_MSIX) != (uint16_t)msix_entry) {
		printf("%s: device refused MSI-X entry %d for config changes\n", vt->name,
		    msix_entry);
		return (-1);
	}
	return (0);
}

void
vtpci_driver_ok(struct vtpci *vt)
{
	vtpci_set_status(vt, VIRTIO_CONFIG_S_DRIVER_OK);
}

int
vtpci_read_devcfg(struct vtpci *vt, uint32_t off, void *buf, uint32_t len)
{
	uint8_t gen, *out = buf;
	uint32_t i;
	int tries;

	if (vt->devcfg == NULL || (uint64_t)off + len > vt->devcfg_len)
		return (-1);
	/* The device may change the fields under us: retry until stable. */
	for (tries = 0; tries < 100; tries++) {
		gen = rd8(vt->common, VIRTIO_PCI_COMMON_CFGGENERATION);
		for (i = 0; i < len; i++)
			out[i] = rd8(vt->devcfg, (int)(off + i));
		if (rd8(vt->common, VIRTIO_PCI_COMMON_CFGGENERATION) == gen)
			return (0);
	}
	return (-1);
}

/* The fallback for virtio functions no device driver took: say so, skip. */
static int
virtio_pci_probe(struct pci_dev *d)
{
	return (vtpci_device_type(d) >= 0 ? BUS_PROBE_GENERIC : PCI_PROBE_NOMATCH);
}

static int
virtio_pci_attach(struct pci_dev *d, int unit)
{
	int type = vtpci_device_type(d);
	char loc[24];

	(void)unit;
	printf("virtio_pci: %s: virtio %s device (type %d, device 0x%04x) has no driver; "
	    "skipped\n", pci_location(d, loc, sizeof(loc)), virtio_type_name(type), type,
	    d->device);
	return (PCI_PROBE_NOMATCH);
}

const struct pci_driver virtio_pci_driver = {
	.name = "virtio_pci",
	.probe = virtio_pci_probe,
	.attach = virtio_pci_attach,
};
