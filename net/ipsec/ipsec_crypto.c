/*
 * How the IPsec transforms (xform_esp.c, xform_ah.c) hand requests to the
 * crypto framework, and how their callbacks hold the net lock.
 *
 * Two paths, chosen by ipsec_crypto_workers (set by the platform: the
 * kernel turns it on when more than one CPU runs).
 *
 * Workers: requests go to the framework's worker thread of the CPU that
 * submits them (CRYPTO_F_BATCH), so packets a multiqueue NIC receives on
 * several CPUs are decrypted and encrypted on those CPUs at once, outside
 * the net lock; each worker takes its CPU's requests in order, so a
 * flow's packets (which the NIC keeps on one queue, hence one CPU) keep
 * theirs.  The callback runs in the worker (CRYPTO_F_CBIMM) and takes the
 * net lock itself.
 *
 * Direct: the transforms submit with the net lock held.  A request the framework
 * runs at once (its direct path) then completes inside crypto_dispatch(),
 * and, marked CRYPTO_F_CBIMM, calls its callback right there: the
 * callback finds the net lock already held by its own thread and carries
 * on under it (ipsec_cb_begin says so), so a decrypted packet is
 * delivered, answered and its answer encrypted and sent by the thread
 * that received it -- no hand-over to the framework's return thread and
 * back, twice per echoed packet.  A callback run by another thread (a
 * crypto worker) takes the lock itself.
 *
 * Inline completion nests: the callback re-injects the decapsulated packet
 * into ip_input(), which may meet IPsec again (a tunnel inside a tunnel),
 * on the same stack.  So only IPSEC_INLINE_MAX callbacks may be in
 * progress inline at once; deeper requests go without CRYPTO_F_CBIMM,
 * their callbacks to the return thread, whatever the packet nests.  The
 * depth is protected by the net lock, which every inline callback holds.
 */
#include "net/net_platform.h"
#include "net/ipsec/ipsec_var.h"
#include <opencrypto/cryptodev.h>

/*
 * Inline callbacks in progress.  Input and the output it causes (an echo,
 * a forwarded packet into a tunnel) and one bundle step each: 4.
 */
#define IPSEC_INLINE_MAX	4
static int ipsec_inline_depth;

int ipsec_crypto_workers;

int
ipsec_crypto_dispatch(struct cryptop *crp)
{
	net_assert_locked();
	if (ipsec_crypto_workers) {
		crp->crp_flags |= CRYPTO_F_BATCH | CRYPTO_F_CBIMM;
	} else {
		crp->crp_flags &= ~CRYPTO_F_BATCH;
		if (ipsec_inline_depth < IPSEC_INLINE_MAX)
			crp->crp_flags |= CRYPTO_F_CBIMM;
		else
			crp->crp_flags &= ~CRYPTO_F_CBIMM;
	}
	if (crp->crp_flags & CRYPTO_F_BATCH)
		ipsecstat.ips_crypto_queued++;
	else
		ipsecstat.ips_crypto_direct++;
	return (crypto_dispatch(crp));
}

int
ipsec_cb_begin(void)
{
	if (net_owned()) {		/* inline, inside our own crypto_dispatch */
		ipsec_inline_depth++;
		return (0);
	}
	net_lock();
	return (1);
}

void
ipsec_cb_end(int locked)
{
	if (locked)
		net_unlock();
	else
		ipsec_inline_depth--;
}
