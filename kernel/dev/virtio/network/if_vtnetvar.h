/*
 * The vtnet driver's state for one NIC (if_vtnet.c).
 *
 * Each queue's descriptor i permanently points at buffer i (2 KiB, two to
 * a page): receive buffers are copied into mbufs (m_devget) and offered
 * again at once; a transmitted packet is flattened into its descriptor's
 * buffer behind a zeroed header.  Free transmit descriptors are a stack.
 */
#ifndef DEV_VIRTIO_NETWORK_IF_VTNETVAR_H
#define DEV_VIRTIO_NETWORK_IF_VTNETVAR_H

#include <stdint.h>
#include <sys/mutex.h>
#include <dev/virtio/virtqueue.h>

#define VTNET_BUFSZ		2048	/* per descriptor: header + frame */
#define VTNET_RING_MAX		256	/* entries used per queue */
#define VTNET_HDR_LEN		12	/* struct virtio_net_hdr, VERSION_1 */
#define VTNET_MAX_FRAME		(VTNET_BUFSZ - VTNET_HDR_LEN)

/* Interrupt sources, as bits of vtn_pending. */
#define VTNET_INTR_CONFIG	0
#define VTNET_INTR_RX		1
#define VTNET_INTR_TX		2
#define VTNET_NINTRS		3

struct ifnet;
struct thread;
struct virtio_device;

struct vtnet_softc {
	struct vtnet_softc *vtn_next;	/* all vtnet NICs (sysctl) */
	struct virtio_device *vtn_vd;	/* the device, through its transport */
	struct ifnet	*vtn_ifp;	/* our interface */
	int		 vtn_unit;	/* vtnet<unit> */
	char		 vtn_name[16];	/* "vtnet0" */
	uint8_t		 vtn_mac[6];	/* from config space (or random) */

	struct virtqueue vtn_rxq;	/* receive queue 0 */
	uint8_t		*vtn_rxbuf[VTNET_RING_MAX];	/* buffer of each rx descriptor */
	struct virtqueue vtn_txq;	/* transmit queue 1 */
	uint8_t		*vtn_txbuf[VTNET_RING_MAX];	/* buffer of each tx descriptor */
	uint16_t	 vtn_txfree[VTNET_RING_MAX];	/* free tx descriptors (stack) */
	int		 vtn_ntxfree;	/* entries on it */
	struct mtx	 vtn_tx_mtx;	/* tx ring: if_transmit vs reclaim */

	struct mtx	 vtn_intr_mtx;	/* vtn_pending and the thread's sleep */
	volatile uint32_t vtn_pending;	/* 1 << VTNET_INTR_*: work for the thread */
	struct thread	*vtn_thread;	/* drains rx, reclaims tx, follows the link */

	/* Driver statistics beyond the ifnet counters. */
	uint64_t	 vtn_intrs[VTNET_NINTRS];	/* interrupts per source */
	uint64_t	 vtn_rx_bad;	/* device returned a bad id or length */
	uint64_t	 vtn_tx_reclaimed;	/* tx descriptors completed */
	uint64_t	 vtn_link_changes;	/* link state changes seen */
};

#endif
