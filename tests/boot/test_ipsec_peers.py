"""Two IPsec peers, each with SAs of its own: neither may speak for the
other (RFC 4301 5.2), and clear fragments never join protected ones.

    ns: tap0 10.9.5.1 (peer A, scapy) and 10.9.5.3 (peer B, scapy)
        -- vtnet0 10.9.5.2 [guest]
    A fronts 192.168.51.0/24, B fronts 192.168.52.0/24 (no hosts: the test
    answers for them)

Both peers are scapy's ESP (tests/lib/ipsec_peer.py) on raw sockets in one
namespace: Linux owns both addresses, so the guest's answers to either come
back to the test.  Each test checks the attack is refused and counted
(netstat -s -p ipsec / -p ip) and that the same peers' honest traffic is
answered, so a refusal is never mistaken for a dead tunnel.  One boot of
the user land, logged in as root: the programs /sbin/setkey, /sbin/route,
/sbin/ping and /usr/bin/netstat (FreeBSD's wording) configure and count.
"""
import pytest

import netns
from ipsec_peer import Sa, guest_with_peer, udp_datagram
from busybox import netstat_count as stat, setkey_c, sh

pytestmark = pytest.mark.skipif(not netns.have_netns(), reason="needs root and /dev/net/tun")

GUEST = "10.9.5.2"
PEER_A = "10.9.5.1"
PEER_B = "10.9.5.3"
NET_A, HOST_A = "192.168.51.0/24", "192.168.51.7"
NET_B, HOST_B = "192.168.52.0/24", "192.168.52.7"
MAC = "52:54:00:12:35:02"
# netstat's labels (regular expressions: FreeBSD prints the singular for 1).
POLVIO = r"inbound packets? violated process security policy"
FRAGMIX = r"fragments? not joined: protected unlike the rest of their datagram"


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    with guest_with_peer(tmp_path_factory.mktemp("ipsec_peers"), "ipsec_peers", GUEST,
                         PEER_A, MAC, tag="p") as (ns, m, peer):
        ns.ip("addr", "add", PEER_B + "/24", "dev", "tap0")
        assert "1 packets received" in sh(m, "/sbin/ping -c 1 " + PEER_B)
        for net, gw in ((NET_A, PEER_A), (NET_B, PEER_B)):
            assert "gateway " + gw in sh(m, "/sbin/route add -net %s %s" % (net, gw))
        yield ns, m, peer


def tunnels(m):
    """Tunnel SAs both ways with each peer, and policies: A's network only
    through A's tunnel, B's only through B's.  {peer: (to_guest, from_guest)}."""
    sas = {}
    lines = []
    for name, gw, net, host in (("A", PEER_A, NET_A, HOST_A), ("B", PEER_B, NET_B, HOST_B)):
        to_guest = Sa("aes-gcm-128", host, GUEST, mode="tunnel", tunnel=(gw, GUEST))
        from_guest = Sa("aes-gcm-128", GUEST, host, mode="tunnel", tunnel=(GUEST, gw))
        sas[name] = (to_guest, from_guest)
        lines += [to_guest.setkey_add(), from_guest.setkey_add(),
                  "spdadd %s %s any -P in ipsec esp/tunnel/%s-%s/require ;" % (net, GUEST, gw, GUEST),
                  "spdadd %s %s any -P out ipsec esp/tunnel/%s-%s/require ;" % (GUEST, net, GUEST, gw)]
    setkey_c(m, ["flush ;", "spdflush ;"] + lines)
    return sas


def transports(m):
    """Transport SAs both ways with each peer, each peer's address requiring its own."""
    sas = {}
    lines = []
    for name, addr in (("A", PEER_A), ("B", PEER_B)):
        to_guest = Sa("aes-gcm-128", addr, GUEST)
        from_guest = Sa("aes-gcm-128", GUEST, addr)
        sas[name] = (to_guest, from_guest)
        lines += [to_guest.setkey_add(), from_guest.setkey_add(),
                  "spdadd %s %s any -P in ipsec esp/transport//require ;" % (addr, GUEST),
                  "spdadd %s %s any -P out ipsec esp/transport//require ;" % (GUEST, addr)]
    setkey_c(m, ["flush ;", "spdflush ;"] + lines)
    return sas


