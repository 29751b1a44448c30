/*
 * Names for what every virtio device shares: device types and the
 * transport-level feature bits, for attach lines and error messages.
 */
#include <sys/systm.h>
#include "virtio.h"

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
	case 1ULL << 24:		return ("NOTIFY_ON_EMPTY");
	case 1ULL << 27:		return ("ANY_LAYOUT");
	case VIRTIO_F_INDIRECT_DESC:	return ("INDIRECT_DESC");
	case VIRTIO_F_RING_EVENT_IDX:	return ("RING_EVENT_IDX");
	case VIRTIO_F_VERSION_1:	return ("VERSION_1");
	case VIRTIO_F_ACCESS_PLATFORM:	return ("ACCESS_PLATFORM");
	case VIRTIO_F_RING_PACKED:	return ("RING_PACKED");
	default:			return (NULL);
	}
}
