/*
 * vtnet: the virtio network device, over whatever transport found it
 * (virtio.h; today the modern PCI one).
 *
 * Features: VERSION_1 (required), MAC and STATUS (used when offered);
 * nothing else -- no checksum or segmentation offloads, no MRG_RXBUF
 * (every receive buffer holds a whole frame), no control queue.
 *
 * Three interrupts: configuration changes (the link), the receive queue
 * and the transmit queue.  Each handler only records which source
 * fired and wakes the NIC's kernel thread, which drains the receive ring
 * and hands frames to the stack (if_input) outside interrupt context,
 * reclaims transmitted descriptors and follows the link state.
 * if_transmit runs with the net lock held and never sleeps: a full ring
 * is ENOBUFS, counted in if_oqdrops.
 */
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/malloc.h>
#include <sys/mutex.h>
#include <sys/proc.h>
#include <sys/random.h>
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
#define VTNET_FEATURES_REQUIRED	VIRTIO_F_VERSION_1
#define ETHER_HDR_LEN		14

static struct vtnet_softc *vtnet_list;	/* every attached NIC */
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
vtnet_intr_post(struct vtnet_softc *sc, int src)
{
	mtx_lock_spin(&sc->vtn_intr_mtx);
	sc->vtn_pending |= 1U << src;
	sc->vtn_intrs[src]++;
	mtx_unlock_spin(&sc->vtn_intr_mtx);
	wakeup(sc);
}

static void vtnet_config_change(struct virtio_device *vd) { vtnet_intr_post(vd->vd_softc, VTNET_INTR_CONFIG); }
static void vtnet_intr_rx(void *arg) { vtnet_intr_post(arg, VTNET_INTR_RX); }
static void vtnet_intr_tx(void *arg) { vtnet_intr_post(arg, VTNET_INTR_TX); }

/* ---- receive ---- */

/* Offers every receive buffer to the device (before DRIVER_OK). */
static void
vtnet_rx_fill(struct vtnet_softc *sc)
{
	struct virtqueue *vq = &sc->vtn_rxq;
	uint16_t i;

	for (i = 0; i < vq->vq_size; i++) {
		vq->vq_desc[i].addr = DMAP_TO_PHYS(sc->vtn_rxbuf[i]);
		vq->vq_desc[i].len = VTNET_BUFSZ;
		vq->vq_desc[i].flags = VRING_DESC_F_WRITE;
		virtqueue_enqueue(vq, i);
	}
}

/*
 * One received buffer: validated, copied into an mbuf (NULL when dropped,
 * counted), and the buffer handed straight back to the device.
 */
static struct mbuf *
vtnet_rx_one(struct vtnet_softc *sc, uint16_t id, uint32_t len)
{
	struct ifnet *ifp = sc->vtn_ifp;
	const uint8_t *frame = sc->vtn_rxbuf[id] + VTNET_HDR_LEN;
	struct mbuf *m = NULL;

	if (len < VTNET_HDR_LEN + ETHER_HDR_LEN || len > VTNET_BUFSZ) {
		sc->vtn_rx_bad++;
		ifp->if_ierrors++;
	} else if ((m = m_devget(frame, (int)(len - VTNET_HDR_LEN), ifp)) == NULL)
		ifp->if_iqdrops++;
	else {
		ifp->if_ipackets++;
		ifp->if_ibytes += len - VTNET_HDR_LEN;
		if (frame[0] & 1)
			ifp->if_imcasts++;
	}
	virtqueue_enqueue(&sc->vtn_rxq, id);
	return (m);
}

/*
 * Drains the receive ring in batches: copy out and recycle every buffer,
 * tell the device, then give the batch to the stack (no lock held).
 */
static void
vtnet_rxeof(struct vtnet_softc *sc)
{
	struct virtqueue *vq = &sc->vtn_rxq;
	struct mbuf *head, **tail, *m;
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
			if ((m = vtnet_rx_one(sc, id, len)) != NULL) {
				*tail = m;
				tail = &m->m_nextpkt;
			}
		}
		virtqueue_notify(vq);	/* the recycled buffers */
		while ((m = head) != NULL) {
			head = m->m_nextpkt;
			m->m_nextpkt = NULL;
			if (sc->vtn_ifp->if_input != NULL)
				sc->vtn_ifp->if_input(sc->vtn_ifp, m);
			else
				m_freem(m);
		}
		if (virtqueue_pending(vq) == 0 && !virtqueue_enable_intr(vq))
			break;
		virtqueue_disable_intr(vq);
		/* A flood: let the shell and other threads of our level run. */
		sched_yield();
	}
}

/* ---- transmit ---- */

