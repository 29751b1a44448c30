"""IPsec against an independent implementation: scapy's ESP and AH
(tests/lib/ipsec_peer.py) in a network namespace of the test's own, over a
tap device.  The guest (10.9.0.2) boots its user land (/etc/rc configures
vtnet0 from ifconfig_vtnet0) and the test logs in as root: SAs and
policies go in through the setkey program (/sbin/setkey -c, a PF_KEY
socket), counters come from the netstat program in FreeBSD's wording,
pings from /sbin/ping; keys and SPIs are random per run.

Covered: ICMP echo and UDP echo through ESP in both directions for each
algorithm (AES-GCM-128/256, AES-CBC + HMAC-SHA-256-128, ChaCha20-Poly1305,
NULL + HMAC) and AH, transport and tunnel mode; tshark's ESP decoder reads
the guest's packets from a capture with the same keys; and the negative
cases (replay, outside the window, flipped ICV bit, unknown SPI, clear text
where policy requires ESP, truncated ESP, bad padding), each dropped and
counted under its own reason.  One boot shared by the module.
"""
import contextlib
import re
import subprocess

import pytest

import busybox
import netns
from busybox import netstat_count as stat, setkey_c, sh as run
from guest import guest_on_tap
from ipsec_peer import Peer, Responder, Sa, echo_request, udp_datagram

pytestmark = pytest.mark.skipif(not netns.have_netns(), reason="needs root and /dev/net/tun")

GUEST = "10.9.0.2"
LINUX = "10.9.0.1"
MAC = "52:54:00:12:34:60"


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


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    """(namespace, machine, peer, pcap path): one boot for the module."""
    tmp = tmp_path_factory.mktemp("ipsec")
    pcap = tmp / "guest.pcap"
    dump = ["-object", "filter-dump,id=fd0,netdev=n0,file=%s" % pcap]
    # vnet_hdr=off: the capture then holds plain Ethernet frames.  One CPU:
    # crypto on the direct path, its callbacks inline (the 2-CPU modules
    # test_ipsec_esn/_lifetime/_gateway cover the per-CPU workers).
    with user_guest_with_peer(tmp, "ipsec_esp", GUEST, LINUX, MAC, tag="i", smp=1,
                         netdev_opts=",vnet_hdr=off", extra=dump) as (ns, m, peer):
        yield ns, m, peer, pcap


def configure(m, mode="transport", alg="aes-gcm-128", extra_in="", tunnel=False):
    """Fresh SAs both ways and policies requiring them; returns (to_guest, from_guest)."""
    t_in = (LINUX, GUEST) if tunnel else None
    t_out = (GUEST, LINUX) if tunnel else None
    to_guest = Sa(alg, LINUX, GUEST, mode=mode, tunnel=t_in)
    from_guest = Sa(alg, GUEST, LINUX, mode=mode, tunnel=t_out)
    proto = "ah" if alg.startswith("ah-") else "esp"
    ends_out = "%s-%s" % (GUEST, LINUX) if tunnel else ""
    ends_in = "%s-%s" % (LINUX, GUEST) if tunnel else ""
    run(m, "/sbin/setkey -F")
    run(m, "/sbin/setkey -FP")
    setkey_c(m, [
        to_guest.setkey_add(extra_in),
        from_guest.setkey_add(),
        "spdadd %s %s any -P out ipsec %s/%s/%s/require ;" % (GUEST, LINUX, proto, mode, ends_out),
        "spdadd %s %s any -P in ipsec %s/%s/%s/require ;" % (LINUX, GUEST, proto, mode, ends_in),
    ])
    return to_guest, from_guest


def check_echo(peer, to_guest, from_guest, seq=1, size=56):
    req = echo_request(LINUX, GUEST, 0x5a, seq, size)
    reply = peer.exchange(to_guest, from_guest, req)
    assert reply is not None, "no protected echo reply"
    icmp = reply.getlayer("ICMP")
    assert icmp is not None and icmp.type == 0 and icmp.id == 0x5a and icmp.seq == seq
    assert bytes(icmp.payload) == bytes(req["ICMP"].payload)


def check_udp(peer, to_guest, from_guest, size, seq=None):
    dgram = udp_datagram(LINUX, GUEST, 40000 + size % 1000, size)
    reply = peer.exchange(to_guest, from_guest, dgram, seq=seq)
    assert reply is not None, "no protected UDP echo (%d bytes)" % size
    assert reply["UDP"].sport == 7 and bytes(reply["UDP"].payload) == bytes(dgram["UDP"].payload)


ALGS = ["aes-gcm-128", "aes-gcm-256", "aes-cbc-sha256", "chacha20-poly1305", "null-sha256",
        "ah-sha256"]


