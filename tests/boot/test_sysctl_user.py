"""sysctl(8), netstat(1) and kenv(1) as user programs over __sysctl(2) and
kenv(2) (Sanpo numbers, FreeBSD's semantics; include/sanpo/sysctl.h):
FreeBSD's output and messages, `sysctl -a` against /proc/sys (the same
oids through the other door), a write that changes the kernel's variable
and one refused to alice, forwarding switched for real (a packet sent in
on a second NIC, whose wire is a UDP socket of the test's, is refused
while net.inet.ip.forwarding is 0 and forwarded once it is 1),
descriptions, netstat's counters growing with
traffic from the host (UDP echo through a QEMU host forward), the route
and interface tables, the loader environment, and the system calls'
edges from a musl program (tests/user/sysctl_calls.c, with 20000 random
calls last).  One boot; the
guest's first NIC is on QEMU's user network (DHCP gives 10.0.2.15 and a
default route through 10.0.2.2)."""
import pathlib
import re
import socket
import sys

import pytest

from busybox import boot_userland, sh

MAC = "52:54:00:12:34:56"
MAC1 = "52:54:00:12:34:57"
WIRE_GUEST = "10.77.0.1"    # vtnet1, on the test's UDP wire
WIRE_PEER = "10.77.0.2"


def free_udp_port():
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def shell(tmp_path_factory):
    port, wire_host, wire_qemu = free_udp_port(), free_udp_port(), free_udp_port()
    m = boot_userland(tmp_path_factory.mktemp("sysctl_user"), "sysctl_user", smp=1,
                      conf='ifconfig_vtnet0="DHCP"\nifconfig_vtnet1="inet %s/24"\n' % WIRE_GUEST,
                      extra=[
                          "-netdev", "user,id=n0,hostfwd=udp:127.0.0.1:%d-:7" % port,
                          "-device", "virtio-net-pci,netdev=n0,mac=" + MAC,
                          # A second NIC whose wire is a UDP socket of the test's.
                          "-netdev", "socket,id=n1,udp=127.0.0.1:%d,localaddr=127.0.0.1:%d"
                          % (wire_host, wire_qemu),
                          "-device", "virtio-net-pci,netdev=n1,mac=" + MAC1])
    try:
        # /etc/rc's dhclient: "bound to 10.0.2.15 -- renewal in ... seconds."
        if not re.search(r"bound to 10\.0\.2\.15 ", m.output):
            m.expect(r"bound to 10\.0\.2\.15 ", timeout=60)
        sh(m, "true")       # a fresh prompt after the lease's messages
        m.echo_port = port
        m.wire = ("127.0.0.1", wire_qemu)
        yield m
    finally:
        m.close()


def csum(data):
    s = sum(int.from_bytes(data[i:i + 2], "big") for i in range(0, len(data) - 1, 2))
    if len(data) % 2:
        s += data[-1] << 8
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return (~s & 0xffff).to_bytes(2, "big")


def echo_frame(src, dst):
    """An Ethernet frame to vtnet1 holding an ICMP echo from src to dst."""
    icmp = b"\x08\x00\x00\x00\x12\x34\x00\x01" + b"sysctl forwarding"
    icmp = icmp[:2] + csum(icmp) + icmp[4:]
    ip = (b"\x45\x00" + (20 + len(icmp)).to_bytes(2, "big") + b"\x00\x01\x00\x00"
          b"\x40\x01\x00\x00" + socket.inet_aton(src) + socket.inet_aton(dst))
    ip = ip[:10] + csum(ip) + ip[12:]
    return bytes.fromhex(MAC1.replace(":", "")) + bytes.fromhex("020000000001") + \
        b"\x08\x00" + ip + icmp


