#!/usr/bin/python3
"""`make bench-ipsec`: UDP echo through ESP against the clear baseline.

Boots build/disk.img (a copy) in QEMU with one virtio-net NIC on a tap device
inside a fresh network namespace (Linux 10.9.9.1, the guest 10.9.9.2) into
its user land (/etc/rc configures vtnet0; the bench logs in as root), starts
a UDP echo server in user space there (tests/user/udp_echo.c, a UDP socket
on port 7007: the traffic crosses the socket layer and a process, as an
application's would) and configures IPsec with the setkey program.  It then
measures, from the Linux side and with the same client loop each time, UDP
echo datagrams per second and payload throughput for 1400-byte datagrams:

  - in clear (no policy);
  - through ESP transport mode with AES-GCM-128 (RFC 4106), which the
    guest's aesni driver serves;
  - through ESP transport mode with AES-CBC + HMAC-SHA-256-128 (RFC 3602,
    RFC 4868), which the guest's software driver (cryptosoft) serves: the
    loader tunable kern.crypto.software_algs="aes-cbc" keeps aesni from
    taking those sessions;

and prints, for each ESP case, the ESP/clear ratio, which crypto driver
served the requests (/sbin/sysctl kern.crypto.drivers, before and after) and
the share of crypto requests that took the direct path (kern.crypto.direct
and kern.crypto.queued, before and after).

Linux here has no ESP, and scapy is far too slow to be the load generator, so
the client implements ESP itself with pyca/cryptography (AESGCM, AES-CBC,
HMAC) over a raw IP socket for protocol 50; before measuring, one packet of
each kind is checked against scapy's independent implementation.  A window
of outstanding datagrams is refilled as echoes come back (lost ones are
written off after a timeout so the window never shrinks).

Asserts nothing beyond that the guest answered at all.  Needs root
(namespaces, tap, raw sockets).  Run: /usr/bin/python3 tools/bench_ipsec.py
"""
import argparse
import hashlib
import hmac
import os
import pathlib
import re
import select
import socket
import struct
import sys
import tempfile
import time

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

TOP = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(TOP / "tests" / "lib"))

LINUX = "10.9.9.1"
GUEST = "10.9.9.2"
SPORT = 40700                   # the client's UDP port (inside ESP)
ECHO_PORT = 7007                # the guest's user-space echo server (tests/user/udp_echo.c)
ECHO_PROG = "/usr/tests/sanpo/udp_echo"
PROTO_ESP = 50


# --- ESP (RFC 4303) for the client -------------------------------------------

class Esp:
    """One ESP transport-mode SA direction with the cipher suite of `alg`
    ("aes-gcm-128" or "aes-cbc-sha256"), keyed like an ipsec_peer.Sa."""

    def __init__(self, alg, spi, enc_key, auth_key):
        self.alg, self.spi, self.seq = alg, spi, 0
        if alg == "aes-gcm-128":
            self.gcm, self.salt = AESGCM(enc_key[:-4]), enc_key[-4:]
            self.block, self.ivlen = 4, 8
        else:
            self.aes = algorithms.AES(enc_key)
            self.auth_key = auth_key
            self.block, self.ivlen = 16, 16

    def _icv(self, data):
        return hmac.new(self.auth_key, data, hashlib.sha256).digest()[:16]

    def seal(self, payload, nxt):
        """The ESP packet (SPI onwards) carrying payload (next header nxt)."""
        self.seq += 1
        padlen = -(len(payload) + 2) % self.block
        plain = payload + bytes(range(1, padlen + 1)) + bytes([padlen, nxt])
        head = struct.pack("!II", self.spi, self.seq)
        if self.alg == "aes-gcm-128":
            iv = struct.pack("!Q", self.seq)     # unique per SA: the counter
            return head + iv + self.gcm.encrypt(self.salt + iv, plain, head)
        iv = os.urandom(16)
        enc = Cipher(self.aes, modes.CBC(iv)).encryptor()
        body = head + iv + enc.update(plain) + enc.finalize()
        return body + self._icv(body)

    def open(self, esp):
        """(next header, payload) of an ESP packet (SPI onwards), or None if
        it is not ours or does not verify.  No replay check: a benchmark."""
        if len(esp) < 8 + self.ivlen + 16 or struct.unpack("!I", esp[:4])[0] != self.spi:
            return None
        head, iv = esp[:8], esp[8:8 + self.ivlen]
        try:
            if self.alg == "aes-gcm-128":
                plain = self.gcm.decrypt(self.salt + iv, esp[8 + self.ivlen:], head)
            else:
                if not hmac.compare_digest(self._icv(esp[:-16]), esp[-16:]):
                    return None
                dec = Cipher(self.aes, modes.CBC(iv)).decryptor()
                plain = dec.update(esp[8 + self.ivlen:-16]) + dec.finalize()
        except Exception:
            return None
        padlen, nxt = plain[-2], plain[-1]
        if padlen + 2 > len(plain):
            return None
        return nxt, plain[:-2 - padlen]