@pytest.mark.parametrize("alg", ALGS)
@pytest.mark.parametrize("mode", ["transport", "tunnel"])
def test_echo_both_ways(env, alg, mode):
    ns, m, peer, _ = env
    to_guest, from_guest = configure(m, mode, alg, tunnel=(mode == "tunnel"))
    peer.drain()
    check_echo(peer, to_guest, from_guest, seq=1)
    check_udp(peer, to_guest, from_guest, 1400)
    # The guest's own ping, answered by the scapy peer.
    r = Responder(peer, to_guest, from_guest, 3)
    r.start()
    out = run(m, "/sbin/ping -c 3 -i 0.2 " + LINUX)
    r.join(30)
    assert "3 packets transmitted, 3 packets received" in out, out
    dump = run(m, "/sbin/setkey -D")
    assert "state=mature" in dump, dump


def test_udp_sizes_through_esp(env):
    _, m, peer, _ = env
    to_guest, from_guest = configure(m, "transport", "aes-gcm-128")
    peer.drain()
    for size in (1, 64, 1000, 1472, 3000, 8000):
        check_udp(peer, to_guest, from_guest, size)


def test_tshark_decodes_guest_esp(env):
    """tshark's ESP dissector, given the keys, verifies the ICV of every
    packet the guest sent and finds the inner ICMP replies."""
    _, m, peer, pcap = env
    for alg in ("aes-gcm-128", "aes-cbc-sha256"):
        to_guest, from_guest = configure(m, "transport", alg)
        peer.drain()
        for seq in range(1, 4):
            check_echo(peer, to_guest, from_guest, seq=seq)
        uat = "uat:esp_sa:" + from_guest.tshark_uat()
        r = subprocess.run(["tshark", "-r", str(pcap), "-o", "esp.enable_encryption_decode:TRUE",
                            "-o", "esp.enable_authentication_check:TRUE", "-o", uat,
                            "-Y", "esp.spi == 0x%08x" % from_guest.spi, "-V"],
                           capture_output=True, text=True, timeout=120)
        assert r.returncode == 0, r.stderr
        assert r.stdout.count("Echo (ping) reply") >= 3, r.stdout[-3000:]
        assert "[correct]" in r.stdout and "[incorrect]" not in r.stdout, r.stdout[-3000:]


def _esp_stat(m, what):
    return stat(m, "esp", what)


# The esp counters' FreeBSD wording (netstat -s -p esp), as regexes taking
# the singular netstat prints for 1.
REPLAY = "possible replay packets? detected"
BADAUTH = "packets? dropped; bad authentication detected"
NOSA = "packets? dropped; no TDB"
BADLEN = "packets? dropped; bad ilen"
BADPAD = "packets? dropped; bad padding"


def test_replayed_packet_dropped(env):
    _, m, peer, _ = env
    to_guest, from_guest = configure(m)
    peer.drain()
    pkt = to_guest.sa.encrypt(echo_request(LINUX, GUEST, 1, 1), seq_num=10)
    before = _esp_stat(m, REPLAY)
    peer.send(pkt)
    assert peer.recv(from_guest.spi) is not None
    peer.send(pkt)                       # the very same bytes again
    assert peer.recv(from_guest.spi, timeout=3) is None
    assert _esp_stat(m, REPLAY) == before + 1


def test_packet_left_of_window_dropped(env):
    _, m, peer, _ = env
    to_guest, from_guest = configure(m)
    peer.drain()
    peer.send(to_guest.sa.encrypt(echo_request(LINUX, GUEST, 1, 1), seq_num=1000))
    assert peer.recv(from_guest.spi) is not None
    before = _esp_stat(m, REPLAY)
    peer.send(to_guest.sa.encrypt(echo_request(LINUX, GUEST, 1, 2), seq_num=1000 - 64))
    assert peer.recv(from_guest.spi, timeout=3) is None
    # Just inside the window (never seen) still passes.
    peer.send(to_guest.sa.encrypt(echo_request(LINUX, GUEST, 1, 3), seq_num=1000 - 63))
    assert peer.recv(from_guest.spi) is not None
    assert _esp_stat(m, REPLAY) == before + 1


def test_replay_window_setting(env):
    """-r 128 (bytes: 1024 packets): a packet 1000 behind is still inside the window."""
    _, m, peer, _ = env
    to_guest, from_guest = configure(m, extra_in="-r 128")
    peer.drain()
    peer.send(to_guest.sa.encrypt(echo_request(LINUX, GUEST, 1, 1), seq_num=2000))
    assert peer.recv(from_guest.spi) is not None
    peer.send(to_guest.sa.encrypt(echo_request(LINUX, GUEST, 1, 2), seq_num=1000))
    assert peer.recv(from_guest.spi) is not None


def test_flipped_icv_bit_dropped(env):
    _, m, peer, _ = env
    to_guest, from_guest = configure(m)
    peer.drain()
    raw = bytearray(bytes(to_guest.sa.encrypt(echo_request(LINUX, GUEST, 1, 1), seq_num=5)))
    raw[-1] ^= 0x01
    before = _esp_stat(m, BADAUTH)
    peer.tx.sendto(bytes(raw), (GUEST, 0))
    assert peer.recv(from_guest.spi, timeout=3) is None
    assert _esp_stat(m, BADAUTH) == before + 1
    # The forged packet did not move the window: seq 5 still passes.
    peer.send(to_guest.sa.encrypt(echo_request(LINUX, GUEST, 1, 2), seq_num=5))
    assert peer.recv(from_guest.spi) is not None


