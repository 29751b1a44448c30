"""The network stack against QEMU's user-mode network (slirp): the guest gets
10.0.2.15 from QEMU's DHCP server through rc.conf's ifconfig_vtnet0="DHCP",
pings the gateway, and the shell tools (ifconfig, arp, route, netstat) show
and change the state.  One boot shared by the whole module."""
import re

import pytest

from guest import guest as booted
from kshell import resync, run

MAC = "52:54:00:12:34:56"


@pytest.fixture(scope="module")
def guest(tmp_path_factory):
    # The DHCP client runs in its own thread and may print after the
    # prompt: wait for its lease, then ask for a fresh prompt.
    with booted(tmp_path_factory.mktemp("net_user"), "net_user",
                'autoboot_delay="0"\nifconfig_vtnet0="DHCP"\n',
                ready=r"bound to 10\.0\.2\.15/24", extra=[
                    "-netdev", "user,id=n0,restrict=on",
                    "-device", "virtio-net-pci,netdev=n0,mac=" + MAC]) as m:
        resync(m)
        yield m


def test_dhcp_exchange_logged(guest):
    log = guest.output
    for step in ["DHCPDISCOVER", "DHCPOFFER of 10.0.2.15 from 10.0.2.2",
                 "DHCPREQUEST for 10.0.2.15", "DHCPACK from 10.0.2.2",
                 "Starting dhclient vtnet0"]:
        assert step in log, step
    assert log.index("DHCPDISCOVER") < log.index("DHCPOFFER") < log.index("DHCPACK")


def test_ping_gateway_three_replies(guest):
    out = run(guest, "ping -c 3 10.0.2.2")
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
    out = run(guest, "ifconfig vtnet0")
    assert re.search(r"vtnet0: flags=[0-9a-f]+<UP,BROADCAST,RUNNING[^>]*> metric 0 mtu 1500",
                     out), out
    assert "ether " + MAC in out
    assert "inet 10.0.2.15 netmask 0xffffff00 broadcast 10.0.2.255" in out
    assert re.search(r"dhcp: BOUND 10\.0\.2\.15 from 10\.0\.2\.2 lease \d+s renew in \d+s", out)
    pk = re.search(r"input: (\d+) packets", out)
    assert pk and int(pk.group(1)) >= 3, out


def test_routes_from_dhcp(guest):
    """The lease's prefix is a connected route.  QEMU's DHCP server in
    restrict=on mode sends no router option, so no default route appears
    (the Linux tests check defaultrouter and a DHCP router option)."""
    out = run(guest, "netstat -r")
    assert re.search(r"10\.0\.2\.0/24\s+link#1\s+U\w*\s+\d+\s+vtnet0", out), out
    assert "default" not in out and "0.0.0.0/0" not in out, out
    assert run(guest, "route show") == out


def test_arp_has_gateway(guest):
    out = run(guest, "arp -a")
    assert "10.0.2.2" in out


def test_route_add_delete(guest):
    out = run(guest, "route add -net 192.168.77.0/24 10.0.2.2")
    assert "add net 192.168.77.0/24: gateway 10.0.2.2" in out
    assert "192.168.77.0" in run(guest, "netstat -r")
    out = run(guest, "route add -net 192.168.77.0/24 10.0.2.2")
    assert "File exists" in out
    out = run(guest, "route delete -net 192.168.77.0/24")
    assert "delete net 192.168.77.0/24" in out
    assert "192.168.77.0" not in run(guest, "netstat -r")
    assert "not in table" in run(guest, "route delete -net 192.168.77.0/24")
    assert "bad or missing gateway" in run(guest, "route add -net 10.7.0.0/16 nowhere")


def test_unreachable_and_bad_args(guest):
    out = run(guest, "ping -c 1 -t 0 10.0.2.2")
    assert "bad option" in out
    assert "usage: ping" in run(guest, "ping")
    assert "only dotted-quad" in run(guest, "ping -c 1 gateway")
    assert "does not exist" in run(guest, "ifconfig vtnet9")
    assert "already running" in run(guest, "dhclient vtnet0")