def udp_segment(payload, sport, dport):
    """A UDP header + payload; checksum 0 (none, allowed over IPv4)."""
    return struct.pack("!HHHH", sport, dport, 8 + len(payload), 0) + payload


def self_check(sa, out_esp, in_esp):
    """Our ESP against scapy's: scapy opens what we seal, we open what scapy seals."""
    from scapy.layers.inet import IP, UDP
    seg = udp_segment(b"check" * 10, SPORT, ECHO_PORT)
    mine = IP(src=LINUX, dst=GUEST, proto=PROTO_ESP) / out_esp.seal(seg, 17)
    inner = sa["to_guest"].sa.decrypt(IP(bytes(mine)))
    assert bytes(inner[UDP].payload) == b"check" * 10, "scapy rejects our ESP"
    out_esp.seq = 0                       # the guest has not seen that packet
    theirs = sa["from_guest"].sa.encrypt(IP(src=GUEST, dst=LINUX) /
                                         UDP(sport=ECHO_PORT, dport=SPORT) / b"reply")
    got = in_esp.open(bytes(theirs)[20:])
    assert got is not None and got[0] == 17 and got[1][8:] == b"reply", "we reject scapy's ESP"


# --- the two transports the loop drives ---------------------------------------

class ClearUdp:
    def __init__(self, ns, local=LINUX):
        with ns.inside():
            self.s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.s.bind((local, SPORT))
        self.s.setblocking(False)

    def send(self, data):
        self.s.sendto(data, (GUEST, ECHO_PORT))

    def recv(self):
        """The next echoed payload, or None if nothing is waiting."""
        try:
            return self.s.recv(65536)
        except BlockingIOError:
            return None

    def close(self):
        self.s.close()


class EspUdp:
    def __init__(self, ns, out_esp, in_esp, local=LINUX):
        self.out_esp, self.in_esp = out_esp, in_esp
        with ns.inside():
            # The kernel adds the IP header (protocol 50); replies arrive
            # with theirs.  Linux has no ESP, so nothing else takes them.
            # Bound to the flow's own address: sent from it, and given only
            # what is addressed to it.
            self.s = socket.socket(socket.AF_INET, socket.SOCK_RAW, PROTO_ESP)
        self.s.bind((local, 0))
        self.s.setblocking(False)
        self.bad = 0

    def send(self, data):
        self.s.sendto(self.out_esp.seal(udp_segment(data, SPORT, ECHO_PORT), 17), (GUEST, 0))

    def recv(self):
        while True:
            try:
                raw = self.s.recv(65536)
            except BlockingIOError:
                return None
            got = self.in_esp.open(raw[(raw[0] & 15) * 4:])
            if got is not None and got[0] == 17 and len(got[1]) >= 8:
                return got[1][8:]
            self.bad += 1

    def close(self):
        self.s.close()


