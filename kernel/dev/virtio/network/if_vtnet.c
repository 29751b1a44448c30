/*
 * vtnet: the virtio network device, over whatever transport found it
 * (virtio.h; today the modern PCI one).
 *
 * Features: VERSION_1 (required), MAC and STATUS (used when offered), and
 * on a machine with more than one CPU, CTRL_VQ + MQ: one queue pair per
 * CPU (up to what the device has), each receive queue's interrupt and
 * thread on its own CPU, so that the device's flow hashing spreads the
 * traffic and each flow stays on one CPU (its order kept).  No checksum or
 * segmentation offloads, no MRG_RXBUF (every receive buffer holds a whole
 * frame), because under QEMU they do not pay: with the word-at-a-time
 * checksum (net/in_cksum.c) a 1400-byte clear UDP echo spends about 5% of
 * its busy time summing while the guest idles three quarters of the time
 * (make bench-datapath --profile), ESP's inner checksum is beyond any
 * device's reach, and a partially checksummed packet that may be forwarded
 * or tunnelled would need completing on every path that leaves the host;
 * mergeable buffers help only frames larger than one 2 KiB cluster.
 *
 * Interrupts: configuration changes (the link) and one per receive queue.
 * A handler only records the work and wakes its queue's thread, which
 * drains the ring and hands frames to the stack (if_input) outside
 * interrupt context; queue 0's thread also follows the link state.
 * Receive is zero-copy for frames that need a cluster (see
 * if_vtnetvar.h).  Transmit raises no interrupt: if_transmit reclaims
 * finished descriptors itself, runs with the net lock held and never
 * sleeps (a full ring is ENOBUFS, counted in if_oqdrops), and uses the
 * queue pair of the CPU it runs on.  Frames a receive thread sends while
 * it delivers a batch share one doorbell at the batch's end.
 *
 * The threads start once the other CPUs run (SI_SUB_SMP): until then
 * interrupts only leave their work bits set.
 */
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/kernel.h>
#include <sys/malloc.h>
#include <sys/mutex.h>
#include <sys/pcpu.h>
#include <sys/proc.h>
#include <sys/random.h>
#include <sys/sbuf.h>
#include <sys/sysctl.h>
#include <machine/vmparam.h>
#include <vm/vm_phys.h>
#include <dev/virtio/virtio.h>
#include <dev/virtio/virtqueue.h>
#include <dev/virtio/network/virtio_net.h>
#include <dev/virtio/network/if_vtnetvar.h>
#include "net/if_var.h"
#include "net/mbuf.h"

MALLOC_DEFINE(M_VTNET, "vtnet", "virtio network driver state");

#define VTNET_FEATURES_WANTED	(VIRTIO_F_VERSION_1 | VIRTIO_NET_F_MAC | VIRTIO_NET_F_STATUS)
#define VTNET_FEATURES_MQ	(VIRTIO_NET_F_CTRL_VQ | VIRTIO_NET_F_MQ)
#define VTNET_FEATURES_REQUIRED	VIRTIO_F_VERSION_1
#define ETHER_HDR_LEN		14
#define VTNET_CTRL_TIMEOUT_US	1000000	/* a control command's answer */

static struct vtnet_softc *vtnet_list;	/* every attached NIC */

static int vtnet_fill_pair(struct vtnet_softc *sc, int q);
static int vtnet_ctrl_cmd(struct vtnet_softc *sc, uint8_t class, uint8_t cmd,
    const void *data, uint16_t len);
static int vtnet_count;
SYSCTL_INT("dev.vtnet.count", &vtnet_count, "vtnet interfaces attached");

static const char *
vtnet_feature_name(uint64_t bit)
{
	switch (bit) {
	case VIRTIO_NET_F_CSUM:		return ("CSUM");
	case VIRTIO_NET_F_GUEST_CSUM:	return ("GUEST_CSUM");
	case VIRTIO_NET_F_MTU:		return ("MTU");
	case VIRTIO_NET_F_MAC:		return ("MAC");
	case VIRTIO_NET_F_MRG_RXBUF:	return ("MRG_RXBUF");
	case VIRTIO_NET_F_STATUS:	return ("STATUS");
	case VIRTIO_NET_F_CTRL_VQ:	return ("CTRL_VQ");
	case VIRTIO_NET_F_MQ:		return ("MQ");
	default:			return (NULL);
	}
}

/* ---- interrupts: record and wake, nothing more ---- */

static void
vtnet_rxq_post(struct vtnet_rxq *rxq, uint32_t work)
{
	mtx_lock_spin(&rxq->vtnrx_mtx);
	rxq->vtnrx_pending |= work;
	mtx_unlock_spin(&rxq->vtnrx_mtx);
	wakeup(rxq);
}

