"""The network stack against QEMU's user-mode network (slirp): the guest gets
10.0.2.15 from QEMU's DHCP server through rc.conf's ifconfig_vtnet0="DHCP"
(/etc/rc runs the dhclient program), pings the gateway, and the programs
(ifconfig, arp, route, netstat, ping; FreeBSD's syntax and output) show and
change the state.  One boot of the user land, logged in as root, shared by
the whole module."""
import re

import pytest

from busybox import ROOTFS_CONF, sh
from guest import guest as booted

MAC = "52:54:00:12:34:56"
NET = ["-netdev", "user,id=n0,restrict=on", "-device", "virtio-net-pci,netdev=n0,mac=" + MAC]


@pytest.fixture(scope="module")
def guest(tmp_path_factory):
    # /etc/rc waits for dhclient to be bound before the login prompt.
    with booted(tmp_path_factory.mktemp("net_user"), "net_user",
                'autoboot_delay="0"\nifconfig_vtnet0="DHCP"\n', userland=True,
                extra=NET) as m:
        yield m


def run(m, cmd):
    return sh(m, cmd)


def test_dhcp_exchange_logged(guest):
    log = guest.output.replace("\r", "")
    for step in ["DHCPDISCOVER on vtnet0 to 255.255.255.255 port 67",
                 "DHCPOFFER from 10.0.2.2",
                 "DHCPREQUEST on vtnet0 to 255.255.255.255 port 67", "DHCPACK from 10.0.2.2",
                 "bound to 10.0.2.15 -- renewal in "]:
        assert step in log, step
    assert log.index("DHCPDISCOVER") < log.index("DHCPOFFER") < log.index("DHCPACK") < \
        log.index("bound to") < log.index("login:")


def test_ping_gateway_three_replies(guest):
    out = run(guest, "/sbin/ping -c 3 10.0.2.2")
    assert "PING 10.0.2.2 (10.0.2.2): 56 data bytes" in out
    seqs = re.findall(r"64 bytes from 10\.0\.2\.2: icmp_seq=(\d+) ttl=\d+ time=\d+\.\d{3} ms",
                      out)
    assert seqs == ["0", "1", "2"], out
    assert "--- 10.0.2.2 ping statistics ---" in out
    assert "3 packets transmitted, 3 packets received, 0.0% packet loss" in out
    m = re.search(r"round-trip min/avg/max/stddev = (\d+\.\d+)/(\d+\.\d+)/(\d+\.\d+)/"
                  r"(\d+\.\d+) ms", out)
    assert m, out
    mn, avg, mx, _ = map(float, m.groups())
    assert 0 <= mn <= avg <= mx    # the times themselves are figures (make bench-net)


def test_ifconfig_shows_lease(guest):
    out = run(guest, "/sbin/ifconfig vtnet0")
    assert re.search(r"vtnet0: flags=[0-9a-f]+<UP,BROADCAST,RUNNING[^>]*> metric 0 mtu 1500",
                     out), out
    assert "ether " + MAC in out
    assert "inet 10.0.2.15 netmask 0xffffff00 broadcast 10.0.2.255" in out
    # The lease is kept by dhclient, gone to the background (FreeBSD's).
    assert re.search(r"^\s*\d+ root\s+/sbin/dhclient vtnet0$", run(guest, "ps"), re.M)
    # The packet counters are netstat -i's (FreeBSD's ifconfig has none).
    pk = re.search(r"^vtnet0\s+1500\s+<Link#1>\s+\S+\s+(\d+)", run(guest, "/usr/bin/netstat -i"),
                   re.M)
    assert pk and int(pk.group(1)) >= 3, pk


def test_routes_from_dhcp(guest):
    """The lease's prefix is a connected route.  QEMU's DHCP server in
    restrict=on mode sends no router option, so no default route appears
    (the Linux tests check defaultrouter and a DHCP router option)."""
    out = run(guest, "/usr/bin/netstat -r")
    assert re.search(r"10\.0\.2\.0/24\s+link#1\s+U\w*\s+\d+\s+vtnet0", out), out
    assert "default" not in out and "0.0.0.0/0" not in out, out
    show = run(guest, "/sbin/route show")
    assert re.search(r"10\.0\.2\.0/24\s+link#1\s+U\w*\s+vtnet0", show), show
    assert "default" not in show, show


def test_arp_has_gateway(guest):
    out = run(guest, "/usr/sbin/arp -a")
    assert "? (10.0.2.2) at 52:55:0a:00:02:02 on vtnet0 expires in" in out, out


def test_route_add_delete(guest):
    out = run(guest, "/sbin/route add -net 192.168.77.0/24 10.0.2.2")
    assert "add net 192.168.77.0/24: gateway 10.0.2.2" in out
    assert "192.168.77.0" in run(guest, "/usr/bin/netstat -r")
    out = run(guest, "/sbin/route add -net 192.168.77.0/24 10.0.2.2")
    assert "File exists" in out and "route already in table" in out, out
    out = run(guest, "/sbin/route delete -net 192.168.77.0/24")
    assert "delete net 192.168.77.0/24" in out
    assert "192.168.77.0" not in run(guest, "/usr/bin/netstat -r")
    assert "not in table" in run(guest, "/sbin/route delete -net 192.168.77.0/24")
    assert "bad address" in run(guest, "/sbin/route add -net 10.7.0.0/16 nowhere")


def test_unreachable_and_bad_args(guest):
    out = run(guest, "/sbin/ping -c 1 -t 0 10.0.2.2; echo status $?")
    assert "ping: invalid -t value" in out and "status 64" in out, out
    assert "usage: ping" in run(guest, "/sbin/ping")
    assert "cannot resolve gateway: Unknown host" in run(guest, "/sbin/ping -c 1 gateway")
    assert "does not exist" in run(guest, "/sbin/ifconfig vtnet9")
    out = run(guest, "/sbin/dhclient vtnet0; echo status $?")
    assert re.search(r"dhclient already running, pid: \d+\.\nstatus 1", out), out