def test_sysctl_prints_as_freebsd(shell):
    assert sh(shell, "sysctl kern.ostype") == "kern.ostype: Sanpo\n"
    assert sh(shell, "sysctl -n kern.ostype kern.osrelease") == \
        sh(shell, "cat /proc/sys/kern/ostype /proc/sys/kern/osrelease")
    assert sh(shell, "sysctl -e kern.ostype") == "kern.ostype=Sanpo\n"
    assert sh(shell, "sysctl -N kern.ostype") == "kern.ostype\n"
    assert sh(shell, "sysctl no.such.oid; echo rc=$?") == \
        "sysctl: unknown oid 'no.such.oid'\nrc=1\n"
    assert sh(shell, "sysctl kern.ostype=x; echo rc=$?") == \
        "sysctl: oid 'kern.ostype' is read only\nrc=1\n"
    # A node lists its leaves; an opaque structure only with -o.
    out = sh(shell, "sysctl net.inet.ip")
    assert re.search(r"^net\.inet\.ip\.ttl: 64$", out, re.M), out
    assert "net.inet.ip.stats" not in out, out
    assert re.match(r"net\.inet\.ip\.stats: Format:S,ipstat Length:\d+ Dump:0x[0-9a-f]{32}\.\.\.\n$",
                    sh(shell, "sysctl -o net.inet.ip.stats"))


def test_sysctl_a_is_the_proc_sys_tree(shell):
    """Every /proc/sys file is an oid `sysctl -aN` names, and `sysctl -a`
    prints all but the opaque ones (FreeBSD's -a skips them without -o)."""
    names = sh(shell, "sysctl -aN | sort")
    files = sh(shell, "find /proc/sys -type f | sed 's|^/proc/sys/||; s|/|.|g' | sort")
    assert names == files and len(names.split()) > 100, (names, files)
    opaque = int(sh(shell, "grep -l '^Format:S,' $(find /proc/sys -type f) | wc -l"))
    assert opaque >= 10
    # An oid's line starts "name: "; a multi-line value (hw.intrs,
    # dev.vtnet.queues) goes on in lines of its own.
    def printed(out):
        return [l.split(": ", 1)[0] for l in out.splitlines()
                if l.split(": ", 1)[0] in set(names.split())]
    out = sh(shell, "sysctl -a")
    assert len(printed(out)) == len(names.split()) - opaque, out
    assert len(printed(sh(shell, "sysctl -ao"))) == len(names.split())
    assert re.search(r"^kern\.ostype: Sanpo$", out, re.M), out
    assert re.search(r"^net\.inet\.ip\.forwarding: 0$", out, re.M), out
    # MIB order: FreeBSD's numbers put kern (1) before vm (2) and net (4).
    tops = [l.split(".")[0] for l in out.splitlines()]
    assert tops.index("kern") < tops.index("vm") < tops.index("net") < tops.index("hw")


def test_sysctl_W_and_f(shell):
    """-W lists what takes writes (the 0644 files of /proc/sys); -f reads
    sysctl.conf lines (comments, blanks, quotes) and names a bad line."""
    sh(shell, "S='s|^/proc/sys/||; s|/|.|g'")     # typed lines stay short
    assert sh(shell, "sysctl -aWN | sort") == \
        sh(shell, "find /proc/sys -type f -perm -200 | sed \"$S\" | sort")
    assert "net.inet.ip.forwarding: 0\n" in sh(shell, "sysctl -aW")
    sh(shell, "printf '# conf\\n\\n net.inet.ip.ttl = \"65\"\\n' > /tmp/s.conf")
    sh(shell, "printf 'kern.ostype=x\\nno.such=1\\n' >> /tmp/s.conf")
    assert sh(shell, "sysctl -f /tmp/s.conf; echo rc=$?") == \
        "net.inet.ip.ttl: 64 -> 65\n" \
        "sysctl: oid 'kern.ostype' is read only at line 4\n" \
        "sysctl: unknown oid 'no.such' at line 5\nrc=2\n"
    assert sh(shell, "sysctl net.inet.ip.ttl=64") == "net.inet.ip.ttl: 65 -> 64\n"


def test_sysctl_d_describes(shell):
    assert sh(shell, "sysctl -d net.inet.ip.forwarding") == \
        "net.inet.ip.forwarding: Enable IP forwarding between interfaces\n"
    out = sh(shell, "sysctl -d net.inet.udp")
    assert "net.inet.udp.stats: UDP statistics (struct udpstat, net/udp_var.h)\n" in out, out
    assert "net.inet.udp.recvspace: Maximum space for incoming UDP datagrams\n" in out, out


