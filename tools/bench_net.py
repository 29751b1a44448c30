#!/usr/bin/python3
"""`make bench-net`: the network baseline IPsec will be compared against.

Boots build/disk.img (a copy) in QEMU with one virtio-net NIC on a tap
device inside a fresh network namespace (Linux 10.9.9.1, the guest 10.9.9.2)
into its user land (/etc/rc configures vtnet0 from ifconfig_vtnet0; the
bench logs in as root on the console and leaves it at the prompt), then
measures from the Linux side:

  - ping round-trip times: min/avg/max/mdev over N pings (iputils ping);
  - UDP echo (the guest's port 7, the kernel's echo service, RFC 862:
    no process runs for it): datagrams per second and payload throughput for 64 B and 1400 B datagrams, with a window of outstanding
    datagrams refilled as echoes come back (lost ones are written off after
    a timeout so the window never shrinks).

Prints a table; asserts nothing except that the guest answered at all.
Needs root (namespaces, tap).  Run: /usr/bin/python3 tools/bench_net.py
"""
import argparse
import os
import pathlib
import re
import select
import socket
import struct
import sys
import tempfile
import time

TOP = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(TOP / "tests" / "lib"))

LINUX = "10.9.9.1"
GUEST = "10.9.9.2"


def boot(ns, workdir, smp):
    """The guest's user land, logged in as root: /etc/rc has configured
    vtnet0 by then (it runs before getty)."""
    import busybox
    return busybox.boot_userland(
        workdir, "bench_net", smp=smp, timeout=180, prefix=ns.prefix,
        conf='ifconfig_vtnet0="inet %s/24"\n' % GUEST,
        extra=["-netdev", "tap,id=n0,ifname=tap0,script=no,downscript=no",
               "-device", "virtio-net-pci,netdev=n0,mac=52:54:00:09:09:02"])


def bench_ping(ns, count, interval):
    r = ns.run("ping", "-q", "-c", str(count), "-i", str(interval), "-W", "2", GUEST,
               check=False, timeout=count * interval + 30)
    loss = re.search(r"(\d+(?:\.\d+)?)% packet loss", r.stdout)
    rtt = re.search(r"= ([\d.]+)/([\d.]+)/([\d.]+)/([\d.]+) ms", r.stdout)
    if not rtt:
        raise SystemExit("bench-net: ping got no replies:\n" + r.stdout + r.stderr)
    return [float(x) for x in rtt.groups()], float(loss.group(1))


def bench_udp(ns, size, seconds, window, timeout=0.2):
    """Echo datagrams of `size` bytes for `seconds` with `window` outstanding.
    Returns (echoed, lost, elapsed, mismatched)."""
    with ns.inside():
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind((LINUX, 0))
    s.setblocking(False)
    pad = os.urandom(max(0, size - 8))
    outstanding = {}            # seq -> send time
    seq = echoed = lost = bad = 0
    start = time.monotonic()
    end = start + seconds

    def send():
        nonlocal seq
        s.sendto(struct.pack("!Q", seq)[:size] + pad, (GUEST, 7))
        outstanding[seq] = time.monotonic()
        seq += 1

    # Warm-up: ARP and the first echo, outside the measurement.
    s.sendto(b"x" * size, (GUEST, 7))
    select.select([s], [], [], 3)
    try:
        s.recv(65536)
    except BlockingIOError:
        pass
    start = time.monotonic()
    end = start + seconds
    while time.monotonic() < end:
        while len(outstanding) < window:
            send()
        r, _, _ = select.select([s], [], [], timeout)
        now = time.monotonic()
        if not r:
            for k in [k for k, t in outstanding.items() if now - t > timeout]:
                del outstanding[k]
                lost += 1
            continue
        while True:
            try:
                data = s.recv(65536)
            except BlockingIOError:
                break
            n = struct.unpack("!Q", data[:8])[0] if len(data) >= 8 else -1
            if n in outstanding and data[8:] == pad:
                del outstanding[n]
                echoed += 1
            else:
                bad += 1
    elapsed = time.monotonic() - start
    s.close()
    return echoed, lost, elapsed, bad


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pings", type=int, default=50)
    ap.add_argument("--interval", type=float, default=0.05)
    ap.add_argument("--seconds", type=float, default=5.0)
    ap.add_argument("--window", type=int, default=16)
    ap.add_argument("--smp", type=int, default=2)
    args = ap.parse_args()

    import netns
    if not netns.have_netns():
        raise SystemExit("bench-net: needs root and /dev/net/tun (network namespaces, tap)")
    with tempfile.TemporaryDirectory() as work, netns.namespace("bn") as ns:
        ns.add_tap("tap0", LINUX + "/24")
        m = boot(ns, work, args.smp)
        try:
            (mn, avg, mx, mdev), loss = bench_ping(ns, args.pings, args.interval)
            rows = []
            for size in (64, 1400):
                echoed, lost, el, bad = bench_udp(ns, size, args.seconds, args.window)
                if echoed == 0:
                    raise SystemExit("bench-net: no UDP echo for %d-byte datagrams" % size)
                rows.append((size, echoed / el, echoed * size * 8 / el / 1e6, echoed, lost,
                             bad, el))
        finally:
            m.close()

    print()
    print("Sanpo network baseline: virtio-net over tap, QEMU TCG, -smp %d" % args.smp)
    print("%-26s %s" % ("measure", "result"))
    print("%-26s %s" % ("-" * 26, "-" * 50))
    print("%-26s %.3f / %.3f / %.3f ms (mdev %.3f), %d pings, %.1f%% loss"
          % ("ping rtt min/avg/max", mn, avg, mx, mdev, args.pings, loss))
    for size, pps, mbps, echoed, lost, bad, el in rows:
        print("%-26s %8.0f datagrams/s %8.2f Mbit/s payload (%d echoed, %d lost, "
              "%d bad, window %d, %.1f s)" % ("udp echo %d B" % size, pps, mbps, echoed,
                                               lost, bad, args.window, el))


if __name__ == "__main__":
    main()