def test_ping_large_needs_fragments(guest):
    out = run(guest, "/sbin/ping -c 2 -s 3000 -i 0.2 10.0.2.2")
    assert "3008 bytes from 10.0.2.2" in out, out
    assert "2 packets transmitted, 2 packets received" in out, out


def test_netstat_tables(guest):
    s = run(guest, "/usr/bin/netstat -s")
    for proto in ["ip", "icmp", "udp", "arp"]:
        assert re.search(r"^%s:" % proto, s, re.M), proto
    assert "echo" in run(guest, "/usr/bin/netstat -s -p icmp")
    assert "unknown or uninstrumented protocol" in run(guest, "/usr/bin/netstat -s -p tcp")
    m = run(guest, "/usr/bin/netstat -m")
    assert "mbufs in use" in m
    i = run(guest, "/usr/bin/netstat -i")
    assert re.search(r"vtnet0\s+1500\s+<Link#1>\s+" + MAC, i), i
    assert re.search(r"vtnet0\s+-\s+10\.0\.2\.0/24\s+10\.0\.2\.15", i), i


def test_ifconfig_set_second_address(guest):
    assert run(guest, "/sbin/ifconfig vtnet0 inet 10.0.3.7/24 alias") == ""
    out = run(guest, "/sbin/ifconfig vtnet0")
    assert "inet 10.0.3.7 netmask 0xffffff00 broadcast 10.0.3.255" in out
    # The same alias again only sets it again (FreeBSD's SIOCAIFADDR): one entry.
    assert run(guest, "/sbin/ifconfig vtnet0 inet 10.0.3.7/24 alias") == ""
    assert run(guest, "/sbin/ifconfig vtnet0").count("inet 10.0.3.7 ") == 1
    assert "10.0.3.300: bad value" in run(guest, "/sbin/ifconfig vtnet0 inet 10.0.3.300")
    assert "255.0.255.0: bad value" in \
        run(guest, "/sbin/ifconfig vtnet0 inet 10.0.4.1 netmask 255.0.255.0")
    assert "10.0.4.1" not in run(guest, "/sbin/ifconfig vtnet0")
    assert run(guest, "/sbin/ifconfig vtnet0 inet 10.0.3.7 -alias") == ""


def test_ifconfig_down_then_up(guest):
    assert run(guest, "/sbin/ifconfig vtnet0 down") == ""
    out = run(guest, "/sbin/ifconfig vtnet0")
    assert re.search(r"vtnet0: flags=[0-9a-f]+<BROADCAST,", out), out
    out = run(guest, "/sbin/ping -c 1 10.0.2.2")
    assert "1 packets transmitted, 0 packets received, 100.0% packet loss" in out, out
    assert "ping: sendto: Network is down" in out
    assert run(guest, "/sbin/ifconfig vtnet0 up") == ""
    out = run(guest, "/sbin/ping -c 2 -i 0.2 10.0.2.2")
    assert "2 packets transmitted, 2 packets received" in out, out


def test_single_user_leaves_interfaces_unconfigured(image, machine):
    """boot -s: init's root shell comes before /etc/rc, so nothing has
    configured the interface yet (and the kernel does not)."""
    image.conf('autoboot_delay="0"\nboot_single="YES"\nifconfig_vtnet0="inet 10.0.2.15/24"\n' +
               ROOTFS_CONF, kshell=False)
    m = machine(image, extra=NET)
    m.expect(r"init: single-user mode", timeout=120)
    m.expect(r"# (?:\x1b\[6n)?$", timeout=60)
    assert "Starting Network" not in m.output
    m.line("/sbin/ifconfig vtnet0", delay=0)
    m.expect(r"status: \w+", timeout=60)
    m.expect(r"# (?:\x1b\[6n)?$", timeout=60)
    out = m.output.split("/sbin/ifconfig vtnet0", 1)[1]
    assert "vtnet0: flags=" in out and "inet 10.0.2.15" not in out, out


def test_grouped_flags_as_freebsd(guest):
    """netstat -rn, netstat -sp ip, arp -an, ping -c3: flags combine and
    take attached arguments, as FreeBSD's getopt does."""
    use = lambda out: re.sub(r"\s\d+\s+vtnet0", " N vtnet0", out)
    assert use(run(guest, "/usr/bin/netstat -rn")) == use(run(guest, "/usr/bin/netstat -r"))
    labels = lambda out: re.sub(r"\d+", "N", out)
    assert labels(run(guest, "/usr/bin/netstat -sp ip")) == \
        labels(run(guest, "/usr/bin/netstat -s -p ip"))
    expires = lambda out: re.sub(r"expires in \d+ seconds", "", out)
    assert expires(run(guest, "/usr/sbin/arp -an")) == expires(run(guest, "/usr/sbin/arp -a"))
    out = run(guest, "/sbin/ping -c3 -i0.2 10.0.2.2")
    assert "3 packets transmitted, 3 packets received" in out, out
    assert "usage: netstat" in run(guest, "/usr/bin/netstat -p ip")
    out = run(guest, "/usr/bin/netstat -q")
    assert "netstat: illegal option -- q" in out and "usage: netstat" in out, out
    # FreeBSD's getopt wording (user/lib/getopt), not musl's, whatever path ran it.
    out = run(guest, "/sbin/ping -c")
    assert "ping: option requires an argument -- c" in out and "usage: ping" in out, out
