"""The vtnet driver moving real frames, without privileges: QEMU's dgram
netdev joins the guest's NIC to this test's own AF_UNIX datagram socket,
one Ethernet frame per datagram.  The test answers as a peer at 10.9.0.1:
the guest replies to its ARP request, a burst of 2000 frames is received
and counted by the driver, and a guest ping is carried both ways (ARP then
ICMP echo), which exercises transmit, completion and receive together.
The guest boots its user land (/etc/rc gives vtnet0 its address) and is
read with the programs: the driver's counters from sysctl dev.vtnet.stats,
the interface's from netstat -i, interrupts from sysctl hw.intrs."""
import re
import socket
import struct
import time

import pytest

import busybox
from guest import guest

GUEST_MAC = bytes.fromhex("525400123456")
PEER_MAC = bytes.fromhex("020000000001")
GUEST_IP = socket.inet_aton("10.9.0.2")
PEER_IP = socket.inet_aton("10.9.0.1")
BCAST = b"\xff" * 6


class Peer:
    """Our end of the wire: a datagram socket at H, QEMU's at Q."""

    def __init__(self, d):
        self.h, self.q = str(d / "h.sock"), str(d / "q.sock")
        self.s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.s.bind(self.h)
        self.s.settimeout(30)   # a send that blocks this long is a stuck guest

    def send(self, frame):
        self.s.sendto(frame, self.q)

    def recv_until(self, pred, timeout=20):
        """Frames from the guest until pred(frame) holds; returns that frame."""
        end = time.time() + timeout
        while time.time() < end:
            self.s.settimeout(max(0.1, end - time.time()))
            try:
                f = self.s.recv(65536)
            except socket.timeout:
                break
            if pred(f):
                return f
        raise AssertionError("no matching frame from the guest within %ds" % timeout)

    def drain(self):
        self.s.setblocking(False)
        try:
            while True:
                self.s.recv(65536)
        except BlockingIOError:
            pass
        self.s.settimeout(30)


def arp(op, sha, spa, tha, tpa, dst):
    return dst + sha + b"\x08\x06" + struct.pack("!HHBBH", 1, 0x0800, 6, 4, op) + \
        sha + spa + tha + tpa + b"\0" * 18


def is_arp(f, op, spa):
    return len(f) >= 42 and f[12:14] == b"\x08\x06" and \
        struct.unpack("!H", f[20:22])[0] == op and f[28:32] == spa


def cksum(b):
    if len(b) % 2:
        b += b"\0"
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff


def echo_reply(req):
    """The ICMP echo reply to an echo request frame, checksums recomputed."""
    ihl = (req[14] & 0xf) * 4
    ip = bytearray(req[14:14 + ihl])
    total = struct.unpack("!H", ip[2:4])[0]
    icmp = bytearray(req[14 + ihl:14 + total])
    ip[12:16], ip[16:20] = req[30:34], req[26:30]
    ip[8] = 64
    ip[10:12] = b"\0\0"
    ip[10:12] = struct.pack("!H", cksum(bytes(ip)))
    icmp[0] = 0
    icmp[2:4] = b"\0\0"
    icmp[2:4] = struct.pack("!H", cksum(bytes(icmp)))
    return req[6:12] + PEER_MAC + b"\x08\x00" + bytes(ip) + bytes(icmp)


@pytest.fixture(scope="module")
def net(tmp_path_factory):
    d = tmp_path_factory.mktemp("vtnet")
    peer = Peer(d)
    try:
        with guest(d, "vtnet", 'autoboot_delay="0"\nifconfig_vtnet0="inet 10.9.0.2/24"\n',
                   userland=True, extra=[
                       "-netdev", "dgram,id=n0,local.type=unix,local.path=%s,"
                       "remote.type=unix,remote.path=%s" % (peer.q, peer.h),
                       "-device", "virtio-net-pci,netdev=n0,mac=52:54:00:12:34:56"]) as m:
            m.peer = peer
            yield m
    finally:
        peer.s.close()


run = busybox.sh


def if_counters(m):
    """vtnet0's netstat -i line: [Ipkts, Ierrs, Idrop, Opkts, Oerrs, Odrop]."""
    out = run(m, "/usr/bin/netstat -i")
    r = re.search(r"^vtnet0\s+\d+\s+<Link#\d+>\s+\S+" + r"\s+(\d+)" * 6 + r"\s*$", out, re.M)
    assert r, out
    return [int(x) for x in r.groups()]


def rx_stats(m):
    out = run(m, "/sbin/sysctl dev.vtnet.stats")
    r = re.search(r"vtnet0 rx (\d+) rxdrop (\d+) rxerr (\d+) tx (\d+) txdrop (\d+) link (\w+)", out)
    assert r, out
    return [int(x) for x in r.groups()[:5]] + [r.group(6)]


def rx_stats_when(m, done, timeout, step=0.5):
    """rx_stats(), polled every step seconds until done(stats) holds or
    timeout seconds have passed (the caller's assertions say which)."""
    end = time.time() + timeout
    while True:
        now = rx_stats(m)
        if done(now) or time.time() > end:
            return now
        time.sleep(step)


