"""Extended sequence numbers (RFC 4303 2.2.1 and Appendix A) against scapy.

AEAD SAs with `-f esn` both ways (AES-GCM-128 and ChaCha20-Poly1305; ESN
with a separate HMAC is not supported by the guest) between the guest
(10.9.2.2) and the scapy peer (10.9.2.1, ipsec_peer.EsnSa) over a tap in a
namespace of the test's own.  Only the low 32 bits travel; both ends put
the high 32 bits in the AAD (RFC 4106 5, RFC 7634 2.1), so a packet is
accepted only if the guest inferred the same high bits as the sender used.

The peer sends echo requests with sequence numbers climbing through the
2^32 boundary of the low half (0xfffffff0, 0xffffffff, then 2^32, 2^32 + 1
...: scapy's `esn=` gives the high bits); the guest must accept each, accept
a late packet from below the boundary still inside the window, reject
replays from both sides of the wrap, and reject (as an authentication
failure) a packet whose sender used the wrong high bits.  (Per RFC 4303
A2.1 case B, while the window's right edge is below 63 a low half near 2^32
reads as the previous high value, so the tests first move the window up.)  The guest's replies are decrypted
by scapy with ESN, so they carry the high bits in their AAD: the guest's
own counter starts at 1, so they are 0 -- and the same replies fail to
verify without ESN, which shows the high bits really are in the ICV.
The guest runs its user land, logged in as root: SAs through the setkey
program (/sbin/setkey, a PF_KEY socket), counters from the netstat
program in FreeBSD's wording.  One boot for the module.
"""
import contextlib
import re

import pytest

import netns
from busybox import netstat_count, setkey_c, sh as run
from guest import guest_on_tap
from ipsec_peer import EsnSa, Peer, echo_request, open_packet

pytestmark = pytest.mark.skipif(not netns.have_netns(), reason="needs root and /dev/net/tun")

GUEST = "10.9.2.2"
LINUX = "10.9.2.1"


@contextlib.contextmanager
def user_guest_with_peer(tmp_dir, name, guest_ip, linux_ip, mac, **kw):
    """ipsec_peer.guest_with_peer() on the user land: the guest at
    guest_ip/24 on tap0 (its /etc/rc reads ifconfig_vtnet0), logged in as
    root, the Peer at linux_ip, ARP settled both ways by /sbin/ping.
    Yields (ns, machine, peer)."""
    conf = 'autoboot_delay="0"\nifconfig_vtnet0="inet %s/24"\n' % guest_ip
    with guest_on_tap(tmp_dir, name, conf, mac, linux_ip + "/24", userland=True,
                      **kw) as (ns, m):
        peer = Peer(ns)
        try:
            out = run(m, "/sbin/ping -c 1 " + linux_ip)
            assert "1 packets received" in out, out
            yield ns, m, peer
        finally:
            peer.close()


def sa_blocks(dump):
    """{spi: text of that SA} from `setkey -D`."""
    return {int(mm[1]): b for b in re.split(r"\n(?=\S)", dump.strip())
            for mm in [re.search(r"spi=(\d+)\(", b)] if mm}


# netstat -s -p esp, FreeBSD's wording (a regex: "packet" for 1).
REPLAY = "possible replay packets? detected"
BADAUTH = "packets? dropped; bad authentication detected"


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    """(machine, peer): one boot for the module."""
    with user_guest_with_peer(tmp_path_factory.mktemp("ipsec_esn"), "ipsec_esn", GUEST, LINUX,
                         "52:54:00:12:36:60", tag="e") as (_, m, peer):
        yield m, peer


def configure(m, alg):
    to_guest = EsnSa(alg, LINUX, GUEST)
    from_guest = EsnSa(alg, GUEST, LINUX)
    run(m, "/sbin/setkey -F")
    run(m, "/sbin/setkey -FP")
    setkey_c(m, [
        to_guest.setkey_add(),
        from_guest.setkey_add(),
        "spdadd %s %s any -P out ipsec esp/transport//require ;" % (GUEST, LINUX),
        "spdadd %s %s any -P in ipsec esp/transport//require ;" % (LINUX, GUEST),
    ])
    return to_guest, from_guest


def send_echo(peer, to_guest, seq64, ident=0x45):
    """An echo request under 64-bit sequence number seq64; returns it."""
    req = echo_request(LINUX, GUEST, ident, seq64 & 0xffff, 64)
    low = seq64 & 0xffffffff
    if low == 0:
        # scapy reads seq_num=0 as "not given" and uses its own counter:
        # a low half of 0 (2^32, 2^33...) must come from that counter.
        to_guest.sa.seq_num = 0
    pkt = to_guest.sa.encrypt(req, seq_num=low or None, esn=seq64 >> 32)
    assert pkt["ESP"].seq == low
    peer.send(pkt)
    return req