static void
vtnet_config_change(struct virtio_device *vd)
{
	struct vtnet_softc *sc = vd->vd_softc;

	sc->vtn_config_intrs++;
	vtnet_rxq_post(&sc->vtn_rxq[0], VTNET_WORK_CONFIG);
}

static void
vtnet_intr_rx(void *arg)
{
	struct vtnet_rxq *rxq = arg;

	rxq->vtnrx_intrs++;
	vtnet_rxq_post(rxq, VTNET_WORK_RX);
}

/* ---- transmit ---- */

/* The queue pair of the CPU we run on: a flow's replies leave where it arrived. */
static struct vtnet_txq *
vtnet_txq_here(struct vtnet_softc *sc)
{
	return (&sc->vtn_txq[sc->vtn_nqp > 1 ? curcpu % (unsigned)sc->vtn_nqp : 0]);
}

/* Returns finished descriptors to the free stack (tx lock held). */
static void
vtnet_txeof_locked(struct vtnet_txq *txq)
{
	struct vtnet_softc *sc = txq->vtntx_sc;
	uint16_t id;
	uint32_t len;
	int r;

	while ((r = virtqueue_dequeue(&txq->vtntx_vq, &id, &len)) != 0) {
		if (r < 0 || txq->vtntx_nfree >= txq->vtntx_vq.vq_size) {
			sc->vtn_ifp->if_oerrors++;	/* device returned a bogus id */
			continue;
		}
		txq->vtntx_free[txq->vtntx_nfree++] = id;
		sc->vtn_tx_reclaimed++;
	}
}

/* Publishes what was queued and rings the doorbell (tx lock held). */
static void
vtnet_txq_kick_locked(struct vtnet_txq *txq)
{
	virtqueue_notify(&txq->vtntx_vq);
	txq->vtntx_unkicked = 0;
	txq->vtntx_kicks++;
}

static int
vtnet_transmit(struct ifnet *ifp, struct mbuf *m)
{
	struct vtnet_softc *sc = ifp->if_softc;
	struct vtnet_txq *txq = vtnet_txq_here(sc);
	struct virtqueue *vq = &txq->vtntx_vq;
	int len = m->m_pkthdr.len;
	uint8_t *buf;
	uint16_t id;

	if (len < ETHER_HDR_LEN || len > VTNET_MAX_FRAME) {
		ifp->if_oerrors++;
		m_freem(m);
		return (EMSGSIZE);
	}
	mtx_lock(&txq->vtntx_mtx);
	/* Reclaim early, before the ring runs dry: no interrupt will tell us. */
	if (txq->vtntx_nfree < vq->vq_size / 2)
		vtnet_txeof_locked(txq);
	if (txq->vtntx_nfree == 0 && txq->vtntx_unkicked > 0) {
		vtnet_txq_kick_locked(txq);	/* let the device see what is held back */
		vtnet_txeof_locked(txq);
	}
	if (txq->vtntx_nfree == 0) {
		ifp->if_oqdrops++;
		mtx_unlock(&txq->vtntx_mtx);
		m_freem(m);
		return (ENOBUFS);
	}
	id = txq->vtntx_free[--txq->vtntx_nfree];
	buf = txq->vtntx_buf[id];
	memset(buf, 0, VTNET_HDR_LEN);	/* no offloads: flags 0, GSO_NONE */
	m_copydata(m, 0, len, buf + VTNET_HDR_LEN);
	vq->vq_desc[id].addr = DMAP_TO_PHYS(buf);
	vq->vq_desc[id].len = (uint32_t)(VTNET_HDR_LEN + len);
	vq->vq_desc[id].flags = 0;
	virtqueue_enqueue(vq, id);
	txq->vtntx_packets++;
	if (txq->vtntx_batch != curthread || ++txq->vtntx_unkicked >= VTNET_TX_KICK_BATCH)
		vtnet_txq_kick_locked(txq);
	ifp->if_opackets++;
	ifp->if_obytes += (uint64_t)len;
	if (buf[VTNET_HDR_LEN] & 1)
		ifp->if_omcasts++;
	mtx_unlock(&txq->vtntx_mtx);
	m_freem(m);
	return (0);
}

/* A receive thread starts (td) or ends (NULL) delivering a batch. */
static void
vtnet_tx_batch(struct vtnet_txq *txq, struct thread *td)
{
	mtx_lock(&txq->vtntx_mtx);
	if (td == NULL && txq->vtntx_unkicked > 0)
		vtnet_txq_kick_locked(txq);
	txq->vtntx_batch = td;
	mtx_unlock(&txq->vtntx_mtx);
}

/* ---- receive ---- */

