"""The sysctl tree (kernel/kern/subr_sysctl_tree.c) on the host: the flat
set of dotted names as FreeBSD's numbered MIB.  A Python model numbers
the same names (FreeBSD's numbers for the well-known components, the rest
from 0x100 in name order among siblings) and the driver
(sysctl_tree_check.c) must agree: every leaf walked once in MIB order
through CTL_SYSCTL_NEXT's rule, name -> MIB -> name round trips, a node's
next is its first leaf, a MIB past a leaf is ENOTDIR, an unknown one
ENOENT, and node storage one short is refused rather than overrun."""
import random
import subprocess

import pytest

import hostbuild

FIXED = {"kern": 1, "vm": 2, "vfs": 3, "net": 4, "debug": 5, "hw": 6, "machdep": 7,
         "user": 8, "kern.ostype": 1, "kern.osrelease": 2, "kern.version": 4,
         "kern.maxproc": 6, "kern.hostname": 10, "kern.boottime": 21, "hw.model": 2,
         "hw.ncpu": 3, "hw.physmem": 5, "hw.usermem": 6, "net.inet": 2, "net.route": 17,
         "net.link": 18, "net.inet.ip": 0, "net.inet.icmp": 1, "net.inet.udp": 17,
         "net.inet.ip.forwarding": 1, "net.inet.ip.ttl": 3, "net.inet.ip.stats": 12,
         "net.inet.icmp.stats": 2, "net.inet.icmp.icmplim": 3, "net.inet.udp.stats": 2,
         "net.inet.udp.recvspace": 4}

NAMES = ["kern.ostype", "kern.osrelease", "kern.hostname", "kern.smp.cpus", "kern.smp.active",
         "kern.crypto.aesni.aes", "kern.crypto.direct", "hw.ncpu", "hw.fpu", "vm.kstacks",
         "vm.stats.page.user", "net.inet.ip.forwarding", "net.inet.ip.ttl",
         "net.inet.ip.stats", "net.inet.udp.stats", "net.inet.udp.recvqlen",
         "net.inet.ipsec.crypto_workers", "net.route.table", "net.link.iflist",
         "debug.witness.orders", "compat.linux.osrelease", "dev.vtnet.count",
         # a leaf that is also a node, and deep names
         "dev.vtnet", "a.b.c.d.e.f.g", "a.b.x", "a.a"]


def model(names):
    """{name: mib} of every leaf and node, numbered as the kernel does."""
    children = {}
    for n in names:
        parts = n.split(".")
        for i in range(len(parts)):
            children.setdefault(".".join(parts[:i]), set()).add(".".join(parts[:i + 1]))
    mib = {"": ()}

    def number(parent):
        auto = 0x100
        for c in sorted(children.get(parent, ()), key=lambda p: p.split(".")[-1].encode()):
            if c in FIXED:
                mib[c] = mib[parent] + (FIXED[c],)
            else:
                mib[c] = mib[parent] + (auto,)
                auto += 1
            number(c)
    number("")
    del mib[""]
    return mib


def dotted(m):
    return ".".join(map(str, m))


@pytest.fixture(scope="module")
def prog():
    return hostbuild.link_units(hostbuild.BUILD, "sysctl_tree_check", [
        ("kernel/kern/subr_sysctl_tree.c", hostbuild.kernel_flags("gcc")),
        ("tests/host/kernel/sysctl/sysctl_tree_check.c", hostbuild.host_flags()),
    ])


def drive(prog, tmp_path, names, commands):
    f = tmp_path / "names"
    f.write_text("".join(n + "\n" for n in names))
    r = subprocess.run([str(prog), str(f)], input="".join(c + "\n" for c in commands),
                       capture_output=True, text=True, env=hostbuild.SAN_ENV, timeout=120)
    assert r.returncode == 0, r.stderr
    return r.stdout.splitlines()


def test_walk_lookup_find_agree_with_the_model(prog, tmp_path):
    mib = model(NAMES)
    leaves = sorted((mib[n], n) for n in NAMES)
    cmds = ["walk"] + ["lookup " + n for n in NAMES] + \
        ["find " + dotted(mib[n]) for n in NAMES]
    out = drive(prog, tmp_path, NAMES, cmds)
    walk = ["%s %s" % (dotted(m), n) for m, n in leaves] + ["end"]
    assert out[:len(walk)] == walk
    rest = out[len(walk):]
    assert rest == ["%s %s" % (dotted(mib[n]), n) for n in NAMES] * 2
    # FreeBSD's numbers where it has them.
    assert mib["kern.ostype"] == (1, 1) and mib["net.inet.ip.forwarding"] == (4, 2, 0, 1)
    # The others from 0x100 in name order: "a" then "compat" at the top.
    assert mib["a.a"] == (0x100, 0x100) and mib["compat.linux.osrelease"] == (0x101, 0x100, 0x100)


def test_next_find_and_errors(prog, tmp_path):
    mib = model(NAMES)
    cmds = ["next 4",                       # a node: its first leaf
            "next 4.2.0.1",                 # a leaf: the one after
            "next 1.9999",                  # nothing there: the next one numbered above
            "next " + dotted(max(mib[n] for n in NAMES)),   # the last leaf: end
            "find 1.1.7",                   # past a leaf
            "find 1.9999", "find 77",
            "find 4.2",                     # a node names itself
            "lookup kern", "lookup kern.", "lookup .kern", "lookup kern..ostype",
            "lookup no.such", "lookup kern.ostype.x",
            "small"]
    out = drive(prog, tmp_path, NAMES, cmds)
    first_net = min((mib[n], n) for n in NAMES if n.startswith("net."))
    after_fwd = min((mib[n], n) for n in NAMES if mib[n] > (4, 2, 0, 1))
    after_kern = min((mib[n], n) for n in NAMES if mib[n] > (1, 9999))
    assert out == ["%s %s" % (dotted(first_net[0]), first_net[1]),
                   "%s %s" % (dotted(after_fwd[0]), after_fwd[1]),
                   "%s %s" % (dotted(after_kern[0]), after_kern[1]),
                   "end",
                   "ENOTDIR", "ENOENT", "ENOENT",
                   "4.2 net.inet",
                   "1 kern", "ENOENT", "ENOENT", "ENOENT", "ENOENT", "ENOENT",
                   "built refused"]


def test_random_sets_walk_in_order(prog, tmp_path):
    """Random names (shared prefixes, leaves that are nodes too): the walk
    is the model's MIB order, each leaf once."""
    rnd = random.Random(7)
    words = ["kern", "net", "inet", "ip", "a", "b", "stats", "x1", "zz", "hw", "ttl"]
    names = sorted({".".join(rnd.choice(words) for _ in range(rnd.randint(1, 5)))
                    for _ in range(300)})
    mib = model(names)
    out = drive(prog, tmp_path, names, ["walk"])
    assert out == ["%s %s" % (dotted(m), n) for m, n in sorted((mib[n], n) for n in names)] + \
        ["end"]