/* Returns finished descriptors to the free stack (tx lock held). */
static void
vtnet_txeof_locked(struct vtnet_softc *sc)
{
	uint16_t id;
	uint32_t len;
	int r;

	while ((r = virtqueue_dequeue(&sc->vtn_txq, &id, &len)) != 0) {
		if (r < 0 || sc->vtn_ntxfree >= sc->vtn_txq.vq_size) {
			sc->vtn_ifp->if_oerrors++;	/* device returned a bogus id */
			continue;
		}
		sc->vtn_txfree[sc->vtn_ntxfree++] = id;
		sc->vtn_tx_reclaimed++;
	}
}

static int
vtnet_transmit(struct ifnet *ifp, struct mbuf *m)
{
	struct vtnet_softc *sc = ifp->if_softc;
	struct virtqueue *vq = &sc->vtn_txq;
	int len = m->m_pkthdr.len;
	uint8_t *buf;
	uint16_t id;

	if (len < ETHER_HDR_LEN || len > VTNET_MAX_FRAME) {
		ifp->if_oerrors++;
		m_freem(m);
		return (EMSGSIZE);
	}
	mtx_lock_spin(&sc->vtn_tx_mtx);
	if (sc->vtn_ntxfree == 0)
		vtnet_txeof_locked(sc);
	if (sc->vtn_ntxfree == 0) {
		ifp->if_oqdrops++;
		mtx_unlock_spin(&sc->vtn_tx_mtx);
		m_freem(m);
		return (ENOBUFS);
	}
	id = sc->vtn_txfree[--sc->vtn_ntxfree];
	buf = sc->vtn_txbuf[id];
	memset(buf, 0, VTNET_HDR_LEN);	/* no offloads: flags 0, GSO_NONE */
	m_copydata(m, 0, len, buf + VTNET_HDR_LEN);
	vq->vq_desc[id].addr = DMAP_TO_PHYS(buf);
	vq->vq_desc[id].len = (uint32_t)(VTNET_HDR_LEN + len);
	vq->vq_desc[id].flags = 0;
	virtqueue_enqueue(vq, id);
	virtqueue_notify(vq);
	ifp->if_opackets++;
	ifp->if_obytes += (uint64_t)len;
	if (buf[VTNET_HDR_LEN] & 1)
		ifp->if_omcasts++;
	mtx_unlock_spin(&sc->vtn_tx_mtx);
	m_freem(m);
	return (0);
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

/* ---- the per-NIC thread ---- */

static void
vtnet_thread(void *arg)
{
	struct vtnet_softc *sc = arg;
	uint32_t work;

	for (;;) {
		mtx_lock_spin(&sc->vtn_intr_mtx);
		while (sc->vtn_pending == 0)
			msleep_spin(sc, &sc->vtn_intr_mtx, "vtnet", 0);
		work = sc->vtn_pending;
		sc->vtn_pending = 0;
		mtx_unlock_spin(&sc->vtn_intr_mtx);
		if (work & (1U << VTNET_INTR_CONFIG))
			vtnet_update_link(sc);
		if (work & (1U << VTNET_INTR_RX))
			vtnet_rxeof(sc);
		if (work & (1U << VTNET_INTR_TX)) {
			mtx_lock_spin(&sc->vtn_tx_mtx);
			vtnet_txeof_locked(sc);
			mtx_unlock_spin(&sc->vtn_tx_mtx);
		}
	}
}

/* ---- shell and sysctl ---- */

static void
vtnet_shell_info(struct ifnet *ifp)
{
	struct vtnet_softc *sc = ifp->if_softc;
	char f[128];

	virtio_features_string(sc->vtn_vd, sc->vtn_vd->vd_features, f, sizeof(f));
	printf("\tvtnet: features 0x%llx <%s>\n", (unsigned long long)sc->vtn_vd->vd_features, f);
	printf("\tvtnet: rxq %u entries, txq %u entries (%d free), msix vectors %d %d %d\n",
	    sc->vtn_rxq.vq_size, sc->vtn_txq.vq_size, sc->vtn_ntxfree,
	    sc->vtn_vd->vd_config_vector, sc->vtn_rxq.vq_intr_vector,
	    sc->vtn_txq.vq_intr_vector);
	printf("\tvtnet: interrupts config %llu rx %llu tx %llu, rx bad %llu, "
	    "tx reclaimed %llu, notifies rx %llu tx %llu\n",
	    (unsigned long long)sc->vtn_intrs[0], (unsigned long long)sc->vtn_intrs[1],
	    (unsigned long long)sc->vtn_intrs[2], (unsigned long long)sc->vtn_rx_bad,
	    (unsigned long long)sc->vtn_tx_reclaimed,
	    (unsigned long long)sc->vtn_rxq.vq_notifies,
	    (unsigned long long)sc->vtn_txq.vq_notifies);
}

/* dev.vtnet.stats: one "name rx N tx N ..." group per NIC. */
static void
vtnet_sysctl_stats(char *buf, size_t len)
{
	struct vtnet_softc *sc;
	size_t n = 0;

	buf[0] = '\0';
	for (sc = vtnet_list; sc != NULL; sc = sc->vtn_next)
		n += (size_t)snprintf(buf + n, n < len ? len - n : 0,
		    "%s%s rx %llu rxdrop %llu rxerr %llu tx %llu txdrop %llu link %s",
		    n ? "; " : "", sc->vtn_name,
		    (unsigned long long)sc->vtn_ifp->if_ipackets,
		    (unsigned long long)sc->vtn_ifp->if_iqdrops,
		    (unsigned long long)sc->vtn_ifp->if_ierrors,
		    (unsigned long long)sc->vtn_ifp->if_opackets,
		    (unsigned long long)sc->vtn_ifp->if_oqdrops,
		    sc->vtn_ifp->if_link_state == LINK_STATE_UP ? "up" : "down");
}
SYSCTL_PROC("dev.vtnet.stats", vtnet_sysctl_stats, "per-NIC packet counters and link");

/* ---- attach ---- */

/* Buffers for a queue's descriptors: VTNET_BUFSZ each, two per page. */
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

	for (i = 0; i < n && bufs[i] != NULL; i += per)
		vm_phys_free_page(DMAP_TO_PHYS(bufs[i]));
}