/* A fresh cluster for receive descriptor id; 0, or -1 when out of mbufs. */
static int
vtnet_rx_newbuf(struct vtnet_rxq *rxq, uint16_t id)
{
	struct virtqueue *vq = &rxq->vtnrx_vq;
	struct mbuf *m = m_getcl(M_NOWAIT, MT_DATA, M_PKTHDR);

	if (m == NULL)
		return (-1);
	rxq->vtnrx_m[id] = m;
	/* A cluster is one direct-map allocation: physically contiguous. */
	vq->vq_desc[id].addr = DMAP_TO_PHYS(m->m_ext.ext_buf);
	vq->vq_desc[id].len = MCLBYTES;
	vq->vq_desc[id].flags = VRING_DESC_F_WRITE;
	return (0);
}

/*
 * One received buffer, validated: a frame of up to MHLEN bytes is copied
 * into a plain mbuf and the cluster offered again; a larger one goes up
 * in its cluster, a new one taking its place (when none can be had, the
 * frame is dropped, counted, and its cluster offered again: the ring never
 * shrinks).  NULL when dropped.
 */
static struct mbuf *
vtnet_rx_one(struct vtnet_rxq *rxq, uint16_t id, uint32_t len)
{
	struct vtnet_softc *sc = rxq->vtnrx_sc;
	struct ifnet *ifp = sc->vtn_ifp;
	struct mbuf *m = rxq->vtnrx_m[id];
	int flen = (int)len - VTNET_HDR_LEN;

	if (len < VTNET_HDR_LEN + ETHER_HDR_LEN || len > MCLBYTES) {
		sc->vtn_rx_bad++;
		ifp->if_ierrors++;
		m = NULL;
	} else if (flen <= MHLEN) {
		m = m_devget(mtod(m, uint8_t *) + VTNET_HDR_LEN, flen, ifp);
		if (m == NULL)
			ifp->if_iqdrops++;
		else
			rxq->vtnrx_copied++;
	} else if (vtnet_rx_newbuf(rxq, id) != 0) {
		ifp->if_iqdrops++;
		m = NULL;
	} else {
		m->m_data += VTNET_HDR_LEN;
		m->m_len = m->m_pkthdr.len = flen;
		m->m_pkthdr.rcvif = ifp;
	}
	virtqueue_enqueue(&rxq->vtnrx_vq, id);
	if (m != NULL) {
		rxq->vtnrx_packets++;
		ifp->if_ipackets++;
		ifp->if_ibytes += (uint64_t)flen;
		if (mtod(m, uint8_t *)[0] & 1)
			ifp->if_imcasts++;
	}
	return (m);
}

/*
 * Drains the receive ring in batches: take every finished buffer, give
 * the device its replacements, then hand the batch to the stack (no lock
 * held), the replies it causes sharing the doorbell.
 */
static void
vtnet_rxeof(struct vtnet_rxq *rxq)
{
	struct vtnet_softc *sc = rxq->vtnrx_sc;
	struct virtqueue *vq = &rxq->vtnrx_vq;
	struct mbuf *head, **tail, *m;
	struct vtnet_txq *txq;
	uint16_t id;
	uint32_t len;
	int r, n;

	virtqueue_disable_intr(vq);	/* we are draining: no need to be told */
	for (;;) {
		head = NULL;
		tail = &head;
		/* A ring's worth at a time: a flood must not pile up mbufs here. */
		for (n = 0; n < vq->vq_size && (r = virtqueue_dequeue(vq, &id, &len)) != 0; n++) {
			if (r < 0) {	/* an id we never offered: nothing to recycle */
				sc->vtn_rx_bad++;
				sc->vtn_ifp->if_ierrors++;
				continue;
			}
			if ((m = vtnet_rx_one(rxq, id, len)) != NULL) {
				*tail = m;
				tail = &m->m_nextpkt;
			}
		}
		virtqueue_notify(vq);	/* the recycled and new buffers */
		txq = vtnet_txq_here(sc);
		vtnet_tx_batch(txq, curthread);
		while ((m = head) != NULL) {
			head = m->m_nextpkt;
			m->m_nextpkt = NULL;
			if (sc->vtn_ifp->if_input != NULL)
				sc->vtn_ifp->if_input(sc->vtn_ifp, m);
			else
				m_freem(m);
		}
		vtnet_tx_batch(txq, NULL);
		if (virtqueue_pending(vq) == 0 && !virtqueue_enable_intr(vq))
			break;
		virtqueue_disable_intr(vq);
		/* A flood: let the shell and other threads of our level run. */
		sched_yield();
	}
}

/* ---- link state ---- */