def echo_flows(flows, size, seconds, window, timeout=0.2):
    """Echo datagrams of `size` bytes for `seconds` over every transport in
    `flows` at once, each keeping `window` outstanding (refilled as echoes
    come back; one not back within `timeout` is written off so the window
    never shrinks).  Returns (echoed, lost, elapsed, mismatched)."""
    pad = os.urandom(size - 8)
    outstanding = [dict() for _ in flows]     # per flow: seq -> send time
    by_fd = {t.s.fileno(): i for i, t in enumerate(flows)}
    seq = echoed = lost = bad = 0
    # Warm-up: ARP and the first echo of each flow, outside the measurement.
    for t in flows:
        t.send(struct.pack("!Q", 1 << 63) + pad)
        select.select([t.s], [], [], 3)
        t.recv()
    start = time.monotonic()
    end = start + seconds
    while time.monotonic() < end:
        for t, out in zip(flows, outstanding):
            while len(out) < window:
                t.send(struct.pack("!Q", seq) + pad)
                out[seq] = time.monotonic()
                seq += 1
        r, _, _ = select.select([t.s for t in flows], [], [], timeout)
        now = time.monotonic()
        for out in outstanding:
            for k in [k for k, st in out.items() if now - st > timeout]:
                del out[k]
                lost += 1
        for fd in r:
            i = by_fd[fd.fileno()]
            while True:
                data = flows[i].recv()
                if data is None:
                    break
                n = struct.unpack("!Q", data[:8])[0] if len(data) >= 8 else -1
                if n in outstanding[i] and data[8:] == pad:
                    del outstanding[i][n]
                    echoed += 1
                else:
                    bad += 1
    return echoed, lost, time.monotonic() - start, bad


def echo_loop(t, sock, size, seconds, window, timeout=0.2):
    """echo_flows() over the one transport t (whose socket is sock)."""
    assert sock is t.s
    return echo_flows([t], size, seconds, window, timeout)


# --- the guest ----------------------------------------------------------------

def boot(ns, workdir, smp):
    """The guest's user land, logged in as root, its echo server running."""
    import busybox
    m = busybox.boot_userland(
        workdir, "bench_ipsec", smp=smp, timeout=180, prefix=ns.prefix,
        conf='ifconfig_vtnet0="inet %s/24"\nkern.crypto.software_algs="aes-cbc"\n' % GUEST,
        extra=["-netdev", "tap,id=n0,ifname=tap0,script=no,downscript=no",
               "-device", "virtio-net-pci,netdev=n0,mac=52:54:00:09:09:02"])
    run(m, "%s %d > /tmp/udp_echo.log 2>&1 &" % (ECHO_PROG, ECHO_PORT))
    for _ in range(50):
        if "ready on port" in run(m, "cat /tmp/udp_echo.log"):
            return m
        time.sleep(0.2)
    raise SystemExit("bench-ipsec: the guest's echo server did not start:\n"
                     + run(m, "cat /tmp/udp_echo.log"))


def run(m, cmd, timeout=60):
    """A command at the guest's shell prompt; what it printed."""
    import busybox
    return busybox.sh(m, cmd, timeout=timeout)


def crypto_counters(m):
    """{'direct': n, 'queued': n, driver name: requests}, from the sysctl
    program at the user land's prompt on m (bench-datapath's guest too)."""
    c = {}
    for name in ("direct", "queued"):
        mm = re.search(r"kern\.crypto\.%s: (\d+)" % name,
                       run(m, "/sbin/sysctl kern.crypto." + name))
        c[name] = int(mm.group(1)) if mm else 0
    for drv, reqs in re.findall(r"(\w+)\((?:hw|sw) sessions=\d+ requests=(\d+)",
                                run(m, "/sbin/sysctl kern.crypto.drivers")):
        c[drv] = int(reqs)
    return c


def configure(m, alg):
    """Fresh random SAs both ways for alg and policies requiring them."""
    import busybox
    from ipsec_peer import Sa
    to_guest, from_guest = Sa(alg, LINUX, GUEST), Sa(alg, GUEST, LINUX)
    out = busybox.setkey_c(m, [
        "flush ;", "spdflush ;", to_guest.setkey_add(), from_guest.setkey_add(),
        "spdadd %s %s any -P out ipsec esp/transport//require ;" % (GUEST, LINUX),
        "spdadd %s %s any -P in ipsec esp/transport//require ;" % (LINUX, GUEST)], check=False)
    if "setkey:" in out or "error" in out.lower():
        raise SystemExit("bench-ipsec: setkey failed:\n" + out)
    out_esp = Esp(alg, to_guest.spi, to_guest.enc_key, to_guest.auth_key)
    in_esp = Esp(alg, from_guest.spi, from_guest.enc_key, from_guest.auth_key)
    self_check({"to_guest": to_guest, "from_guest": from_guest}, out_esp, in_esp)
    return out_esp, in_esp