def test_forwarding_write_and_refusal(shell):
    assert sh(shell, "sysctl net.inet.ip.forwarding=1") == "net.inet.ip.forwarding: 0 -> 1\n"
    # The kernel's own variable (ip_input reads it for every packet not
    # ours), seen through the other door.
    assert sh(shell, "sysctl -n net.inet.ip.forwarding; cat /proc/sys/net/inet/ip/forwarding") == \
        "1\n1\n"
    # busybox sh runs its own applets by name: a script names the path.
    assert sh(shell, "su -c '/sbin/sysctl net.inet.ip.forwarding=0' alice; echo rc=$?") == \
        "net.inet.ip.forwarding: 1\n" \
        "sysctl: net.inet.ip.forwarding=0: Operation not permitted\nrc=1\n"
    assert sh(shell, "sysctl net.inet.ip.forwarding=2 2>&1 >/dev/null; echo rc=$?") == \
        "sysctl: net.inet.ip.forwarding=2: Invalid argument\nrc=1\n"
    assert sh(shell, "sysctl net.inet.ip.forwarding=on; echo rc=$?") == \
        "sysctl: invalid integer 'on'\nrc=1\n"
    assert sh(shell, "sysctl net.inet.ip.forwarding=0") == "net.inet.ip.forwarding: 1 -> 0\n"
    assert sh(shell, "cat /proc/sys/net/inet/ip/forwarding") == "0\n"


def test_kprof_from_user_space(shell):
    """The sampling profiler without the kernel shell: root starts and
    stops it with sysctl debug.kprof.running and reads /proc/kprof, whose
    samples add up per CPU and fall in the booted kernel's functions
    (tools/kprof.py names them); alice can do neither."""
    sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2] / "tools"))
    import kprof
    assert sh(shell, "sysctl debug.kprof.running=1") == "debug.kprof.running: 0 -> 1\n"
    assert "Device or resource busy" in sh(shell, "cat /proc/kprof 2>&1 | head -3")
    sh(shell, "i=0; while [ $i -lt 2000 ]; do i=$((i+1)); done; ls -R /proc >/dev/null 2>&1",
       timeout=180)
    assert sh(shell, "sysctl debug.kprof.running=0") == "debug.kprof.running: 1 -> 0\n"
    dump = sh(shell, "cat /proc/kprof", timeout=300)
    assert dump.endswith("kprof end\n"), dump[-300:]
    pcs, cpus = kprof.parse(dump)
    assert set(cpus) == {0}, cpus                       # smp=1
    samples, user, lost = cpus[0]
    assert samples > 0 and sum(pcs.values()) + user + lost == samples, (cpus, len(pcs))
    funcs = kprof.by_function(pcs, kprof.symbols(kprof.TOP / "build" / "kernel" / "kernel"))
    assert not [f for f in funcs if f.startswith("?")], funcs
    assert any(kprof.IDLE.search(f) for f in funcs), funcs    # the shell's waits
    # Root's only: the file is 0400 and the switch takes CAP_SYS_ADMIN.
    assert sh(shell, "ls -l /proc/kprof").startswith("-r-------- ")
    assert sh(shell, "su -c 'cat /proc/kprof' alice 2>&1") == \
        "cat: can't open '/proc/kprof': Permission denied\n"
    assert sh(shell, "su -c '/sbin/sysctl debug.kprof.running=1' alice 2>&1") == \
        "debug.kprof.running: 0\nsysctl: debug.kprof.running=1: Operation not permitted\n"
    assert sh(shell, "sysctl -n debug.kprof.running") == "0\n"


def test_forwarding_really_switches(shell):
    """A packet from the wire on vtnet1 for 10.0.2.2 (out through vtnet0):
    refused ("not forwardable") while net.inet.ip.forwarding is 0,
    forwarded once sysctl sets it."""
    def counts():
        out = sh(shell, "netstat -s -p ip")
        return counter(out, "packet%s forwarded"), counter(out, "packet%s not forwardable")

    def send(n):
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            for _ in range(n):
                s.sendto(echo_frame(WIRE_PEER, "10.0.2.2"), shell.wire)

    fwd0, cant0 = counts()
    send(2)
    sh(shell, "sleep 1")
    fwd1, cant1 = counts()
    assert (fwd1, cant1) == (fwd0, cant0 + 2)
    assert sh(shell, "sysctl net.inet.ip.forwarding=1") == "net.inet.ip.forwarding: 0 -> 1\n"
    try:
        send(1)
        sh(shell, "sleep 1")
        fwd2, cant2 = counts()
        assert (fwd2, cant2) == (fwd1 + 1, cant1)
        if fwd2 == 1:       # FreeBSD's singular
            assert "\t1 packet forwarded\n" in sh(shell, "netstat -s -p ip")
        send(2)
        sh(shell, "sleep 1")
        assert counts() == (fwd1 + 3, cant1)
    finally:
        sh(shell, "sysctl net.inet.ip.forwarding=0")