static int
vtnet_link_state(struct vtnet_softc *sc)
{
	uint16_t status;

	if (!virtio_with_feature(sc->vtn_vd, VIRTIO_NET_F_STATUS))
		return (LINK_STATE_UP);		/* no STATUS: the spec says assume up */
	if (virtio_read_device_config(sc->vtn_vd, VIRTIO_NET_CONFIG_STATUS, &status, 2) != 0)
		return (LINK_STATE_UNKNOWN);
	return ((status & VIRTIO_NET_S_LINK_UP) ? LINK_STATE_UP : LINK_STATE_DOWN);
}

static void
vtnet_update_link(struct vtnet_softc *sc)
{
	int link = vtnet_link_state(sc);

	if (link == sc->vtn_ifp->if_link_state)
		return;
	sc->vtn_link_changes++;
	if_link_state_change(sc->vtn_ifp, link);
	printf("%s: link state changed to %s\n", sc->vtn_name,
	    link == LINK_STATE_UP ? "UP" : link == LINK_STATE_DOWN ? "DOWN" : "UNKNOWN");
}

/* ---- the per-queue threads ---- */

static void
vtnet_rxq_thread(void *arg)
{
	struct vtnet_rxq *rxq = arg;
	uint32_t work;

	for (;;) {
		mtx_lock_spin(&rxq->vtnrx_mtx);
		while (rxq->vtnrx_pending == 0)
			msleep_spin(rxq, &rxq->vtnrx_mtx, "vtnet", 0);
		work = rxq->vtnrx_pending;
		rxq->vtnrx_pending = 0;
		mtx_unlock_spin(&rxq->vtnrx_mtx);
		if (work & VTNET_WORK_CONFIG)
			vtnet_update_link(rxq->vtnrx_sc);
		if (work & VTNET_WORK_RX)
			vtnet_rxeof(rxq);
	}
}

/*
 * Once the other CPUs run: a multiqueue device gets one queue pair per CPU
 * (within what it has), buffers for them and the command to use them; then
 * queue i's interrupt and thread go to CPU i.  With one pair the thread
 * may run anywhere.  Work that arrived before is waiting in vtnrx_pending
 * (interrupts do not wait for threads).
 */
static void
vtnet_start_pairs(struct vtnet_softc *sc)
{
	int want = (int)(mp_ncpus < (unsigned)sc->vtn_max_qp ? mp_ncpus : (unsigned)sc->vtn_max_qp);
	uint16_t pairs;
	int q;

	if (!virtio_with_feature(sc->vtn_vd, VIRTIO_NET_F_MQ) || want <= 1)
		return;
	for (q = 1; q < want; q++)
		if (vtnet_fill_pair(sc, q) != 0) {
			printf("%s: out of memory for queue pair %d\n", sc->vtn_name, q);
			break;
		}
	pairs = (uint16_t)q;
	if (pairs > 1 &&
	    vtnet_ctrl_cmd(sc, VIRTIO_NET_CTRL_MQ, VIRTIO_NET_CTRL_MQ_VQ_PAIRS_SET, &pairs, 2) != 0) {
		/* the device keeps to pair 0, as after reset: so do we */
		printf("%s: device refused %u queue pairs; using one\n", sc->vtn_name, pairs);
		return;
	}
	sc->vtn_nqp = pairs;
	for (q = 1; q < sc->vtn_nqp; q++)
		virtqueue_notify(&sc->vtn_rxq[q].vtnrx_vq);
}

static void
vtnet_start_threads(const void *dummy __unused)
{
	struct vtnet_softc *sc;
	int i;

	for (sc = vtnet_list; sc != NULL; sc = sc->vtn_next) {
		vtnet_start_pairs(sc);
		for (i = 0; i < sc->vtn_nqp; i++) {
			struct vtnet_rxq *rxq = &sc->vtn_rxq[i];

			rxq->vtnrx_cpu = sc->vtn_nqp > 1 ? (int)((unsigned)i % mp_ncpus) : -1;
			if (rxq->vtnrx_cpu >= 0 &&
			    virtio_bind_intr(sc->vtn_vd, VTNET_RXQ(i), (unsigned)rxq->vtnrx_cpu) != 0)
				printf("%s: cannot bind rx%d's interrupt to cpu%d\n", sc->vtn_name,
				    i, rxq->vtnrx_cpu);
			rxq->vtnrx_thread = kthread_create(vtnet_rxq_thread, rxq, PRI_KERN,
			    rxq->vtnrx_cpu >= 0 ? rxq->vtnrx_cpu : NOCPU, "%s%s%.0d",
			    sc->vtn_name, sc->vtn_nqp > 1 ? " rx" : "", sc->vtn_nqp > 1 ? i : 0);
			/* whatever the interrupts recorded before the thread existed */
			vtnet_rxq_post(rxq, VTNET_WORK_RX | (i == 0 ? VTNET_WORK_CONFIG : 0));
		}
		if (sc->vtn_nqp > 1)
			printf("%s: %d queue pairs, each on its own CPU\n", sc->vtn_name,
			    sc->vtn_nqp);
	}
}
SYSINIT(vtnet_threads, SI_SUB_SMP, SI_ORDER_SECOND, vtnet_start_threads, NULL);

