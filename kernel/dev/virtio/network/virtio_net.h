/*
 * virtio network device (spec 5.1): feature bits, the device configuration
 * layout and the header that precedes every frame on both queues.
 */
#ifndef DEV_VIRTIO_NETWORK_VIRTIO_NET_H
#define DEV_VIRTIO_NETWORK_VIRTIO_NET_H

#include <stdint.h>

/* Feature bits (spec 5.1.3). */
#define VIRTIO_NET_F_CSUM		(1ULL << 0)	/* device does TX checksums */
#define VIRTIO_NET_F_GUEST_CSUM		(1ULL << 1)	/* RX checksums may be partial */
#define VIRTIO_NET_F_MTU		(1ULL << 3)	/* config has mtu */
#define VIRTIO_NET_F_MAC		(1ULL << 5)	/* config has mac */
#define VIRTIO_NET_F_GUEST_TSO4		(1ULL << 7)
#define VIRTIO_NET_F_GUEST_TSO6		(1ULL << 8)
#define VIRTIO_NET_F_GUEST_ECN		(1ULL << 9)
#define VIRTIO_NET_F_GUEST_UFO		(1ULL << 10)
#define VIRTIO_NET_F_HOST_TSO4		(1ULL << 11)
#define VIRTIO_NET_F_HOST_TSO6		(1ULL << 12)
#define VIRTIO_NET_F_HOST_ECN		(1ULL << 13)
#define VIRTIO_NET_F_HOST_UFO		(1ULL << 14)
#define VIRTIO_NET_F_MRG_RXBUF		(1ULL << 15)	/* frames may span RX buffers */
#define VIRTIO_NET_F_STATUS		(1ULL << 16)	/* config has status (link) */
#define VIRTIO_NET_F_CTRL_VQ		(1ULL << 17)	/* control queue */
#define VIRTIO_NET_F_CTRL_RX		(1ULL << 18)
#define VIRTIO_NET_F_CTRL_VLAN		(1ULL << 19)
#define VIRTIO_NET_F_GUEST_ANNOUNCE	(1ULL << 21)
#define VIRTIO_NET_F_MQ			(1ULL << 22)	/* several queue pairs */
#define VIRTIO_NET_F_CTRL_MAC_ADDR	(1ULL << 23)

/* Device configuration (spec 5.1.4). */
#define VIRTIO_NET_CONFIG_MAC		0	/* u8[6], with F_MAC */
#define VIRTIO_NET_CONFIG_STATUS	6	/* u16, with F_STATUS */
#define  VIRTIO_NET_S_LINK_UP		1
#define  VIRTIO_NET_S_ANNOUNCE		2
#define VIRTIO_NET_CONFIG_MAX_VQ_PAIRS	8	/* u16, with F_MQ */
#define VIRTIO_NET_CONFIG_MTU		10	/* u16, with F_MTU */

/*
 * Queue numbers (spec 5.1.2): receive queue k is 2k, transmit queue k is
 * 2k + 1; with F_MQ the control queue follows all max_virtqueue_pairs.
 */
#define VTNET_RXQ(k)	(2 * (k))
#define VTNET_TXQ(k)	(2 * (k) + 1)
#define VTNET_CTRLQ(maxpairs)	(2 * (maxpairs))

/* Control queue commands (spec 5.1.6.5): header, data, then a 1-byte ack. */
struct virtio_net_ctrl_hdr {
	uint8_t		class;		/* VIRTIO_NET_CTRL_* */
	uint8_t		cmd;
} __attribute__((packed));
#define VIRTIO_NET_CTRL_MQ		4
#define  VIRTIO_NET_CTRL_MQ_VQ_PAIRS_SET	0	/* data: u16 pairs in use */
#define VIRTIO_NET_OK			0	/* the ack */

/*
 * The header before each frame.  With VERSION_1 it is always 12 bytes
 * (num_buffers included, even without MRG_RXBUF).  Without offloads the
 * driver sends it zeroed and ignores it on receive beyond validation.
 */
struct virtio_net_hdr {
	uint8_t		flags;		/* VIRTIO_NET_HDR_F_* */
	uint8_t		gso_type;	/* VIRTIO_NET_HDR_GSO_NONE when no offload */
	uint16_t	hdr_len;	/* GSO: length of the headers */
	uint16_t	gso_size;	/* GSO: segment size */
	uint16_t	csum_start;	/* F_NEEDS_CSUM: where checksumming starts */
	uint16_t	csum_offset;	/* and where to store it */
	uint16_t	num_buffers;	/* MRG_RXBUF: buffers this frame uses */
} __attribute__((packed));
#define VIRTIO_NET_HDR_F_NEEDS_CSUM	1
#define VIRTIO_NET_HDR_GSO_NONE		0

#endif