def counter(out, label):
    """The count before label; "%s" in it is FreeBSD's plural: "s" unless 1."""
    mm = re.search(r"^\t(\d+) " + "(s?)".join(map(re.escape, label.split("%s"))) + "$",
                   out, re.M)
    assert mm, (label, out)
    n = int(mm.group(1))
    assert all(g == ("" if n == 1 else "s") for g in mm.groups()[1:]), (label, out)
    return n


def test_netstat_s_counts_traffic(shell):
    ip0 = counter(sh(shell, "netstat -s -p ip"), "total packet%s received")
    udp0 = sh(shell, "netstat -s -p udp")
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.settimeout(10)
        for i in range(3):
            s.sendto(b"sysctl %d" % i, ("127.0.0.1", shell.echo_port))
            assert s.recvfrom(100)[0] == b"sysctl %d" % i
    ip1 = counter(sh(shell, "netstat -s -p ip"), "total packet%s received")
    udp1 = sh(shell, "netstat -s -p udp")
    assert ip1 >= ip0 + 3
    assert counter(udp1, "datagram%s echoed (port 7)") == \
        counter(udp0, "datagram%s echoed (port 7)") + 3
    assert counter(udp1, "datagram%s output") >= counter(udp0, "datagram%s output") + 3
    out = sh(shell, "netstat -s")
    for section in ("ether", "arp", "ip", "icmp", "udp", "esp", "ah", "ipsec"):
        assert re.search("^%s:$" % section, out, re.M), (section, out)
    # FreeBSD's wording for what FreeBSD counts.
    out = sh(shell, "netstat -s -p esp")
    assert counter(out, "possible replay packet%s detected") == 0
    assert counter(out, "packet%s dropped; bad authentication detected") == 0
    assert sh(shell, "netstat -s -p tcp; echo rc=$?") == \
        "netstat: tcp: unknown or uninstrumented protocol\nrc=1\n"


def test_netstat_tables(shell):
    out = sh(shell, "netstat -rn")
    assert out.startswith("Routing tables\n\nInternet:\nDestination"), out
    assert re.search(r"^default +10\.0\.2\.2 +UGS +\d+ vtnet0$", out, re.M), out
    assert re.search(r"^10\.0\.2\.0/24 +link#1 +UC +\d+ vtnet0$", out, re.M), out
    out = sh(shell, "netstat -i")
    assert re.search(r"^vtnet0 +1500 <Link#1> +%s +\d+ +0 +0 +\d+ +0 +0$" % MAC, out, re.M), out
    assert re.search(r"^vtnet0 +- 10\.0\.2\.0/24 +10\.0\.2\.15 *$", out, re.M), out
    out = sh(shell, "netstat -m")
    assert re.search(r"^\d+ mbufs in use \(\d+ allocated in total\)$", out, re.M), out


def test_kenv(shell):
    out = sh(shell, "kenv")
    for line in ('kernel="kernel"', 'ifconfig_vtnet0="DHCP"', 'autoboot_delay="0"'):
        assert line + "\n" in out, out
    assert sh(shell, "kenv kernel; kenv -v kernel") == 'kernel\nkernel="kernel"\n'
    assert sh(shell, "kenv sanpo.test=kumo; kenv sanpo.test") == 'sanpo.test="kumo"\nkumo\n'
    assert sh(shell, "kenv -u sanpo.test; kenv sanpo.test; echo rc=$?") == \
        "kenv: unable to get sanpo.test\nrc=1\n"
    assert sh(shell, "su -c '/bin/kenv sanpo.alice=1' alice; echo rc=$?") == \
        "kenv: unable to set sanpo.alice to 1: Operation not permitted\nrc=1\n"
    assert sh(shell, "su -c '/bin/kenv -u kernel' alice; kenv kernel") == \
        "kenv: unable to unset kernel: Operation not permitted\nkernel\n"