/* ---- sysctl ---- */

/*
 * The driver's state, one line per item, each starting with pfx: sysctl
 * dev.vtnet.queues (for user space and the kernel shell, as FreeBSD's
 * dev.vtnet.N.rxqM.* are).
 */
static void
vtnet_info(struct vtnet_softc *sc, struct sbuf *sb, const char *pfx)
{
	char f[160];
	int i;

	virtio_features_string(sc->vtn_vd, sc->vtn_vd->vd_features, f, sizeof(f));
	sbuf_printf(sb, "%sfeatures 0x%llx <%s>\n", pfx,
	    (unsigned long long)sc->vtn_vd->vd_features, f);
	sbuf_printf(sb, "%s%d queue pair%s (device has %d), config interrupts %llu, rx bad %llu, "
	    "tx reclaimed %llu\n", pfx, sc->vtn_nqp, sc->vtn_nqp == 1 ? "" : "s", sc->vtn_max_qp,
	    (unsigned long long)sc->vtn_config_intrs, (unsigned long long)sc->vtn_rx_bad,
	    (unsigned long long)sc->vtn_tx_reclaimed);
	for (i = 0; i < sc->vtn_nqp; i++) {
		struct vtnet_rxq *rxq = &sc->vtn_rxq[i];
		struct vtnet_txq *txq = &sc->vtn_txq[i];

		sbuf_printf(sb, "%spair %d: rxq %u entries, vector %d, cpu %s%d, interrupts %llu, "
		    "packets %llu (copied %llu); txq %u entries (%d free), packets %llu, "
		    "doorbells %llu\n", pfx, i, rxq->vtnrx_vq.vq_size, rxq->vtnrx_vq.vq_intr_vector,
		    rxq->vtnrx_cpu < 0 ? "any/" : "", rxq->vtnrx_cpu,
		    (unsigned long long)rxq->vtnrx_intrs, (unsigned long long)rxq->vtnrx_packets,
		    (unsigned long long)rxq->vtnrx_copied, txq->vtntx_vq.vq_size,
		    txq->vtntx_nfree, (unsigned long long)txq->vtntx_packets,
		    (unsigned long long)txq->vtntx_kicks);
	}
}

/* dev.vtnet.queues: every NIC's vtnet_info(), lines "vtnet0: ..." (no last newline). */
static void
vtnet_sysctl_queues(char *buf, size_t len)
{
	struct vtnet_softc *sc;
	struct sbuf sb;
	char pfx[sizeof(sc->vtn_name) + 2];
	size_t n;

	sbuf_new_fixed(&sb, buf, len);
	for (sc = vtnet_list; sc != NULL; sc = sc->vtn_next) {
		snprintf(pfx, sizeof(pfx), "%s: ", sc->vtn_name);
		vtnet_info(sc, &sb, pfx);
	}
	sbuf_finish(&sb);
	if ((n = strlen(buf)) > 0 && buf[n - 1] == '\n')
		buf[n - 1] = '\0';
}
SYSCTL_PROC("dev.vtnet.queues", vtnet_sysctl_queues,
    "features and queue pairs of each NIC: CPU, interrupts, packets, doorbells");

/* dev.vtnet.stats: one "name rx N tx N ..." group per NIC. */
static void
vtnet_sysctl_stats(char *buf, size_t len)
{
	struct vtnet_softc *sc;
	size_t n = 0;

	buf[0] = '\0';
	for (sc = vtnet_list; sc != NULL; sc = sc->vtn_next)
		n += (size_t)snprintf(buf + n, n < len ? len - n : 0,
		    "%s%s rx %llu rxdrop %llu rxerr %llu tx %llu txdrop %llu link %s qpairs %d",
		    n ? "; " : "", sc->vtn_name,
		    (unsigned long long)sc->vtn_ifp->if_ipackets,
		    (unsigned long long)sc->vtn_ifp->if_iqdrops,
		    (unsigned long long)sc->vtn_ifp->if_ierrors,
		    (unsigned long long)sc->vtn_ifp->if_opackets,
		    (unsigned long long)sc->vtn_ifp->if_oqdrops,
		    sc->vtn_ifp->if_link_state == LINK_STATE_UP ? "up" : "down", sc->vtn_nqp);
}
SYSCTL_PROC("dev.vtnet.stats", vtnet_sysctl_stats, "per-NIC packet counters and link");

