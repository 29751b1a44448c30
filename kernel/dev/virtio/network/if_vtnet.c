/*
 * vtnet: the virtio network device over the modern PCI transport.
 *
 * Features: VERSION_1 (required), MAC and STATUS (used when offered);
 * nothing else -- no checksum or segmentation offloads, no MRG_RXBUF
 * (every receive buffer holds a whole frame), no control queue.
 *
 * Three MSI-X vectors: configuration changes (the link), the receive
 * queue and the transmit queue.  Each handler only records which source
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
#include <dev/pci/pcivar.h>
#include <dev/virtio/virtio.h>
#include <dev/virtio/virtqueue.h>
#include <dev/virtio/pci/virtio_pci_modern.h>
#include "net/if_var.h"
#include "net/mbuf.h"
#include "virtio_net.h"
#include "if_vtnetvar.h"

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

/* "VERSION_1,MAC,STATUS" for a feature set. */
static void
vtnet_features_string(uint64_t f, char *buf, size_t len)
{
	const char *s;
	size_t n = 0;
	int bit;

	buf[0] = '\0';
	for (bit = 0; bit < 64; bit++) {
		if ((f & (1ULL << bit)) == 0)
			continue;
		if ((s = virtio_feature_name(1ULL << bit)) == NULL &&
		    (s = vtnet_feature_name(1ULL << bit)) == NULL)
			s = "?";
		n += (size_t)snprintf(buf + n, n < len ? len - n : 0, "%s%s", n ? "," : "", s);
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

static void vtnet_intr_config(void *arg, struct trapframe *tf) { (void)tf; vtnet_intr_post(arg, VTNET_MSIX_CONFIG); }
static void vtnet_intr_rx(void *arg, struct trapframe *tf) { (void)tf; vtnet_intr_post(arg, VTNET_MSIX_RX); }
static void vtnet_intr_tx(void *arg, struct trapframe *tf) { (void)tf; vtnet_intr_post(arg, VTNET_MSIX_TX); }

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

	if ((sc->vtn_vtpci.features & VIRTIO_NET_F_STATUS) == 0)
		return (LINK_STATE_UP);		/* no STATUS: the spec says assume up */
	if (vtpci_read_devcfg(&sc->vtn_vtpci, VIRTIO_NET_CONFIG_STATUS, &status, 2) != 0)
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
		if (work & (1U << VTNET_MSIX_CONFIG))
			vtnet_update_link(sc);
		if (work & (1U << VTNET_MSIX_RX))
			vtnet_rxeof(sc);
		if (work & (1U << VTNET_MSIX_TX)) {
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

	vtnet_features_string(sc->vtn_vtpci.features, f, sizeof(f));
	printf("\tvtnet: features 0x%llx <%s>\n", (unsigned long long)sc->vtn_vtpci.features, f);
	printf("\tvtnet: rxq %u entries, txq %u entries (%d free), msix vectors %d %d %d\n",
	    sc->vtn_rxq.vq_size, sc->vtn_txq.vq_size, sc->vtn_ntxfree,
	    sc->vtn_vectors[0], sc->vtn_vectors[1], sc->vtn_vectors[2]);
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

static int
vtnet_probe(struct pci_dev *d)
{
	return (vtpci_device_type(d) == VIRTIO_ID_NETWORK ? BUS_PROBE_DEFAULT :
	    PCI_PROBE_NOMATCH);
}

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

/* Sizes and allocates one queue with its buffers; 0 or -1 with a message. */
static int
vtnet_alloc_queue(struct vtnet_softc *sc, struct virtqueue *vq, int idx, uint8_t **bufs)
{
	uint16_t max = vtpci_queue_max(&sc->vtn_vtpci, idx), size = VTNET_RING_MAX;

	if (max == 0) {
		printf("%s: device has no queue %d\n", sc->vtn_name, idx);
		return (-1);
	}
	while (size > max)
		size >>= 1;
	if (virtqueue_alloc(vq, idx, size) != 0)
		goto nomem;
	if (vtnet_alloc_bufs(bufs, size) != 0) {
		vtnet_free_bufs(bufs, size);
		virtqueue_free(vq);
		goto nomem;
	}
	return (0);
nomem:
	printf("%s: out of memory for queue %d\n", sc->vtn_name, idx);
	return (-1);
}

static void
vtnet_free_queue(struct virtqueue *vq, uint8_t **bufs)
{
	vtnet_free_bufs(bufs, vq->vq_size);
	virtqueue_free(vq);
}

/* MSI-X vectors and the queues' rings given to the device. */
static int
vtnet_setup_device(struct vtnet_softc *sc)
{
	static pci_intr_handler_t *const handlers[VTNET_NVECTORS] = {
		vtnet_intr_config, vtnet_intr_rx, vtnet_intr_tx,
	};
	static const char *const what[VTNET_NVECTORS] = { "config", "rx", "tx" };
	char name[24];
	int i;

	if (sc->vtn_dev->msix.count < VTNET_NVECTORS) {
		printf("%s: needs %d MSI-X vectors, device has %u\n", sc->vtn_name,
		    VTNET_NVECTORS, sc->vtn_dev->msix.count);
		return (-1);
	}
	for (i = 0; i < VTNET_NVECTORS; i++) {
		snprintf(name, sizeof(name), "%s:%s", sc->vtn_name, what[i]);
		if ((sc->vtn_vectors[i] = pci_msix_setup(sc->vtn_dev, i, handlers[i], sc,
		    name)) < 0)
			return (-1);
	}
	if (vtpci_config_msix(&sc->vtn_vtpci, VTNET_MSIX_CONFIG) != 0 ||
	    vtpci_queue_setup(&sc->vtn_vtpci, &sc->vtn_rxq, VTNET_MSIX_RX) != 0 ||
	    vtpci_queue_setup(&sc->vtn_vtpci, &sc->vtn_txq, VTNET_MSIX_TX) != 0)
		return (-1);
	vtnet_rx_fill(sc);
	for (i = 0; i < sc->vtn_txq.vq_size; i++)
		sc->vtn_txfree[i] = (uint16_t)(sc->vtn_txq.vq_size - 1 - i);
	sc->vtn_ntxfree = sc->vtn_txq.vq_size;
	return (pci_msix_enable(sc->vtn_dev));
}

/*
 * Undoes what vtnet_setup_device enabled.  Returns 1 when a vector was
 * registered: there is no intr_unregister, so the softc those handlers
 * point at must then outlive the failure (it is leaked, not freed).
 */
static int
vtnet_mask_all(struct vtnet_softc *sc)
{
	int i, registered = 0;

	for (i = 0; i < VTNET_NVECTORS; i++) {
		pci_msix_mask(sc->vtn_dev, i, 1);
		registered |= sc->vtn_vectors[i] > 0;
	}
	return (registered);
}

static void
vtnet_read_mac(struct vtnet_softc *sc)
{
	if ((sc->vtn_vtpci.features & VIRTIO_NET_F_MAC) &&
	    vtpci_read_devcfg(&sc->vtn_vtpci, VIRTIO_NET_CONFIG_MAC, sc->vtn_mac, 6) == 0)
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
vtnet_attach(struct pci_dev *d, int unit)
{
	struct vtnet_softc *sc = malloc(sizeof(*sc), M_VTNET, M_WAITOK | M_ZERO);
	struct vtnet_softc **tail;
	char loc[24], feat[128];
	int keep = 0;

	sc->vtn_dev = d;
	sc->vtn_unit = unit;
	snprintf(sc->vtn_name, sizeof(sc->vtn_name), "vtnet%d", unit);
	mtx_init(&sc->vtn_tx_mtx, "vtnet tx", MTX_SPIN);
	mtx_init(&sc->vtn_intr_mtx, "vtnet intr", MTX_SPIN);
	if (vtpci_attach(&sc->vtn_vtpci, d, sc->vtn_name) != 0)
		goto fail_free;
	if (vtpci_negotiate(&sc->vtn_vtpci, VTNET_FEATURES_WANTED, VTNET_FEATURES_REQUIRED,
	    vtnet_feature_name) != 0)
		goto fail_free;
	vtnet_read_mac(sc);
	if (vtnet_alloc_queue(sc, &sc->vtn_rxq, VTNET_RXQ, sc->vtn_rxbuf) != 0)
		goto fail_device;
	if (vtnet_alloc_queue(sc, &sc->vtn_txq, VTNET_TXQ, sc->vtn_txbuf) != 0)
		goto fail_rxq;
	if (vtnet_setup_device(sc) != 0)
		goto fail_txq;
	if (vtnet_attach_ifnet(sc) != 0)
		goto fail_txq;
	sc->vtn_thread = kthread_create(vtnet_thread, sc, PRI_KERN, NOCPU, "%s",
	    sc->vtn_name);
	vtpci_driver_ok(&sc->vtn_vtpci);
	virtqueue_notify(&sc->vtn_rxq);		/* only after DRIVER_OK (spec 3.1.1) */
	if_link_state_change(sc->vtn_ifp, vtnet_link_state(sc));
	for (tail = &vtnet_list; *tail != NULL; tail = &(*tail)->vtn_next)
		;
	*tail = sc;		/* attach order, for dev.vtnet.stats */
	vtnet_count++;
	d->softc = sc;
	vtnet_features_string(sc->vtn_vtpci.features, feat, sizeof(feat));
	printf("%s: <VirtIO network> at %s, MAC %02x:%02x:%02x:%02x:%02x:%02x, link %s, "
	    "rxq %u txq %u, features <%s>\n", sc->vtn_name, pci_location(d, loc, sizeof(loc)),
	    sc->vtn_mac[0], sc->vtn_mac[1], sc->vtn_mac[2], sc->vtn_mac[3], sc->vtn_mac[4],
	    sc->vtn_mac[5], sc->vtn_ifp->if_link_state == LINK_STATE_UP ? "up" : "down",
	    sc->vtn_rxq.vq_size, sc->vtn_txq.vq_size, feat);
	return (0);

fail_txq:
	keep = vtnet_mask_all(sc);
	vtpci_fail(&sc->vtn_vtpci);	/* reset first: no DMA into the freed buffers */
	vtnet_free_queue(&sc->vtn_txq, sc->vtn_txbuf);
fail_rxq:
	vtnet_free_queue(&sc->vtn_rxq, sc->vtn_rxbuf);
fail_device:
	vtpci_fail(&sc->vtn_vtpci);
fail_free:
	if (!keep)
		free(sc, M_VTNET);
	return (EIO);
}

const struct pci_driver vtnet_pci_driver = {
	.name = "vtnet",
	.probe = vtnet_probe,
	.attach = vtnet_attach,
};
