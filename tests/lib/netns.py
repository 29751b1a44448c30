"""Linux network namespaces as real peers for boot tests (we run as root).

A Netns is a fresh namespace with its loopback up; add_tap() makes a tap
device QEMU attaches to (`-netdev tap,ifname=...` with QEMU started under
`ns.prefix`, see Machine(prefix=...)); add_veth_peer() links it to another
namespace through a bridge, so one QEMU with two NICs can route between two
Linux namespaces.  `with ns.inside():` moves the calling thread into the
namespace (setns), so sockets the test opens there (UDP, AF_PACKET) talk to
the guest.  close() kills what runs in the namespace and deletes it; it runs
even when the test fails (use the namespace() context manager or a fixture).
"""
import contextlib
import ctypes
import itertools
import os
import signal
import subprocess
import time

CLONE_NEWNET = 0x40000000
_seq = itertools.count()
_libc = ctypes.CDLL(None, use_errno=True)


def _run(*cmd, check=True, timeout=60):
    r = subprocess.run(list(cmd), capture_output=True, text=True, timeout=timeout)
    if check and r.returncode != 0:
        raise RuntimeError("%s: exit %d: %s" % (" ".join(cmd), r.returncode,
                                                 r.stderr.strip()))
    return r


def _setns(fd):
    if _libc.setns(fd, CLONE_NEWNET) != 0:
        e = ctypes.get_errno()
        raise OSError(e, "setns: " + os.strerror(e))


class Netns:
    def __init__(self, tag="t"):
        # Short: interface names derived from it must fit IFNAMSIZ (15).
        self.name = "sp%s%d_%d" % (tag, os.getpid() % 10000, next(_seq))
        _run("ip", "netns", "add", self.name)
        self.closed = False
        # IPv4 only: Linux would otherwise send IPv6 router solicitations and
        # MLD reports on every tap, which the guest rightly counts as an
        # unknown ethertype -- noise in tests that count exact drops.
        _run("ip", "netns", "exec", self.name, "sysctl", "-qw",
             "net.ipv6.conf.all.disable_ipv6=1", "net.ipv6.conf.default.disable_ipv6=1")
        self.ip("link", "set", "lo", "up")

    @property
    def prefix(self):
        """Command prefix that runs a program inside the namespace."""
        return ["ip", "netns", "exec", self.name]

    def run(self, *cmd, check=True, timeout=60):
        return _run(*self.prefix, *cmd, check=check, timeout=timeout)

    def ip(self, *args, check=True):
        return _run("ip", "-n", self.name, *args, check=check)

    def add_tap(self, tap, addr=None, multi_queue=False):
        """A tap device (for QEMU), up, with addr ("10.9.0.1/24") if given;
        multi_queue for QEMU's -netdev tap,queues=N (one fd per queue)."""
        self.ip("tuntap", "add", "dev", tap, "mode", "tap",
                *(["multi_queue"] if multi_queue else []))
        if addr:
            self.ip("addr", "add", addr, "dev", tap)
        self.ip("link", "set", tap, "up")

    def add_bridge(self, br, *ports):
        """A bridge enslaving ports (taps, veths) of this namespace."""
        self.ip("link", "add", br, "type", "bridge")
        for p in ports:
            self.ip("link", "set", p, "master", br)
        self.ip("link", "set", br, "up")

    def add_veth_peer(self, local, other, remote, addr=None):
        """A veth pair: `local` stays here (up), `remote` goes into `other`
        with addr."""
        self.ip("link", "add", local, "type", "veth", "peer", "name", remote,
                "netns", other.name)
        self.ip("link", "set", local, "up")
        if addr:
            other.ip("addr", "add", addr, "dev", remote)
        other.ip("link", "set", remote, "up")

    @contextlib.contextmanager
    def inside(self):
        """Run the block with this thread in the namespace (sockets made
        there stay there)."""
        back = os.open("/proc/thread-self/ns/net", os.O_RDONLY)
        target = os.open("/var/run/netns/" + self.name, os.O_RDONLY)
        try:
            _setns(target)
            yield self
        finally:
            _setns(back)
            os.close(back)
            os.close(target)

    def pids(self):
        r = _run("ip", "netns", "pids", self.name, check=False)
        return [int(p) for p in r.stdout.split()]

    def close(self):
        """Kill every process in the namespace, then delete it."""
        if self.closed:
            return
        self.closed = True
        for sig in (signal.SIGTERM, signal.SIGKILL):
            pids = self.pids()
            for p in pids:
                try:
                    os.kill(p, sig)
                except ProcessLookupError:
                    pass
            for _ in range(20):
                if not self.pids():
                    break
                time.sleep(0.1)
        _run("ip", "netns", "del", self.name, check=False)


@contextlib.contextmanager
def namespace(tag="t"):
    ns = Netns(tag)
    try:
        yield ns
    finally:
        ns.close()


def have_netns():
    """Whether this machine lets us create namespaces (root, iproute2)."""
    return os.geteuid() == 0 and os.path.exists("/dev/net/tun")