/* ---- attach ---- */

/* Buffers for a transmit queue's descriptors: VTNET_BUFSZ each, two per page. */
static int
vtnet_alloc_bufs(uint8_t **bufs, int n)
{
	int i, per = (int)(PAGE_SIZE / VTNET_BUFSZ);
	uint64_t pa = 0;

	for (i = 0; i < n; i++) {
		if (i % per == 0 && (pa = vm_phys_alloc_page()) == 0)
			return (-1);
		bufs[i] = (uint8_t *)PHYS_TO_DMAP(pa) + (i % per) * VTNET_BUFSZ;
	}
	return (0);
}

static void
vtnet_free_bufs(uint8_t **bufs, int n)
{
	int i, per = (int)(PAGE_SIZE / VTNET_BUFSZ);

	for (i = 0; i < n && bufs[i] != NULL; i += per) {
		vm_phys_free_page(DMAP_TO_PHYS(bufs[i]));
		bufs[i] = NULL;
	}
}

/* Every queue's buffers (after the device was reset, or before it ran). */
static void
vtnet_free_queue_bufs(struct vtnet_softc *sc)
{
	int q, i;

	for (q = 0; q < VTNET_MAX_QP; q++) {
		for (i = 0; i < VTNET_RING_MAX; i++)
			if (sc->vtn_rxq[q].vtnrx_m[i] != NULL) {
				m_freem(sc->vtn_rxq[q].vtnrx_m[i]);
				sc->vtn_rxq[q].vtnrx_m[i] = NULL;
			}
		vtnet_free_bufs(sc->vtn_txq[q].vtntx_buf, VTNET_RING_MAX);
	}
	if (sc->vtn_ctrl_buf != NULL)
		vm_phys_free_page(DMAP_TO_PHYS(sc->vtn_ctrl_buf));
	sc->vtn_ctrl_buf = NULL;
}

/*
 * Buffers for queue pair q -- a cluster for every receive descriptor,
 * offered, and the transmit buffers, all free -- and no transmit
 * interrupts (reclaimed by transmit).  0, or -1 when out of memory (what
 * was taken stays, freed with the rest by vtnet_free_queue_bufs).
 */
static int
vtnet_fill_pair(struct vtnet_softc *sc, int q)
{
	struct vtnet_rxq *rxq = &sc->vtn_rxq[q];
	struct vtnet_txq *txq = &sc->vtn_txq[q];
	int i;

	for (i = 0; i < rxq->vtnrx_vq.vq_size; i++)
		if (vtnet_rx_newbuf(rxq, (uint16_t)i) != 0)
			return (-1);
	if (vtnet_alloc_bufs(txq->vtntx_buf, txq->vtntx_vq.vq_size) != 0)
		return (-1);
	for (i = 0; i < rxq->vtnrx_vq.vq_size; i++)
		virtqueue_enqueue(&rxq->vtnrx_vq, (uint16_t)i);
	for (i = 0; i < txq->vtntx_vq.vq_size; i++)
		txq->vtntx_free[i] = (uint16_t)(txq->vtntx_vq.vq_size - 1 - i);
	txq->vtntx_nfree = txq->vtntx_vq.vq_size;
	virtqueue_disable_intr(&txq->vtntx_vq);
	return (0);
}

/*
 * The queues: every pair the device has (each receive queue with its
 * interrupt, transmit without) and, with MQ, the control queue after them
 * -- all must exist before DRIVER_OK, though only pair 0 is used until the
 * other CPUs run (vtnet_start_pairs) -- and buffers for pair 0 and the
 * control queue.  0, or -1 with a message and the device failed (reset)
 * before any buffer is freed.
 */
static int
vtnet_alloc_queues(struct vtnet_softc *sc)
{
	struct vq_alloc_info info[2 * VTNET_MAX_QP + 1];
	int n = 2 * sc->vtn_max_qp, q;

	memset(info, 0, sizeof(info));
	for (q = 0; q < sc->vtn_max_qp; q++) {
		struct vtnet_rxq *rxq = &sc->vtn_rxq[q];

		snprintf(rxq->vtnrx_name, sizeof(rxq->vtnrx_name), q == 0 ? "rx" : "rx%d", q);
		info[VTNET_RXQ(q)] = (struct vq_alloc_info){ rxq->vtnrx_name, VTNET_RING_MAX,
		    vtnet_intr_rx, rxq, &rxq->vtnrx_vq };
		info[VTNET_TXQ(q)] = (struct vq_alloc_info){ "tx", VTNET_RING_MAX, NULL, NULL,
		    &sc->vtn_txq[q].vtntx_vq };
	}
	if (virtio_with_feature(sc->vtn_vd, VIRTIO_NET_F_CTRL_VQ))
		info[n++] = (struct vq_alloc_info){ "ctrl", 4, NULL, NULL, &sc->vtn_ctrlq };
	if (virtio_alloc_virtqueues(sc->vtn_vd, n, info) != 0)
		return (-1);
	if (vtnet_fill_pair(sc, 0) != 0)
		goto nomem;
	if (virtio_with_feature(sc->vtn_vd, VIRTIO_NET_F_CTRL_VQ)) {
		uint64_t pa = vm_phys_alloc_page();

		if (pa == 0)
			goto nomem;
		sc->vtn_ctrl_buf = (uint8_t *)PHYS_TO_DMAP(pa);
	}
	return (0);

nomem:
	printf("%s: out of memory for queue buffers\n", sc->vtn_name);
	virtio_fail(sc->vtn_vd);	/* frees the rings */
	vtnet_free_queue_bufs(sc);
	return (-1);
}

