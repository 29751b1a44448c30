"""Sanpo as a tunnel-mode IPsec gateway with two NICs, against a scapy peer
playing the remote gateway.

    ns A: Linux host 10.1.0.1 --bridge/tap0-- vtnet0 10.1.0.2 [guest G]
    vtnet1 10.2.0.2 --tap1/bridge-- ns R: scapy "remote gateway" 10.2.0.1,
    which fronts remote subnet B 10.3.0.0/24 (no hosts: the peer answers for them)

QEMU runs in a third namespace holding both taps (as in test_net_forward.py).
The guest forwards (gateway_enable="YES") and has policies A/24 <-> B/24
requiring ESP in tunnel mode between 10.2.0.2 and 10.2.0.1: `-P out` for
A -> B, `-P in` and `-P fwd` for B -> A.  Linux A pings and sends UDP to
an address in B; the peer must get it ESP-tunnelled from 10.2.0.2, decrypts
it and answers through the tunnel, and Linux A gets the plain reply.  A
clear packet from B for A is dropped and counted as a policy violation.
The module's loader.conf also sets kern.crypto.software_algs="aes-cbc"
(kernel/opencrypto/crypto.c): AES-CBC + HMAC sessions must then be served by
cryptosoft while AES-GCM ones still go to aesni.  One boot of the user land
for the module, logged in as root: /etc/rc configures both NICs, and the
programs /sbin/route, /sbin/ping, /sbin/setkey, /sbin/sysctl and
/usr/bin/netstat (FreeBSD's wording) do the rest.
"""
import os
import re
import socket

import pytest

import netns
from guest import guest_on_taps
from ipsec_peer import Sa, Peer, Responder
from busybox import netstat_count as stat, setkey_c, sh

pytestmark = pytest.mark.skipif(not netns.have_netns(), reason="needs root and /dev/net/tun")

HOST_A = "10.1.0.1"        # Linux host in subnet A
G_A = "10.1.0.2"           # the guest on subnet A (vtnet0)
G_OUT = "10.2.0.2"         # the guest's tunnel endpoint (vtnet1)
REMOTE_GW = "10.2.0.1"     # the scapy peer: remote gateway
HOST_B = "10.3.0.5"        # an address in remote subnet B, behind the peer
# netstat -s -p ipsec's labels (regular expressions: FreeBSD's singular for 1).
POLVIO_IN = r"inbound packets? violated process security policy"
POLVIO_FWD = r"forwarded packets? violated process security policy"


@pytest.fixture(scope="module")
def gw(tmp_path_factory):
    """(ns A, ns R, machine, peer): one boot for the module."""
    # The tunable keeps AES-CBC sessions on the software driver (checked below).
    conf = ('autoboot_delay="0"\ngateway_enable="YES"\n'
            'ifconfig_vtnet0="inet %s/24"\nifconfig_vtnet1="inet %s/24"\n'
            'kern.crypto.software_algs="aes-cbc"\n' % (G_A, G_OUT))

    def wire(q):
        """QEMU's namespace q: tap0 bridged to A, tap1 to R."""
        q.add_veth_peer("qa", a, "a0", HOST_A + "/24")
        q.add_veth_peer("qr", r, "r0", REMOTE_GW + "/24")
        q.add_bridge("bra", "tap0", "qa")
        q.add_bridge("brr", "tap1", "qr")
        a.ip("route", "add", "default", "via", G_A)
        # The peer sends clear packets for A (the negative case) via the guest.
        r.ip("route", "add", "10.1.0.0/24", "via", G_OUT)

    nics = [("52:54:00:00:0a:02", None), ("52:54:00:00:0b:02", None)]
    with netns.namespace("a") as a, netns.namespace("g") as r, \
            guest_on_taps(tmp_path_factory.mktemp("ipsec_gw"), "ipsec_gateway", conf, nics,
                          tag="q", before_boot=wire, userland=True) as (_, m):
        peer = Peer(r)
        try:
            assert "add net 10.3.0.0/24: gateway %s" % REMOTE_GW in \
                sh(m, "/sbin/route add -net 10.3.0.0/24 " + REMOTE_GW)
            # ARP both ways on both links before any protected packet.
            assert "1 packets received" in sh(m, "/sbin/ping -c 1 " + HOST_A)
            assert "1 packets received" in sh(m, "/sbin/ping -c 1 " + REMOTE_GW)
            yield a, r, m, peer
        finally:
            peer.close()