def test_unknown_spi_dropped(env):
    _, m, peer, _ = env
    to_guest, from_guest = configure(m)
    stranger = Sa("aes-gcm-128", LINUX, GUEST)
    before = _esp_stat(m, NOSA)
    peer.send(stranger.sa.encrypt(echo_request(LINUX, GUEST, 1, 1)))
    assert peer.recv(from_guest.spi, timeout=3) is None
    assert _esp_stat(m, NOSA) == before + 1


def test_clear_packet_where_policy_requires_esp(env):
    ns, m, peer, _ = env
    configure(m)
    before = stat(m, "ipsec", "inbound packets? violated process security policy")
    r = ns.run("ping", "-c", "1", "-W", "2", GUEST, check=False)
    assert "1 received" not in r.stdout
    assert stat(m, "ipsec", "inbound packets? violated process security policy") == before + 1


def test_truncated_esp_dropped(env):
    _, m, peer, _ = env
    to_guest, from_guest = configure(m)
    raw = bytes(to_guest.sa.encrypt(echo_request(LINUX, GUEST, 1, 1)))
    from scapy.layers.inet import IP
    short = IP(raw[:20 + 8 + 8 + 5])      # header, SPI/seq, IV, 5 bytes
    short.len = None
    short.chksum = None
    before = _esp_stat(m, BADLEN)
    peer.send(short)
    assert peer.recv(from_guest.spi, timeout=3) is None
    assert _esp_stat(m, BADLEN) == before + 1


def test_bad_padding_dropped(env):
    """A correctly authenticated packet whose padding bytes are not 1, 2, 3...
    (built with the cryptography library directly, as scapy always pads right)."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM
    from scapy.layers.inet import IP, ICMP
    import struct
    _, m, peer, _ = env
    to_guest, from_guest = configure(m)
    inner = bytes(ICMP(type=8, id=7, seq=7) / (b"x" * 9))     # 17 bytes: padding needed
    padlen = (-(len(inner) + 2)) % 4 or 4
    plain = inner + bytes([9] * padlen) + bytes([padlen, 1])   # wrong pad bytes
    key, salt = to_guest.enc_key[:-4], to_guest.enc_key[-4:]
    seq = 3
    iv = struct.pack("!Q", seq)
    aad = struct.pack("!II", to_guest.spi, seq)
    ct = AESGCM(key).encrypt(salt + iv, plain, aad)
    pkt = IP(src=LINUX, dst=GUEST, proto=50) / (aad + iv + ct)
    before = _esp_stat(m, BADPAD)
    peer.send(pkt)
    assert peer.recv(from_guest.spi, timeout=3) is None
    assert _esp_stat(m, BADPAD) == before + 1


def test_require_policy_without_sa_sends_acquire(env):
    ns, m, peer, _ = env
    run(m, "/sbin/setkey -F")
    run(m, "/sbin/setkey -FP")
    setkey_c(m, ["spdadd %s %s any -P out ipsec esp/transport//require ;" % (GUEST, LINUX)])
    # The ACQUIRE, seen by setkey -x: the guest's reply to Linux's ping
    # wants an SA it does not have.  (First: the kernel sends one ACQUIRE
    # per SA index within KEY_ACQUIRE_INTERVAL, FreeBSD's rate limit.)
    busybox.setkey_monitor_start(m)
    ns.run("ping", "-c", "1", "-W", "2", GUEST, check=False)
    mon = busybox.setkey_monitor_stop(m, r"\] ACQUIRE esp errno=0")
    assert re.search(r"\] ACQUIRE esp errno=0 seq=\d+ pid=0\n", mon), mon
    before = stat(m, "ipsec", "outbound packets? with no SA available")
    # -W: no reply can come, so FreeBSD's 10 s wait for it is not needed.
    out = run(m, "/sbin/ping -c 1 -W 2000 " + LINUX)
    assert "0 packets received" in out, out
    assert stat(m, "ipsec", "outbound packets? with no SA available") >= before + 1


def test_one_cpu_runs_crypto_inline(env):
    """With one CPU every ESP request took the direct path (completed and
    called back inline under the net lock), none went to a worker."""
    _, m, _, _ = env
    out = run(m, "/sbin/sysctl net.inet.ipsec.crypto_workers")
    assert "net.inet.ipsec.crypto_workers: 0" in out, out
    out = run(m, "/usr/bin/netstat -s -p ipsec")
    direct = re.search(r"(\d+) crypto requests? run in the caller's context", out)
    queued = re.search(r"(\d+) crypto requests? run by a crypto worker", out)
    assert direct and queued and int(direct.group(1)) > 0 and int(queued.group(1)) == 0, out