def client_capacity(alg, size, seconds=0.5):
    """How many datagrams/s this client alone can seal and open: the ESP
    figures mean something only if this is well above them."""
    e = Esp(alg, 1, os.urandom(20 if alg == "aes-gcm-128" else 16), os.urandom(32))
    data, n = os.urandom(size), 0
    start = time.monotonic()
    while time.monotonic() - start < seconds:
        e.open(e.seal(udp_segment(data, SPORT, 7), 17))
        n += 1
    return n / (time.monotonic() - start)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--size", type=int, default=1400)
    ap.add_argument("--seconds", type=float, default=5.0)
    ap.add_argument("--window", type=int, default=16)
    ap.add_argument("--smp", type=int, default=2)
    args = ap.parse_args()

    import netns
    if not netns.have_netns():
        raise SystemExit("bench-ipsec: needs root and /dev/net/tun (network namespaces, tap)")
    rows = []
    with tempfile.TemporaryDirectory() as work, netns.namespace("bi") as ns:
        ns.add_tap("tap0", LINUX + "/24")
        m = boot(ns, work, args.smp)
        try:
            if "1 packets received" not in run(m, "/sbin/ping -c 1 " + LINUX):
                raise SystemExit("bench-ipsec: the guest cannot reach Linux")
            for case, alg in (("clear", None), ("esp aes-gcm-128", "aes-gcm-128"),
                              ("esp aes-cbc+hmac-sha256", "aes-cbc-sha256")):
                if alg is None:
                    run(m, "/sbin/setkey -F; /sbin/setkey -FP")
                    t = ClearUdp(ns)
                    sock = t.s
                else:
                    t = EspUdp(ns, *configure(m, alg))
                    sock = t.s
                before = crypto_counters(m)
                try:
                    echoed, lost, el, bad = echo_loop(t, sock, args.size, args.seconds,
                                                      args.window)
                finally:
                    t.close()
                after = crypto_counters(m)
                if echoed == 0:
                    raise SystemExit("bench-ipsec: no UDP echo (%s)" % case)
                delta = {k: after.get(k, 0) - before.get(k, 0) for k in after}
                rows.append((case, echoed / el, echoed * args.size * 8 / el / 1e6,
                             echoed, lost, bad, el, delta))
            ipsec = run(m, "/usr/bin/netstat -s -p ipsec")
        finally:
            m.close()

    clear_pps = rows[0][1]
    print()
    print("Sanpo IPsec: UDP echo of %d-byte datagrams by a user-space server (UDP socket, "
          "port %d) over virtio-net/tap, QEMU TCG, -smp %d, window %d, %.0f s each"
          % (args.size, ECHO_PORT, args.smp, args.window, args.seconds))
    print("%-26s %10s %10s %8s %7s %6s  %-28s %s" % (
        "case", "dgrams/s", "Mbit/s", "vs clear", "echoed", "lost", "crypto driver (requests)",
        "direct path"))
    print("-" * 122)
    for case, pps, mbps, echoed, lost, bad, el, d in rows:
        drivers = ", ".join("%s %d" % (k, v) for k, v in sorted(d.items())
                            if k not in ("direct", "queued") and v > 0) or "-"
        total = d.get("direct", 0) + d.get("queued", 0)
        share = "%.1f%% of %d" % (100.0 * d["direct"] / total, total) if total else "-"
        print("%-26s %10.0f %10.2f %7.2fx %7d %6d  %-28s %s" % (
            case, pps, mbps, pps / clear_pps, echoed, lost, drivers, share))
    print("client ESP capacity (seal + open, one thread): %s" % ", ".join(
        "%s %.0f datagrams/s" % (alg, client_capacity(alg, args.size))
        for alg in ("aes-gcm-128", "aes-cbc-sha256")))
    mm = re.search(r"([\d.]+)% of crypto requests took the direct path", ipsec)
    if mm:
        print("netstat -s -p ipsec, whole run: %s%% of IPsec crypto requests took the direct path"
              % mm.group(1))


if __name__ == "__main__":
    main()