def check_reply(peer, from_guest, req, timeout=10.0):
    """The guest's protected reply to req: it verifies with ESN (high bits
    0, the guest's own counter being small) and fails to verify without."""
    from scapy.layers.inet import IP
    pkt = peer.recv(from_guest.spi, timeout)
    assert pkt is not None, "no protected reply"
    plain = open_packet(from_guest, pkt)
    icmp = plain.getlayer("ICMP")
    assert icmp is not None and icmp.type == 0 and icmp.seq == req["ICMP"].seq
    assert bytes(icmp.payload) == bytes(req["ICMP"].payload)
    from_guest.sa.esn_en = False
    try:
        with pytest.raises(Exception):
            from_guest.sa.decrypt(IP(bytes(pkt)))
    finally:
        from_guest.sa.esn_en = True
    return pkt


@pytest.mark.parametrize("alg", ["aes-gcm-128", "chacha20-poly1305"])
def test_esn_sa_shown(env, alg):
    m, _ = env
    to_guest, _ = configure(m, alg)
    dump = run(m, "/sbin/setkey -D")
    assert re.search(r"spi=%d\(0x%08x\)" % (to_guest.spi, to_guest.spi), dump), dump
    assert "flags=0x00000200" in dump, dump   # SADB_X_EXT_ESN


@pytest.mark.parametrize("alg", ["aes-gcm-128", "chacha20-poly1305"])
def test_accepts_across_low_half_wrap(env, alg):
    m, peer = env
    to_guest, from_guest = configure(m, alg)
    peer.drain()
    # While the window's right edge is below 63, RFC 4303 A2.1 (case B) reads
    # a low half near 2^32 as the previous high value: first move past it.
    seqs = [1, 100, 0xfffffff0, 0xffffffff, 1 << 32, (1 << 32) + 1, (1 << 32) + 40]
    for n, s in enumerate(seqs):
        req = send_echo(peer, to_guest, s)
        pkt = check_reply(peer, from_guest, req)
        assert pkt["ESP"].seq == n + 1      # the guest's own counter, high bits 0
    # Late, from below the boundary, never seen, inside the 64-packet window.
    req = send_echo(peer, to_guest, 0xfffffffe)
    check_reply(peer, from_guest, req)
    # FreeBSD's "allocated" counts the packets an SA processed: 8 in, 8 out.
    sas = sa_blocks(run(m, "/sbin/setkey -D"))
    assert "\tallocated: 8\t" in sas[to_guest.spi], sas[to_guest.spi]
    assert "\tallocated: 8\t" in sas[from_guest.spi], sas[from_guest.spi]


@pytest.mark.parametrize("alg", ["aes-gcm-128"])
def test_replay_after_wrap_dropped(env, alg):
    m, peer = env
    to_guest, from_guest = configure(m, alg)
    peer.drain()
    for s in (100, 0xfffffffe):
        check_reply(peer, from_guest, send_echo(peer, to_guest, s))
    before_wrap = to_guest.sa.encrypt(echo_request(LINUX, GUEST, 9, 8, 32), seq_num=0xffffffff)
    peer.send(before_wrap)
    assert peer.recv(from_guest.spi) is not None
    req = echo_request(LINUX, GUEST, 9, 9, 32)
    after_wrap = to_guest.sa.encrypt(req, seq_num=3, esn=1)
    peer.send(after_wrap)
    check_reply(peer, from_guest, req)
    before = netstat_count(m, "esp", REPLAY)
    # The same bytes again, after the wrap (2^32 + 3) and from before it
    # (0xffffffff, still inside the window): the guest infers the same
    # 64-bit numbers and finds both already seen.
    peer.send(after_wrap)
    assert peer.recv(from_guest.spi, timeout=3) is None
    peer.send(before_wrap)
    assert peer.recv(from_guest.spi, timeout=3) is None
    assert netstat_count(m, "esp", REPLAY) == before + 2


def test_wrong_high_bits_fail_authentication(env):
    """The sender claims 0x00000000 | 5 after the guest's window moved past
    2^32: the guest infers high bits 1, so the AAD differs and the ICV fails.
    The window did not move: the same number sent right then passes."""
    m, peer = env
    to_guest, from_guest = configure(m, "aes-gcm-128")
    peer.drain()
    for s in (100, 0xffffffff, (1 << 32) + 2):
        check_reply(peer, from_guest, send_echo(peer, to_guest, s))
    before = netstat_count(m, "esp", BADAUTH)
    req = echo_request(LINUX, GUEST, 5, 5, 32)
    peer.send(to_guest.sa.encrypt(req, seq_num=5))      # esn=0: high bits 0
    assert peer.recv(from_guest.spi, timeout=3) is None
    assert netstat_count(m, "esp", BADAUTH) == before + 1
    check_reply(peer, from_guest, send_echo(peer, to_guest, (1 << 32) + 5))