/*
 * The receive and transmit queues (0 and 1 without MQ), each with its
 * interrupt, and a buffer per descriptor; 0, or -1 with a message and
 * the device failed (reset) before any buffer is freed.
 */
static int
vtnet_alloc_queues(struct vtnet_softc *sc)
{
	struct vq_alloc_info info[2] = {
		[VTNET_RXQ] = { "rx", VTNET_RING_MAX, vtnet_intr_rx, sc, &sc->vtn_rxq },
		[VTNET_TXQ] = { "tx", VTNET_RING_MAX, vtnet_intr_tx, sc, &sc->vtn_txq },
	};

	if (virtio_alloc_virtqueues(sc->vtn_vd, 2, info) != 0)
		return (-1);
	if (vtnet_alloc_bufs(sc->vtn_rxbuf, sc->vtn_rxq.vq_size) != 0 ||
	    vtnet_alloc_bufs(sc->vtn_txbuf, sc->vtn_txq.vq_size) != 0) {
		printf("%s: out of memory for queue buffers\n", sc->vtn_name);
		virtio_fail(sc->vtn_vd);	/* frees the rings */
		vtnet_free_bufs(sc->vtn_rxbuf, VTNET_RING_MAX);
		vtnet_free_bufs(sc->vtn_txbuf, VTNET_RING_MAX);
		return (-1);
	}
	return (0);
}

/* Receive buffers offered, every transmit descriptor free (before DRIVER_OK). */
static void
vtnet_init_rings(struct vtnet_softc *sc)
{
	int i;

	vtnet_rx_fill(sc);
	for (i = 0; i < sc->vtn_txq.vq_size; i++)
		sc->vtn_txfree[i] = (uint16_t)(sc->vtn_txq.vq_size - 1 - i);
	sc->vtn_ntxfree = sc->vtn_txq.vq_size;
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
	ifp->if_shell_info = vtnet_shell_info;
	ifp->if_link_state = LINK_STATE_UNKNOWN;
	ether_ifattach(ifp, "vtnet", sc->vtn_unit, sc->vtn_mac);
	ifp->if_flags |= IFF_RUNNING;
	return (0);
}

static int
vtnet_attach(struct virtio_device *vd)
{
	struct vtnet_softc *sc = malloc(sizeof(*sc), M_VTNET, M_WAITOK | M_ZERO);
	struct vtnet_softc **tail;
	char feat[128];

	sc->vtn_vd = vd;
	sc->vtn_unit = vd->vd_unit;
	strlcpy(sc->vtn_name, vd->vd_name, sizeof(sc->vtn_name));
	vd->vd_softc = sc;
	mtx_init(&sc->vtn_tx_mtx, "vtnet tx", MTX_SPIN);
	mtx_init(&sc->vtn_intr_mtx, "vtnet intr", MTX_SPIN);
	if (virtio_negotiate_features(vd, VTNET_FEATURES_WANTED, VTNET_FEATURES_REQUIRED) != 0)
		goto fail_free;
	vtnet_read_mac(sc);
	if (vtnet_alloc_queues(sc) != 0)
		goto fail_free;
	vtnet_init_rings(sc);
	if (vtnet_attach_ifnet(sc) != 0)
		goto fail_queues;
	sc->vtn_thread = kthread_create(vtnet_thread, sc, PRI_KERN, NOCPU, "%s",
	    sc->vtn_name);
	virtio_driver_ok(vd);
	virtqueue_notify(&sc->vtn_rxq);		/* only after DRIVER_OK (spec 3.1.1) */
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
	    sc->vtn_rxq.vq_size, sc->vtn_txq.vq_size, feat);
	return (0);

fail_queues:
	virtio_fail(vd);	/* reset first: no DMA into the buffers freed next */
	vtnet_free_bufs(sc->vtn_txbuf, VTNET_RING_MAX);
	vtnet_free_bufs(sc->vtn_rxbuf, VTNET_RING_MAX);
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
