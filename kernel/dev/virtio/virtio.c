/*
 * The transport-independent half of virtio: the initialisation sequence
 * of spec 3.1.1 (status bits, feature negotiation, queues, DRIVER_OK) and
 * its unwinding, run over a transport's methods (virtio_bus.h) for the
 * driver API of virtio.h; the registry of device drivers; and the names
 * of device types and feature bits for attach lines and error messages.
 */
#include <sys/systm.h>
#include <sys/malloc.h>
#include <dev/virtio/virtio.h>
#include <dev/virtio/virtio_bus.h>
#include <dev/virtio/virtqueue.h>

MALLOC_DEFINE(M_VIRTIO, "virtio", "virtio queue tables");

SET_DECLARE(virtio_driver_set, struct virtio_driver);

const struct virtio_driver *
virtio_driver_lookup(int type)
{
	struct virtio_driver **p;

	SET_FOREACH(p, virtio_driver_set)
		if ((*p)->vdrv_type == type)
			return (*p);
	return (NULL);
}

static void
virtio_add_status(struct virtio_device *vd, uint8_t bits)
{
	const struct virtio_transport *t = vd->vd_transport;

	t->vt_set_status(vd, (uint8_t)(t->vt_get_status(vd) | bits));
}

/* A feature bit's name: the transport's, else the driver's, else NULL. */
static const char *
virtio_bit_name(const struct virtio_device *vd, uint64_t bit)
{
	const char *s = virtio_feature_name(bit);

	if (s == NULL && vd->vd_driver != NULL && vd->vd_driver->vdrv_feature_name != NULL)
		s = vd->vd_driver->vdrv_feature_name(bit);
	return (s);
}

/* Names every bit of `missing`; returns how many there were. */
static int
virtio_report_missing(struct virtio_device *vd, uint64_t missing)
{
	const char *s;
	int bit, n = 0;

	for (bit = 0; bit < 64; bit++) {
		if ((missing & (1ULL << bit)) == 0)
			continue;
		s = virtio_bit_name(vd, 1ULL << bit);
		printf("%s: device does not offer required feature %s (bit %d)\n",
		    vd->vd_name, s != NULL ? s : "?", bit);
		n++;
	}
	return (n);
}

int
virtio_negotiate_features(struct virtio_device *vd, uint64_t wanted, uint64_t required)
{
	const struct virtio_transport *t = vd->vd_transport;

	if (t->vt_reset(vd) != 0)
		return (-1);
	virtio_add_status(vd, VIRTIO_CONFIG_S_ACK);
	virtio_add_status(vd, VIRTIO_CONFIG_S_DRIVER);
	vd->vd_host_features = t->vt_read_features(vd);
	if (virtio_report_missing(vd, required & ~vd->vd_host_features) != 0)
		goto fail;
	vd->vd_features = vd->vd_host_features & (wanted | required);
	t->vt_write_features(vd, vd->vd_features);
	virtio_add_status(vd, VIRTIO_CONFIG_S_FEATURES_OK);
	if ((t->vt_get_status(vd) & VIRTIO_CONFIG_S_FEATURES_OK) == 0) {
		printf("%s: device refused features 0x%llx (FEATURES_OK did not stick)\n",
		    vd->vd_name, (unsigned long long)vd->vd_features);
		goto fail;
	}
	return (0);
fail:
	virtio_fail(vd);
	return (-1);
}

int
virtio_read_device_config(struct virtio_device *vd, uint32_t off, void *buf, uint32_t len)
{
	return (vd->vd_transport->vt_read_config(vd, off, buf, len));
}

uint16_t
virtio_queue_max(struct virtio_device *vd, int idx)
{
	return (vd->vd_transport->vt_queue_max(vd, idx));
}

/* Rings for queue `idx`: as many entries as asked, or as the device holds. */
static int
virtio_alloc_queue(struct virtio_device *vd, int idx, const struct vq_alloc_info *info)
{
	uint16_t max = virtio_queue_max(vd, idx), size = info->vqai_maxsize;

	if (max == 0) {
		printf("%s: device has no queue %d\n", vd->vd_name, idx);
		return (-1);
	}
	if (size == 0 || (size & (size - 1)) != 0) {
		printf("%s: queue %d: size %u is not a power of two\n", vd->vd_name, idx, size);
		return (-1);
	}
	while (size > max)
		size >>= 1;
	if (virtqueue_alloc(info->vqai_vq, idx, size) != 0) {
		printf("%s: out of memory for queue %d\n", vd->vd_name, idx);
		return (-1);
	}
	vd->vd_vqs[idx] = info->vqai_vq;
	vd->vd_nvqs = idx + 1;
	return (0);
}

