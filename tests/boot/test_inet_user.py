"""AF_INET sockets from user space, at the busybox prompt of the image's
own start-up: the FreeBSD ping program (/sbin/ping) and busybox's ping and
nslookup, unmodified, over raw ICMP and UDP sockets -- against a Linux peer on a
tap in a network namespace of the test's own (10.9.4.1 Linux, 10.9.4.2
the guest), and against QEMU's user network (its gateway 10.0.2.2 answers
pings).  As alice (no CAP_NET_RAW) a raw socket is EPERM and a ping socket
EACCES (ping_group_range "1 0"), so both pings refuse."""
import re
import subprocess

import pytest

import netns
from busybox import PROMPT, ROOTFS_CONF, login, sh
from qemu import Image, Machine

GUEST = "10.9.4.2"
LINUX = "10.9.4.1"
MAC = "52:54:00:12:34:64"
STATS = re.compile(r"round-trip min/avg/max/stddev = (\d+\.\d{3})/(\d+\.\d{3})/(\d+\.\d{3})/"
                   r"(\d+\.\d{3}) ms")


def boot(tmp, name, conf, extra, prefix=()):
    img = Image(tmp)
    img.conf('autoboot_delay="0"\nbeastie_disable="YES"\n' + ROOTFS_CONF + conf, kshell=False)
    m = Machine(img, name=name, smp=2, timeout=180, extra=extra, prefix=prefix)
    try:
        login(m)
    except AssertionError:
        m.close()
        raise
    return m


@pytest.fixture(scope="module")
def peer(tmp_path_factory):
    """(namespace, machine): the guest on a tap, Linux at the other end."""
    if not netns.have_netns():
        pytest.skip("needs root and /dev/net/tun")
    with netns.namespace("i") as ns:
        ns.add_tap("tap0", LINUX + "/24")
        # 10.5/16 bounces between the two: Linux, forwarding, answers TTL 1
        # with a time exceeded.
        ns.run("sysctl", "-qw", "net.ipv4.ip_forward=1")
        ns.ip("route", "add", "10.5.0.0/16", "via", GUEST)
        conf = ('ifconfig_vtnet0="inet %s netmask 255.255.255.0"\n'
                'static_routes="far"\nroute_far="-net 10.5.0.0/16 %s"\n' % (GUEST, LINUX))
        m = boot(tmp_path_factory.mktemp("inet_user"), "inet_user", conf,
                 ["-netdev", "tap,id=n0,ifname=tap0,script=no,downscript=no",
                  "-device", "virtio-net-pci,netdev=n0,mac=" + MAC], prefix=ns.prefix)
        try:
            yield ns, m
        finally:
            m.close()


def test_freebsd_ping_output(peer):
    _, m = peer
    out = sh(m, "/sbin/ping -c 3 -i 0.2 %s; echo status $?" % LINUX)
    lines = out.splitlines()
    assert lines[0] == "PING %s (%s): 56 data bytes" % (LINUX, LINUX), out
    seqs = re.findall(r"^64 bytes from 10\.9\.4\.1: icmp_seq=(\d+) ttl=64 time=\d+\.\d{3} ms$",
                      out, re.M)
    assert seqs == ["0", "1", "2"], out
    i = lines.index("--- %s ping statistics ---" % LINUX)
    assert lines[i - 1] == "", out            # FreeBSD's blank line before the summary
    assert lines[i + 1] == "3 packets transmitted, 3 packets received, 0.0% packet loss"
    st = STATS.fullmatch(lines[i + 2])
    assert st, out
    mn, avg, mx, _ = map(float, st.groups())
    assert 0 <= mn <= avg <= mx
    assert lines[-1] == "status 0"


def test_freebsd_ping_size_ttl_and_short_data(peer):
    _, m = peer
    out = sh(m, "/sbin/ping -c 1 -s 3000 -m 5 %s" % LINUX)   # fragmented both ways
    assert "PING %s (%s): 3000 data bytes" % (LINUX, LINUX) in out
    assert re.search(r"^3008 bytes from 10\.9\.4\.1: icmp_seq=0 ttl=64 time=", out, re.M), out
    out = sh(m, "/sbin/ping -c 1 -s 4 %s" % LINUX)             # no room for a time stamp
    assert re.search(r"^12 bytes from 10\.9\.4\.1: icmp_seq=0 ttl=64$", out, re.M), out
    assert "round-trip" not in out