def test_ping_large_needs_fragments(guest):
    out = run(guest, "ping -c 2 -s 3000 -i 0.2 10.0.2.2")
    assert "2 packets transmitted, 2 packets received" in out, out


def test_netstat_tables(guest):
    s = run(guest, "netstat -s")
    for proto in ["ip", "icmp", "udp", "arp"]:
        assert re.search(r"^%s:" % proto, s, re.M), proto
    assert "echo" in run(guest, "netstat -s -p icmp")
    assert "unknown protocol" in run(guest, "netstat -s -p tcp")
    m = run(guest, "netstat -m")
    assert "mbuf" in m
    i = run(guest, "netstat -i")
    assert re.search(r"vtnet0\s+1500\s+<Link#1>\s+" + MAC, i), i
    assert re.search(r"vtnet0\s+-\s+10\.0\.2\.0/24\s+10\.0\.2\.15", i), i


def test_ifconfig_set_second_address(guest):
    assert run(guest, "ifconfig vtnet0 inet 10.0.3.7/24") == ""
    out = run(guest, "ifconfig vtnet0")
    assert "inet 10.0.3.7 netmask 0xffffff00 broadcast 10.0.3.255" in out
    assert "address already in use" in run(guest, "ifconfig vtnet0 inet 10.0.3.7/24")
    assert "bad address" in run(guest, "ifconfig vtnet0 inet 10.0.3.300")
    assert "bad netmask" in run(guest, "ifconfig vtnet0 inet 10.0.4.1 netmask 255.0.255.0")


def test_ifconfig_down_then_up(guest):
    assert run(guest, "ifconfig vtnet0 down") == ""
    out = run(guest, "ifconfig vtnet0")
    assert re.search(r"vtnet0: flags=[0-9a-f]+<BROADCAST,", out), out
    out = run(guest, "ping -c 1 10.0.2.2")
    assert "1 packets transmitted, 0 packets received, 100.0% packet loss" in out, out
    assert "Network is down" in out
    assert run(guest, "ifconfig vtnet0 up") == ""
    out = run(guest, "ping -c 2 -i 0.2 10.0.2.2")
    assert "2 packets transmitted, 2 packets received" in out, out


def test_single_user_leaves_interfaces_unconfigured(image, machine):
    """boot -s: the shell's notice holds, rc-style configuration is skipped."""
    image.conf('autoboot_delay="0"\nboot_single="YES"\nifconfig_vtnet0="inet 10.0.2.15/24"\n')
    m = machine(image, extra=["-netdev", "user,id=n0,restrict=on",
                              "-device", "virtio-net-pci,netdev=n0"])
    m.expect(r"net: single-user mode: interfaces left unconfigured")
    m.expect(r"Single-user mode: no network services are started")
    m.expect(r"# $")
    m.line("ifconfig vtnet0", delay=0.001)
    m.expect(r"\n# $")
    assert "inet 10.0.2.15" not in m.p.before


def test_grouped_flags_as_freebsd(guest):
    """netstat -rn, netstat -sp ip, arp -an, ping -c3: flags combine and
    take attached arguments, as FreeBSD's getopt does."""
    assert run(guest, "netstat -rn") == run(guest, "netstat -r")
    labels = lambda out: re.sub(r"\d+", "N", out)
    assert labels(run(guest, "netstat -sp ip")) == labels(run(guest, "netstat -s -p ip"))
    expires = lambda out: re.sub(r"expires in \d+ seconds", "", out)
    assert expires(run(guest, "arp -an")) == expires(run(guest, "arp -a"))
    out = run(guest, "ping -c3 -i0.2 10.0.2.2")
    assert "3 packets transmitted, 3 packets received" in out, out
    assert "netstat: -p goes with -s" in run(guest, "netstat -p ip")
    assert "netstat: illegal option -- q" in run(guest, "netstat -q")