def test_arp_request_answered(net):
    net.peer.drain()
    net.peer.send(arp(1, PEER_MAC, PEER_IP, b"\0" * 6, GUEST_IP, BCAST))
    f = net.peer.recv_until(lambda f: is_arp(f, 2, GUEST_IP))
    assert f[0:6] == PEER_MAC and f[6:12] == GUEST_MAC      # unicast back to us
    assert f[22:28] == GUEST_MAC and f[38:42] == PEER_IP    # is-at, for our query


def test_burst_of_2000_frames_counted(net):
    before = rx_stats(net)
    frame = GUEST_MAC + PEER_MAC + b"\x88\xb5" + bytes(range(46))   # local experimental type
    for i in range(2000):
        net.peer.send(frame[:14] + struct.pack("!H", i) + frame[16:])
    now = rx_stats_when(net, lambda s: s[0] >= before[0] + 2000, timeout=60)
    assert now[0] == before[0] + 2000, (before, now)
    assert now[1] == before[1] and now[2] == before[2], (before, now)   # no drops, no errors
    ipkts, ierrs, idrop = if_counters(net)[:3]
    assert ipkts == now[0] and ierrs == 0 and idrop == 0, (now, ipkts, ierrs, idrop)
    # The MSI-X receive vector did the work (not polling).
    assert re.search(r"vec\d+: vtnet0:rx\s+[1-9]\d*", run(net, "/sbin/sysctl hw.intrs"))


def is_echo_request(f):
    return len(f) >= 42 and f[12:14] == b"\x08\x00" and f[23] == 1 and \
        f[14 + (f[14] & 0xf) * 4] == 8


def ping_round_trip(net):
    """Guest pings the peer (ARPing first unless it learnt our address from
    an earlier request), the test answering as 10.9.0.1."""
    net.peer.drain()
    net.line("/sbin/ping -c 2 10.9.0.1", delay=0)
    echoes = 0
    while echoes < 2:
        f = net.peer.recv_until(lambda f: is_arp(f, 1, GUEST_IP) or is_echo_request(f))
        assert f[6:12] == GUEST_MAC
        if is_arp(f, 1, GUEST_IP):
            assert f[38:42] == PEER_IP
            net.peer.send(arp(2, PEER_MAC, PEER_IP, GUEST_MAC, GUEST_IP, GUEST_MAC))
            continue
        assert f[0:6] == PEER_MAC and f[26:30] == GUEST_IP and f[30:34] == PEER_IP
        net.peer.send(echo_reply(f))
        echoes += 1
    net.expect(busybox.PROMPT, timeout=30)
    out = net.p.before.replace("\r", "")
    assert "2 packets transmitted, 2 packets received" in out, out


def test_guest_ping_round_trip(net):
    """Transmit, completion and receive together."""
    before = rx_stats(net)
    ping_round_trip(net)
    after = rx_stats(net)
    assert after[3] >= before[3] + 2 and after[4] == before[4]   # sent, none dropped


def test_bad_frames_do_not_stop_the_ring(net):
    """A runt reaches the driver and is counted as an input error; a frame
    too big for a receive buffer (no MRG_RXBUF) is dropped by the device
    itself; the next good frame still arrives, and only it is counted."""
    before = rx_stats(net)
    net.peer.send(GUEST_MAC + PEER_MAC[:4])                       # 10 bytes
    net.peer.send(GUEST_MAC + PEER_MAC + b"\x88\xb5" + b"x" * 3000)  # > 2036
    net.peer.send(GUEST_MAC + PEER_MAC + b"\x88\xb5" + b"ok" * 23)
    now = rx_stats_when(net, lambda s: s[0] > before[0], timeout=20, step=0.3)
    assert now[0] == before[0] + 1, (before, now)
    assert now[2] == before[2] + 1, (before, now)      # the runt
    assert now[1] == before[1] and now[5] == "up"


def test_full_tx_ring_counts_drops_and_recovers(net):
    """The peer stops reading: QEMU cannot deliver what the guest sends, so
    it stops completing transmit descriptors and the ring fills.  2000 ARP
    requests then make the guest answer faster than the ring drains: the
    driver returns ENOBUFS and counts if_oqdrops, never blocks or hangs,
    and once the peer reads again, transmit works (a ping round trip)."""
    before = rx_stats(net)
    req = arp(1, PEER_MAC, PEER_IP, b"\0" * 6, GUEST_IP, BCAST)
    for _ in range(2000):
        net.peer.send(req)
    now = rx_stats_when(net, lambda s: s[0] >= before[0] + 2000, timeout=60)
    assert now[0] == before[0] + 2000, (before, now)
    assert now[4] > before[4], (before, now)            # if_oqdrops counted
    assert if_counters(net)[5] == now[4]          # netstat -i's Odrop
    # Let the backlog out, then transmit must work again.
    time.sleep(1)
    net.peer.drain()
    time.sleep(1)
    net.peer.drain()
    ping_round_trip(net)
    assert rx_stats(net)[4] == now[4]   # no new drops once the ring drains