def echoed(peer, to_guest, from_guest, src, size=100, timeout=10.0):
    """Sends a UDP datagram from src to the guest's echo port through
    to_guest; whether the guest's answer came back through from_guest,
    byte for byte."""
    dgram = udp_datagram(src, GUEST, 41000, size)
    reply = peer.exchange(to_guest, from_guest, dgram, timeout=timeout)
    if reply is None:
        return False
    assert reply["UDP"].sport == 7 and bytes(reply["UDP"].payload) == bytes(dgram["UDP"].payload)
    return True


def test_tunnel_peer_cannot_speak_for_the_other_network(env):
    """B's tunnel SA carrying a datagram from A's network: decrypted, then
    refused by the policy check (A's network is only A's tunnel's) and
    counted; nothing answers it, not even through A's tunnel."""
    _, m, peer = env
    sas = tunnels(m)
    peer.drain()
    assert echoed(peer, *sas["A"], src=HOST_A)
    assert echoed(peer, *sas["B"], src=HOST_B)
    before = stat(m, "ipsec", POLVIO)
    peer.send(sas["B"][0].sa.encrypt(udp_datagram(HOST_A, GUEST, 41001, 64)))
    assert peer.recv(sas["A"][1].spi, timeout=3) is None
    assert stat(m, "ipsec", POLVIO) == before + 1
    assert echoed(peer, *sas["A"], src=HOST_A)      # A's tunnel is unharmed


def test_transport_peer_cannot_claim_the_other_address(env):
    """B, with its own transport SA, writes A's address as the source: the
    SA's addresses are not the packet's, so it is refused and counted."""
    _, m, peer = env
    sas = transports(m)
    peer.drain()
    assert echoed(peer, *sas["A"], src=PEER_A)
    assert echoed(peer, *sas["B"], src=PEER_B)
    before = stat(m, "ipsec", POLVIO)
    peer.send(sas["B"][0].sa.encrypt(udp_datagram(PEER_A, GUEST, 41002, 64)))
    assert peer.recv(sas["A"][1].spi, timeout=3) is None
    assert stat(m, "ipsec", POLVIO) == before + 1


def _fragments(src, ident, data):
    from scapy.layers.inet import IP, UDP, fragment
    whole = IP(src=src, dst=GUEST, id=ident) / UDP(sport=41003, dport=7) / data
    frags = [IP(bytes(f)) for f in fragment(IP(bytes(whole)), fragsize=256)]
    assert len(frags) == 2
    return frags


def test_clear_fragment_never_joins_a_protected_datagram(env):
    """A datagram from A's network in two fragments: the first through A's
    tunnel, the second in clear.  The clear bytes must not come back inside
    an answer through the tunnel; the fragment is counted as kept apart.
    The same two fragments both through the tunnel are answered."""
    _, m, peer = env
    sas = tunnels(m)
    to_guest, from_guest = sas["A"]
    peer.drain()
    before = stat(m, "ip", FRAGMIX)
    f1, f2 = _fragments(HOST_A, 0x5151, b"P" * 200 + b"C" * 200)
    peer.send(to_guest.sa.encrypt(f1))
    peer.send(f2)
    assert peer.recv(from_guest.spi, timeout=3) is None
    assert stat(m, "ip", FRAGMIX) == before + 1
    g1, g2 = _fragments(HOST_A, 0x5252, b"G" * 400)
    peer.send(to_guest.sa.encrypt(g1))
    peer.send(to_guest.sa.encrypt(g2))
    reply = peer.recv(from_guest.spi)
    assert reply is not None, "no answer to a datagram fragmented inside the tunnel"
    from ipsec_peer import open_packet
    inner = open_packet(from_guest, reply)
    assert bytes(inner["UDP"].payload) == b"G" * 400