/* Frees every queue's rings; only once the device forgot them (reset). */
static void
virtio_free_queues(struct virtio_device *vd)
{
	int i;

	for (i = 0; i < vd->vd_nvqs; i++)
		virtqueue_free(vd->vd_vqs[i]);
	if (vd->vd_vqs != NULL)
		free(vd->vd_vqs, M_VIRTIO);
	vd->vd_vqs = NULL;
	vd->vd_nvqs = 0;
}

int
virtio_alloc_virtqueues(struct virtio_device *vd, int n, struct vq_alloc_info *info)
{
	const struct virtio_transport *t = vd->vd_transport;
	int i;

	if (n <= 0 || vd->vd_vqs != NULL) {
		printf("%s: bad queue allocation (%d queues, %d already)\n", vd->vd_name, n,
		    vd->vd_nvqs);
		return (-1);
	}
	vd->vd_vqs = malloc((size_t)n * sizeof(vd->vd_vqs[0]), M_VIRTIO, M_WAITOK | M_ZERO);
	for (i = 0; i < n; i++)
		if (virtio_alloc_queue(vd, i, &info[i]) != 0)
			goto fail_queues;
	if (t->vt_setup_intrs(vd, n, info) != 0)
		goto fail_queues;
	for (i = 0; i < n; i++)
		if (t->vt_queue_setup(vd, vd->vd_vqs[i]) != 0)
			goto fail_intrs;
	return (0);

fail_intrs:
	(void)t->vt_reset(vd);		/* forget the queues already given */
	t->vt_release_intrs(vd);
fail_queues:
	virtio_free_queues(vd);
	return (-1);
}

int
virtio_bind_intr(struct virtio_device *vd, int idx, unsigned cpu)
{
	if (idx < 0 || idx >= vd->vd_nvqs)
		return (-1);
	return (vd->vd_transport->vt_bind_intr(vd, idx, cpu));
}

void
virtio_driver_ok(struct virtio_device *vd)
{
	vd->vd_transport->vt_enable_intrs(vd);
	virtio_add_status(vd, VIRTIO_CONFIG_S_DRIVER_OK);
}

void
virtio_fail(struct virtio_device *vd)
{
	const struct virtio_transport *t = vd->vd_transport;

	(void)t->vt_reset(vd);		/* first: the device forgets rings and vectors */
	t->vt_release_intrs(vd);
	virtio_free_queues(vd);
	virtio_add_status(vd, VIRTIO_CONFIG_S_FAILED);
}

void
virtio_features_string(const struct virtio_device *vd, uint64_t f, char *buf, size_t len)
{
	const char *s;
	size_t n = 0;
	int bit;

	buf[0] = '\0';
	for (bit = 0; bit < 64; bit++) {
		if ((f & (1ULL << bit)) == 0)
			continue;
		if ((s = virtio_bit_name(vd, 1ULL << bit)) == NULL)
			s = "?";
		n += (size_t)snprintf(buf + n, n < len ? len - n : 0, "%s%s", n ? "," : "", s);
	}
}

const char *
virtio_type_name(int type)
{
	switch (type) {
	case VIRTIO_ID_NETWORK:	return ("network");
	case VIRTIO_ID_BLOCK:	return ("block");
	case VIRTIO_ID_CONSOLE:	return ("console");
	case VIRTIO_ID_ENTROPY:	return ("entropy");
	case VIRTIO_ID_BALLOON:	return ("balloon");
	case VIRTIO_ID_SCSI:	return ("SCSI");
	case VIRTIO_ID_9P:	return ("9P transport");
	case VIRTIO_ID_CRYPTO:	return ("crypto");
	default:		return ("unknown");
	}
}

const char *
virtio_feature_name(uint64_t bit)
{
	switch (bit) {
	case VIRTIO_F_NOTIFY_ON_EMPTY:	return ("NOTIFY_ON_EMPTY");
	case VIRTIO_F_ANY_LAYOUT:	return ("ANY_LAYOUT");
	case VIRTIO_F_INDIRECT_DESC:	return ("INDIRECT_DESC");
	case VIRTIO_F_RING_EVENT_IDX:	return ("RING_EVENT_IDX");
	case VIRTIO_F_VERSION_1:	return ("VERSION_1");
	case VIRTIO_F_ACCESS_PLATFORM:	return ("ACCESS_PLATFORM");
	case VIRTIO_F_RING_PACKED:	return ("RING_PACKED");
	default:			return (NULL);
	}
}