def test_freebsd_ping_once_from_a_source(peer):
    _, m = peer
    out = sh(m, "/sbin/ping -o -S %s -i 0.2 %s; echo status $?" % (GUEST, LINUX))
    assert "1 packets transmitted, 1 packets received, 0.0% packet loss" in out, out
    assert out.splitlines()[-1] == "status 0"
    out = sh(m, "/sbin/ping -c 1 -S 10.9.9.9 %s; echo status $?" % LINUX)
    assert "ping: bind: Address not available" in out, out
    assert out.splitlines()[-1] == "status 1"


def test_freebsd_ping_until_interrupted(peer):
    _, m = peer
    m.line("/sbin/ping -i 0.2 " + LINUX)
    m.expect(r"icmp_seq=2 ")
    m.type("\x03")
    m.expect(PROMPT)
    out = m.p.before.replace("\r", "")
    assert "--- %s ping statistics ---" % LINUX in out, out
    assert re.search(r"(\d+) packets transmitted, (\d+) packets received", out), out
    assert sh(m, "echo status $?") == "status 0\n"


def test_freebsd_ping_timeout_and_no_answer(peer):
    _, m = peer
    # -t ends a ping that gets no answer (10.9.4.77 is nobody) with status 2.
    out = sh(m, "/sbin/ping -t 2 -i 0.5 10.9.4.77; echo status $?")
    assert "--- 10.9.4.77 ping statistics ---" in out
    assert re.search(r"\d+ packets transmitted, 0 packets received, 100\.0% packet loss", out)
    assert "round-trip" not in out
    assert out.splitlines()[-1] == "status 2", out


def test_freebsd_ping_reports_time_exceeded(peer):
    _, m = peer
    out = sh(m, "/sbin/ping -c 1 -m 1 -t 3 10.5.0.1; echo status $?")
    lines = out.splitlines()
    i = lines.index("92 bytes from %s: Time to live exceeded" % LINUX)
    assert lines[i + 1] == "Vr HL TOS  Len   ID Flg  off TTL Pro  cks      Src      Dst", out
    assert re.fullmatch(r" 4  5  00 0054 [0-9a-f]{4}   0 0000  01  01 [0-9a-f]{4} "
                        r"10\.9\.4\.2  10\.5\.0\.1 ", lines[i + 2]), out
    assert "1 packets transmitted, 0 packets received, 100.0% packet loss" in out
    assert lines[-1] == "status 2"


def test_busybox_ping_linux(peer):
    _, m = peer
    out = sh(m, "busybox ping -c 3 %s; echo status $?" % LINUX)
    assert len(re.findall(r"64 bytes from 10\.9\.4\.1: seq=\d ttl=64 time=", out)) == 3, out
    assert "3 packets transmitted, 3 packets received, 0% packet loss" in out
    assert out.splitlines()[-1] == "status 0"


def test_linux_pings_guest_while_a_raw_socket_listens(peer):
    ns, m = peer
    m.line("/sbin/ping -c 1 -W 100 -i 5 10.9.4.77 > /dev/null &")
    r = ns.run("ping", "-c", "2", "-i", "0.2", "-W", "3", GUEST, check=False)
    assert "2 received" in r.stdout, r.stdout + r.stderr
    sh(m, "wait")


# A DNS server for one name, in the namespace: busybox's nslookup is its
# UDP client (Debian's busybox nc has no -u).
DNS_SERVER = """
import socket
from scapy.all import DNS, DNSRR
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("%s", 53)); s.settimeout(60)
print("listening", flush=True)          # scapy's import takes seconds
for _ in range(2):                      # the A and the AAAA query
    d, a = s.recvfrom(2000)
    q = DNS(d)
    an = DNSRR(rrname=q.qd.qname, type="A", ttl=60, rdata="10.9.4.99") \\
        if q.qd.qtype == 1 else None
    s.sendto(bytes(DNS(id=q.id, qr=1, aa=1, rd=q.rd, ra=1, qd=q.qd, an=an)), a)
    print(a[0], q.qd.qname.decode(), q.qd.qtype, flush=True)
""" % LINUX


