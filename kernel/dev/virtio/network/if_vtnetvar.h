/*
 * The vtnet driver's state for one NIC (if_vtnet.c): one or more queue
 * pairs, each a receive queue with its own interrupt and kernel thread
 * and a transmit queue, plus the control queue when the device does
 * multiqueue (VIRTIO_NET_F_MQ).
 *
 * Receive descriptor i holds mbuf cluster vtnrx_m[i]: a frame larger than
 * an mbuf's own room goes up the stack in that cluster and a fresh one
 * takes its place (no copy); a small frame is copied into a plain mbuf and
 * the cluster offered again.  Transmit descriptor i permanently points at
 * buffer i (2 KiB, two to a page): a frame is flattened into it behind a
 * zeroed header.  Free transmit descriptors are a stack; transmit
 * completions raise no interrupt but are reclaimed by later transmits.
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
#define VTNET_MAX_QP		8	/* queue pairs used at most */
#define VTNET_TX_KICK_BATCH	32	/* frames held back from the doorbell at most */

/* Work for a receive queue's thread, as bits of vtnrx_pending. */
#define VTNET_WORK_RX		0x1	/* its receive interrupt fired */
#define VTNET_WORK_CONFIG	0x2	/* configuration changed (queue 0 only) */

struct ifnet;
struct mbuf;
struct thread;
struct virtio_device;
struct vtnet_softc;

struct vtnet_rxq {
	struct vtnet_softc *vtnrx_sc;	/* its NIC */
	int		 vtnrx_id;	/* queue pair number */
	char		 vtnrx_name[8];	/* "rx", "rx1"...: its interrupt's name */
	struct virtqueue vtnrx_vq;	/* device queue 2 * id */
	struct mbuf	*vtnrx_m[VTNET_RING_MAX];	/* cluster behind each descriptor */
	struct mtx	 vtnrx_mtx;	/* spin: vtnrx_pending and the thread's sleep */
	volatile uint32_t vtnrx_pending;	/* VTNET_WORK_*: work for the thread */
	struct thread	*vtnrx_thread;	/* drains the ring, hands frames to the stack */
	int		 vtnrx_cpu;	/* CPU of the thread and interrupt, -1: any */
	uint64_t	 vtnrx_intrs;	/* interrupts taken */
	uint64_t	 vtnrx_packets;	/* frames handed to the stack */
	uint64_t	 vtnrx_copied;	/* of them, small ones copied (cluster kept) */
};

struct vtnet_txq {
	struct vtnet_softc *vtntx_sc;	/* its NIC */
	int		 vtntx_id;	/* queue pair number */
	struct virtqueue vtntx_vq;	/* device queue 2 * id + 1 */
	uint8_t		*vtntx_buf[VTNET_RING_MAX];	/* buffer of each descriptor */
	uint16_t	 vtntx_free[VTNET_RING_MAX];	/* free descriptors (stack) */
	int		 vtntx_nfree;	/* entries on it */
	struct mtx	 vtntx_mtx;	/* the ring: transmit, reclaim, doorbell */
	/*
	 * A thread delivering a batch of received frames: what it transmits
	 * meanwhile (its replies) waits for one doorbell at the batch's end
	 * (or every VTNET_TX_KICK_BATCH frames) -- each doorbell is a trip
	 * through the hypervisor.
	 */
	struct thread	*vtntx_batch;
	int		 vtntx_unkicked;	/* enqueued, doorbell not yet rung */
	uint64_t	 vtntx_packets;	/* frames queued */
	uint64_t	 vtntx_kicks;	/* doorbells rung (skipped ones not counted) */
};

struct vtnet_softc {
	struct vtnet_softc *vtn_next;	/* all vtnet NICs (sysctl) */
	struct virtio_device *vtn_vd;	/* the device, through its transport */
	struct ifnet	*vtn_ifp;	/* our interface */
	int		 vtn_unit;	/* vtnet<unit> */
	char		 vtn_name[16];	/* "vtnet0" */
	uint8_t		 vtn_mac[6];	/* from config space (or random) */

	int		 vtn_nqp;	/* queue pairs in use */
	int		 vtn_max_qp;	/* queue pairs the device has */
	struct vtnet_rxq vtn_rxq[VTNET_MAX_QP];
	struct vtnet_txq vtn_txq[VTNET_MAX_QP];
	struct virtqueue vtn_ctrlq;	/* control queue (multiqueue devices) */
	uint8_t		*vtn_ctrl_buf;	/* its command and reply buffer (a page) */

	/* Driver statistics beyond the ifnet counters. */
	uint64_t	 vtn_config_intrs;	/* configuration change interrupts */
	uint64_t	 vtn_rx_bad;	/* device returned a bad id or length */
	uint64_t	 vtn_tx_reclaimed;	/* tx descriptors completed */
	uint64_t	 vtn_link_changes;	/* link state changes seen */
};

#endif