def test_kenv_space_is_reused(shell):
    """A variable set again and again, and a full environment emptied,
    leave room: the space of unset and replaced strings is reused.  (Each
    typed line stays short: a line the console wraps garbles its echo.)"""
    sh(shell, "kset() { kenv -q sanpo.$1=$2 >/dev/null; }")
    sh(shell, "kun() { kenv -u sanpo.$1; }")
    sh(shell, "i=0; while [ $i -lt 300 ] && kset loop $i; do i=$((i+1)); done")
    assert sh(shell, "kenv sanpo.loop; kun loop") == "299\n"
    fill = "i=0; while kset fill$i $v; do i=$((i+1)); done; echo $i"
    sh(shell, "v=$(printf '%0100d' 0)")
    n = int(sh(shell, fill, timeout=300))
    assert 100 < n < 200, n
    assert sh(shell, "kenv sanpo.more=$v 2>&1 | sed 's/to 0*:/to V:/'") == \
        "kenv: unable to set sanpo.more to V: Out of memory\n"
    unset = "j=0; while [ $j -lt $i ] && kun fill$j; do j=$((j+1)); done; echo $j"
    assert sh(shell, unset, timeout=300) == "%d\n" % n
    assert int(sh(shell, fill, timeout=300)) == n
    assert sh(shell, unset, timeout=300) == "%d\n" % n
    assert sh(shell, "kset more $v; echo rc=$?; kun more") == "rc=0\n"


CALLS = """\
name2oid kern.ostype: 0
kern.ostype: 1.1
name2oid net.inet.ip.forwarding: 0
net.inet.ip.forwarding: 4.2.0.1
name2oid no.such.oid: No such file or directory
name2oid kern.ostype.x: No such file or directory
name2oid bad name pointer: Bad address
name of 1.1: 0
name of 1.1: kern.ostype (12 bytes)
oidfmt of 1.1: 0
oidfmt of 1.1: type 3 rd 1 wr 0 "A"
description of 1.1: 1
first leaf: 0
first leaf: 1.1
walk ends with: No such file or directory, after more than 100 leaves: 1
{0,99}: No such file or directory
read kern.ostype: 0
kern.ostype: Sanpo (6 bytes)
size of kern.ostype: 0
size of kern.ostype: 6
kern.ostype in 3 bytes: Out of memory
kern.ostype in 3 bytes: "San" (3 bytes)
namelen 1: Invalid argument
namelen 25: Invalid argument
kern.99999: No such file or directory
net.inet (a node): Is a directory
kern.ostype.7: Not a directory
bad name pointer: Bad address
bad old pointer: Bad address
bad oldlen pointer: Bad address
write kern.ostype: Operation not permitted
write net.inet.ip.ttl short: Invalid argument
write net.inet.ip.ttl 0: Invalid argument
write net.inet.ip.ttl 300: Invalid argument
write net.inet.ip.ttl 65: old 64
write net.inet.ip.ttl 64: old 65
write bad new pointer: Bad address
read net.inet.ip.forwarding: 0
forwarding on: old 0
forwarding back: old 1
net.inet.ip.stats: 0
net.inet.ip.stats in 8 bytes: Out of memory
net.inet.ip.stats in 8 bytes: 8 bytes
kenv get kernel: kernel (7 bytes)
kenv get kernel in 3: 3
kenv get kernel in 3: "ker"
kenv get nosuch: No such file or directory
kenv get bad name: Bad address
kenv get bad value: Bad address
kenv set long name: Filename too long
kenv set empty name: Invalid argument
kenv set name with =: Invalid argument
kenv set: 0
kenv set again: 0
kenv get: 4
kenv get: two
kenv unset: 0
kenv unset again: No such file or directory
kenv action 99: Invalid argument
kenv dump size > 0: 1
kenv dump in 4: 1
userns write net.inet.ip.ttl: Operation not permitted
userns read net.inet.ip.ttl: 64
userns kenv set: Operation not permitted
userns kenv unset: Operation not permitted
userns kenv get kernel: 7
nobody write net.inet.ip.ttl: Operation not permitted
nobody read net.inet.ip.ttl: 64
nobody kenv set: Operation not permitted
nobody kenv unset: Operation not permitted
nobody kenv get kernel: 7
random calls: answered
rc=0
"""


def test_system_call_edges(shell):
    assert sh(shell, "/usr/tests/sanpo/sysctl_calls; echo rc=$?") == CALLS