def test_busybox_nslookup_over_udp(peer):
    ns, m = peer
    server = subprocess.Popen([*ns.prefix, "/usr/bin/python3", "-c", DNS_SERVER],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        # The query goes once the server listens: a datagram sent before
        # would get a port unreachable (ECONNREFUSED), not an answer.
        assert server.stdout.readline() == "listening\n", server.stderr.read()
        out = sh(m, "nslookup lab.sanpo %s; echo status $?" % LINUX)
        assert re.search(r"Name:\s+lab\.sanpo\s+Address:\s+10\.9\.4\.99", out), out
        assert out.splitlines()[-1] == "status 0", out
        got, err = server.communicate(timeout=30)
        queries = sorted(ln.split() for ln in got.splitlines())
        assert [q[0] for q in queries] == [GUEST, GUEST], got + err
        assert {q[2] for q in queries} == {"1", "28"}
    finally:
        server.kill()


def test_alice_gets_no_raw_socket(peer):
    _, m = peer
    out = sh(m, "su -c '/sbin/ping -c 1 %s; echo status $?' alice" % LINUX)
    assert "ping: socket: Operation not permitted" in out, out
    assert out.splitlines()[-1] == "status 71"
    # Root in a user namespace of her own is not root over the network.
    out = sh(m, "su -c 'unshare -U -r /sbin/ping -c 1 %s; echo status $?' alice" % LINUX)
    assert "ping: socket: Operation not permitted" in out, out
    assert out.splitlines()[-1] == "status 71"
    # busybox tries a raw socket (EPERM), then a ping socket (EACCES).
    out = sh(m, "su -c 'busybox ping -c 1 %s; echo status $?' alice" % LINUX)
    assert "permission denied" in out.lower(), out
    assert out.splitlines()[-1] == "status 1"


@pytest.fixture(scope="module")
def usernet(tmp_path_factory):
    conf = 'ifconfig_vtnet0="DHCP"\n'
    m = boot(tmp_path_factory.mktemp("inet_usernet"), "inet_usernet", conf,
             ["-netdev", "user,id=n0,restrict=on",
              "-device", "virtio-net-pci,netdev=n0,mac=52:54:00:12:34:65"])
    try:
        if "bound to 10.0.2.15" not in m.output:
            m.expect(r"bound to 10\.0\.2\.15", timeout=60)
            sh(m, "")
        yield m
    finally:
        m.close()


def test_busybox_ping_qemu_gateway(usernet):
    out = sh(usernet, "busybox ping -c 3 10.0.2.2; echo status $?")
    assert len(re.findall(r"bytes from 10\.0\.2\.2: seq=\d ttl=\d+ time=", out)) == 3, out
    assert "3 packets transmitted, 3 packets received, 0% packet loss" in out
    assert out.splitlines()[-1] == "status 0"


def test_freebsd_ping_qemu_gateway(usernet):
    out = sh(usernet, "/sbin/ping -c 2 -i 0.3 10.0.2.2")
    assert len(re.findall(r"^64 bytes from 10\.0\.2\.2: icmp_seq=\d ttl=\d+ time=\d+\.\d{3} ms$",
                          out, re.M)) == 2, out
    assert "2 packets transmitted, 2 packets received, 0.0% packet loss" in out


def test_busybox_traceroute(peer):
    """busybox traceroute: UDP probes with IP_TTL, Linux's port unreachable
    read back on a raw ICMP socket; and with -I, ICMP echo probes."""
    _, m = peer
    for opt in ("", "-I "):
        out = sh(m, "traceroute -n -q 1 -w 2 %s%s; echo status $?" % (opt, LINUX))
        assert re.search(r"^traceroute to 10\.9\.4\.1 \(10\.9\.4\.1\), 30 hops max", out, re.M), out
        assert re.search(r"^ 1  10\.9\.4\.1  \d+\.\d+ ms$", out, re.M), out
        assert out.splitlines()[-1] == "status 0", out