/*
 * One control command (after DRIVER_OK): header, data and the device's
 * one-byte ack as a descriptor chain, the answer polled (the device
 * answers on the doorbell).  0, or -1 when refused or not answered.
 */
static int
vtnet_ctrl_cmd(struct vtnet_softc *sc, uint8_t class, uint8_t cmd, const void *data,
    uint16_t len)
{
	struct virtqueue *vq = &sc->vtn_ctrlq;
	struct virtio_net_ctrl_hdr *hdr = (void *)sc->vtn_ctrl_buf;
	uint8_t *payload = sc->vtn_ctrl_buf + 64, *ack = sc->vtn_ctrl_buf + 128;
	uint64_t deadline;
	uint32_t rlen;
	uint16_t id;
	int r;

	if (sc->vtn_ctrl_buf == NULL || len > 64)
		return (-1);
	hdr->class = class;
	hdr->cmd = cmd;
	memcpy(payload, data, len);
	*ack = 0xff;
	vq->vq_desc[0] = (struct vring_desc){ DMAP_TO_PHYS(hdr), sizeof(*hdr),
	    VRING_DESC_F_NEXT, 1 };
	vq->vq_desc[1] = (struct vring_desc){ DMAP_TO_PHYS(payload), len, VRING_DESC_F_NEXT, 2 };
	vq->vq_desc[2] = (struct vring_desc){ DMAP_TO_PHYS(ack), 1, VRING_DESC_F_WRITE, 0 };
	virtqueue_enqueue(vq, 0);
	virtqueue_notify(vq);
	deadline = uptime_us() + VTNET_CTRL_TIMEOUT_US;
	while ((r = virtqueue_dequeue(vq, &id, &rlen)) == 0 && uptime_us() < deadline)
		__asm__ volatile("pause");
	return (r == 1 && id == 0 && *(volatile uint8_t *)ack == VIRTIO_NET_OK ? 0 : -1);
}

static void
vtnet_read_mac(struct vtnet_softc *sc)
{
	if (virtio_with_feature(sc->vtn_vd, VIRTIO_NET_F_MAC) &&
	    virtio_read_device_config(sc->vtn_vd, VIRTIO_NET_CONFIG_MAC, sc->vtn_mac, 6) == 0)
		return;
	/* No address from the device: a random locally administered one. */
	arc4random_buf_flags(sc->vtn_mac, sizeof(sc->vtn_mac), 0);
	sc->vtn_mac[0] = (uint8_t)((sc->vtn_mac[0] & 0xfe) | 0x02);
}

/*
 * How many queue pairs the device has: with MQ negotiated its
 * max_virtqueue_pairs (validated: 1..0x8000 by the spec, and no more than
 * VTNET_MAX_QP, or its control queue would lie beyond the queues we hold),
 * otherwise one.  One is used until the other CPUs run.  0, or -1 with a
 * message.
 */
static int
vtnet_queue_pairs(struct vtnet_softc *sc)
{
	uint16_t max;

	sc->vtn_max_qp = sc->vtn_nqp = 1;
	if (!virtio_with_feature(sc->vtn_vd, VIRTIO_NET_F_MQ))
		return (0);
	if (virtio_read_device_config(sc->vtn_vd, VIRTIO_NET_CONFIG_MAX_VQ_PAIRS, &max, 2) != 0 ||
	    max < 1 || max > 0x8000) {
		printf("%s: device offers MQ with a bad max_virtqueue_pairs\n", sc->vtn_name);
		return (-1);
	}
	if (max > VTNET_MAX_QP) {
		printf("%s: %u queue pairs is more than the %d this driver holds\n",
		    sc->vtn_name, max, VTNET_MAX_QP);
		return (-1);
	}
	sc->vtn_max_qp = max;
	return (0);
}