def configure(m, alg="aes-gcm-128"):
    """Tunnel SAs G <-> R and the gateway's policies; (to_guest, from_guest)."""
    to_guest = Sa(alg, HOST_B, HOST_A, mode="tunnel", tunnel=(REMOTE_GW, G_OUT))
    from_guest = Sa(alg, HOST_A, HOST_B, mode="tunnel", tunnel=(G_OUT, REMOTE_GW))
    t_out = "esp/tunnel/%s-%s/require" % (G_OUT, REMOTE_GW)
    t_in = "esp/tunnel/%s-%s/require" % (REMOTE_GW, G_OUT)
    setkey_c(m, [
        "flush ;",
        "spdflush ;",
        to_guest.setkey_add(),
        from_guest.setkey_add(),
        "spdadd 10.1.0.0/24 10.3.0.0/24 any -P out ipsec %s ;" % t_out,
        "spdadd 10.3.0.0/24 10.1.0.0/24 any -P in ipsec %s ;" % t_in,
        "spdadd 10.3.0.0/24 10.1.0.0/24 any -P fwd ipsec %s ;" % t_in,
    ])
    return to_guest, from_guest


@pytest.mark.parametrize("alg", ["aes-gcm-128", "aes-cbc-sha256"])
def test_ping_from_a_to_b_through_tunnel(gw, alg):
    a, _, m, peer = gw
    to_guest, from_guest = configure(m, alg)
    peer.drain()
    rg = Responder(peer, to_guest, from_guest, 3)
    rg.start()
    r = a.run("ping", "-c", "3", "-i", "0.3", "-W", "5", HOST_B, check=False)
    rg.join(30)
    assert "3 packets transmitted, 3 received" in r.stdout, r.stdout + r.stderr
    # Each request left the guest's NIC 2 for the remote gateway, and inside
    # was A's own packet, forwarded once (TTL 63).
    assert rg.outer == [(G_OUT, REMOTE_GW)] * 3
    for inner in rg.inner:
        assert (inner.src, inner.dst, inner.ttl) == (HOST_A, HOST_B, 63)
    # B's reply crossed the guest once on its way back.
    assert re.search(r"from %s: icmp_seq=\d+ ttl=63" % re.escape(HOST_B), r.stdout), r.stdout
    dump = sh(m, "/sbin/setkey -D")
    assert dump.count("state=mature") == 2, dump
    # Each SA carried three packets: FreeBSD's setkey -D counts them in
    # "allocated:" (the current lifetime's allocations, one per packet).
    assert sorted(re.findall(r"\tallocated: (\d+)\t", dump)) == ["3", "3"], dump


def test_udp_from_a_to_b_through_tunnel(gw):
    a, _, m, peer = gw
    to_guest, from_guest = configure(m)
    peer.drain()
    rg = Responder(peer, to_guest, from_guest, 2)
    rg.start()
    with a.inside():
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        s.bind((HOST_A, 0))
        s.settimeout(10)
        for size in (100, 1400):
            data = os.urandom(size)
            s.sendto(data, (HOST_B, 7))
            got, src = s.recvfrom(65536)
            assert got == data and src == (HOST_B, 7)
    finally:
        s.close()
    rg.join(30)
    assert rg.answered == 2


def test_clear_packet_from_b_for_a_dropped_and_counted(gw):
    """Policy says B -> A must come through the tunnel: a clear datagram
    from a B address reaching the guest is not forwarded to A."""
    from scapy.layers.inet import IP, UDP
    a, _, m, peer = gw
    configure(m)
    before_in = stat(m, "ipsec", POLVIO_IN)
    before_fwd = stat(m, "ipsec", POLVIO_FWD)
    with a.inside():
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        s.bind((HOST_A, 6000))
        s.settimeout(3)
        peer.send(IP(src=HOST_B, dst=HOST_A) / UDP(sport=7, dport=6000) / b"clear text")
        with pytest.raises(socket.timeout):
            s.recvfrom(65536)
    finally:
        s.close()
    after_in = stat(m, "ipsec", POLVIO_IN)
    after_fwd = stat(m, "ipsec", POLVIO_FWD)
    assert (after_in - before_in) + (after_fwd - before_fwd) == 1
    assert after_fwd == before_fwd + 1      # it was a packet to forward


def driver_requests(m):
    """{driver name: requests finished} from sysctl kern.crypto.drivers."""
    out = sh(m, "/sbin/sysctl kern.crypto.drivers")
    return {d: int(n) for d, n in
            re.findall(r"(\w+)\((?:hw|sw) sessions=\d+ requests=(\d+)", out)}


@pytest.mark.parametrize("alg,driver", [("aes-cbc-sha256", "cryptosoft"),
                                        ("aes-gcm-128", "aesni")])
def test_software_algs_tunable_picks_the_driver(gw, alg, driver):
    a, _, m, peer = gw
    assert "aesni" in driver_requests(m), "no aesni driver: nothing to choose between"
    to_guest, from_guest = configure(m, alg)
    peer.drain()
    before = driver_requests(m)
    rg = Responder(peer, to_guest, from_guest, 2)
    rg.start()
    r = a.run("ping", "-c", "2", "-i", "0.3", "-W", "5", HOST_B, check=False)
    rg.join(30)
    assert "2 received" in r.stdout, r.stdout + r.stderr
    after = driver_requests(m)
    # Two requests out and two replies in: four crypto requests, all on `driver`.
    assert {d: after[d] - before[d] for d in after} == \
        {d: (4 if d == driver else 0) for d in after}