static int
vtnet_attach_ifnet(struct vtnet_softc *sc)
{
	struct ifnet *ifp;

	if ((ifp = if_alloc()) == NULL) {
		printf("%s: cannot allocate an ifnet\n", sc->vtn_name);
		return (-1);
	}
	sc->vtn_ifp = ifp;
	ifp->if_softc = sc;
	ifp->if_mtu = 1500;
	ifp->if_driver_desc = "VirtIO network (modern PCI)";
	ifp->if_transmit = vtnet_transmit;
	ifp->if_link_state = LINK_STATE_UNKNOWN;
	ether_ifattach(ifp, "vtnet", sc->vtn_unit, sc->vtn_mac);
	ifp->if_flags |= IFF_RUNNING;
	return (0);
}

static void
vtnet_init_queue_state(struct vtnet_softc *sc)
{
	int q;

	for (q = 0; q < VTNET_MAX_QP; q++) {
		sc->vtn_rxq[q].vtnrx_sc = sc;
		sc->vtn_rxq[q].vtnrx_id = q;
		sc->vtn_rxq[q].vtnrx_cpu = -1;
		mtx_init(&sc->vtn_rxq[q].vtnrx_mtx, "vtnet rx", MTX_SPIN);
		sc->vtn_txq[q].vtntx_sc = sc;
		sc->vtn_txq[q].vtntx_id = q;
		mtx_init(&sc->vtn_txq[q].vtntx_mtx, "vtnet tx", MTX_DEF);
	}
}

static int
vtnet_attach(struct virtio_device *vd)
{
	struct vtnet_softc *sc = malloc(sizeof(*sc), M_VTNET, M_WAITOK | M_ZERO);
	struct vtnet_softc **tail;
	char feat[160];

	sc->vtn_vd = vd;
	sc->vtn_unit = vd->vd_unit;
	strlcpy(sc->vtn_name, vd->vd_name, sizeof(sc->vtn_name));
	vd->vd_softc = sc;
	vtnet_init_queue_state(sc);
	if (virtio_negotiate_features(vd, VTNET_FEATURES_WANTED | VTNET_FEATURES_MQ,
	    VTNET_FEATURES_REQUIRED) != 0)
		goto fail_free;
	if ((vd->vd_features & VTNET_FEATURES_MQ) == VIRTIO_NET_F_MQ) {
		printf("%s: device offers MQ without CTRL_VQ\n", sc->vtn_name);
		goto fail_features;
	}
	if (vtnet_queue_pairs(sc) != 0)
		goto fail_features;
	vtnet_read_mac(sc);
	if (vtnet_alloc_queues(sc) != 0)
		goto fail_free;
	if (vtnet_attach_ifnet(sc) != 0)
		goto fail_queues;
	virtio_driver_ok(vd);
	virtqueue_notify(&sc->vtn_rxq[0].vtnrx_vq);	/* only after DRIVER_OK (3.1.1) */
	if_link_state_change(sc->vtn_ifp, vtnet_link_state(sc));
	for (tail = &vtnet_list; *tail != NULL; tail = &(*tail)->vtn_next)
		;
	*tail = sc;		/* attach order, for dev.vtnet.stats */
	vtnet_count++;
	virtio_features_string(vd, vd->vd_features, feat, sizeof(feat));
	printf("%s: <VirtIO network> at %s, MAC %02x:%02x:%02x:%02x:%02x:%02x, link %s, "
	    "rxq %u txq %u, features <%s>\n", sc->vtn_name, vd->vd_location,
	    sc->vtn_mac[0], sc->vtn_mac[1], sc->vtn_mac[2], sc->vtn_mac[3], sc->vtn_mac[4],
	    sc->vtn_mac[5], sc->vtn_ifp->if_link_state == LINK_STATE_UP ? "up" : "down",
	    sc->vtn_rxq[0].vtnrx_vq.vq_size, sc->vtn_txq[0].vtntx_vq.vq_size, feat);
	return (0);

fail_queues:
	virtio_fail(vd);	/* reset first: no DMA into the buffers freed next */
	vtnet_free_queue_bufs(sc);
	goto fail_free;
fail_features:
	virtio_fail(vd);
fail_free:
	vd->vd_softc = NULL;
	free(sc, M_VTNET);
	return (EIO);
}

static const struct virtio_driver vtnet_driver = {
	.vdrv_name = "vtnet",
	.vdrv_type = VIRTIO_ID_NETWORK,
	.vdrv_feature_name = vtnet_feature_name,
	.vdrv_attach = vtnet_attach,
	.vdrv_config_change = vtnet_config_change,
};
VIRTIO_DRIVER(vtnet_driver);
