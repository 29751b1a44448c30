"""The loopback interface lo0 (net/if_loop.c): the kernel attaches it after
the NICs with 127.0.0.1/8, every tool that lists interfaces shows it as
FreeBSD's (or, for Linux's interfaces, as Linux's lo), every packet to
127/8 goes out and comes back in through it (its counters move, and
IP_PKTINFO names it), `ifconfig lo0 down` makes 127/8 unreachable until
`up`, only root may do that, and dhclient will not touch it.  One boot
on QEMU's user network, rc.conf configuring vtnet0 only."""
import re

import pytest

from busybox import boot_userland, sh

MAC = "52:54:00:12:34:56"
CONF = 'ifconfig_vtnet0="inet 10.0.2.15/24"\n'
LO0 = ("lo0: flags=8049<UP,LOOPBACK,RUNNING,MULTICAST> metric 0 mtu 16384\n"
       "\tinet 127.0.0.1 netmask 0xff000000\n")


@pytest.fixture(scope="module")
def shell(tmp_path_factory):
    m = boot_userland(tmp_path_factory.mktemp("lo0"), "lo0", smp=1, conf=CONF,
                      extra=["-netdev", "user,id=n0,restrict=on",
                             "-device", "virtio-net-pci,netdev=n0,mac=" + MAC])
    yield m
    m.close()


def lo0_counters(shell):
    """lo0's netstat -i link line: (Ipkts, Ierrs, Idrop, Opkts, Oerrs, Odrop)."""
    out = sh(shell, "netstat -i")
    m = re.search(r"^lo0 +16384 <Link#2> +lo0 +(\d+) +(\d+) +(\d+) +(\d+) +(\d+) +(\d+)$",
                  out, re.M)
    assert m, out
    return tuple(int(x) for x in m.groups())


def test_rc_leaves_lo0_alone(shell):
    out = shell.output.replace("\r", "")
    assert "Starting Network: vtnet0.\n" in out
    assert "lo0 failed" not in out and "dhclient" not in out


def test_ifconfig_lists_lo0_after_the_nic(shell):
    assert sh(shell, "ifconfig -l") == "vtnet0 lo0\n"
    assert sh(shell, "ifconfig lo0") == LO0
    out = sh(shell, "ifconfig")
    assert out == sh(shell, "ifconfig -a")
    assert out == sh(shell, "ifconfig vtnet0") + LO0, out


def test_netstat_and_route_show_lo0(shell):
    out = sh(shell, "netstat -i")
    assert re.search(r"^lo0 +16384 <Link#2> +lo0 +\d+ +0 +0 +\d+ +0 +0\n"
                     r"lo0 +- +127\.0\.0\.0/8 +127\.0\.0\.1 *$", out, re.M), out
    # FreeBSD's host route for a loopback address; no 127/8 network route.
    out = sh(shell, "route show")
    assert re.search(r"^127\.0\.0\.1 +link#2 +UH +lo0$", out, re.M), out
    assert "127.0.0.0" not in out
    assert re.search(r"^127\.0\.0\.1 +link#2 +UHC +\d+ lo0$", sh(shell, "netstat -rn"), re.M)


def test_linux_views_of_lo0(shell):
    """busybox ifconfig (SIOCGIFCONF, SIOCGIFHWADDR...) and /proc/net as
    Linux's lo shows: Local Loopback, no broadcast; /proc/net/route is
    Linux's main table, which never holds lo's routes."""
    out = sh(shell, "busybox ifconfig lo0")
    assert out.startswith("lo0       Link encap:Local Loopback  \n"), out
    assert "inet addr:127.0.0.1  Mask:255.0.0.0\n" in out, out
    assert "UP LOOPBACK RUNNING MULTICAST  MTU:16384  Metric:1\n" in out, out
    # busybox sorts by name, on Linux too.
    assert re.findall(r"^(\S+) +Link encap", sh(shell, "busybox ifconfig"), re.M) == \
        ["lo0", "vtnet0"]
    assert re.findall(r"^ *(\w+):", sh(shell, "cat /proc/net/dev"), re.M) == \
        ["vtnet0", "lo0"]
    assert "lo0" not in sh(shell, "cat /proc/net/route")
    assert "lo0" not in sh(shell, "busybox route -n")


def test_loopback_traffic_is_counted_on_lo0(shell):
    """Each packet to 127/8 is lo0's output and its input: three echo
    requests and their replies are six each way, whatever 127 address."""
    before = lo0_counters(shell)
    out = sh(shell, "ping -c 3 127.0.0.1")
    assert "3 packets transmitted, 3 packets received" in out, out
    after = lo0_counters(shell)
    assert after[0] - before[0] >= 6 and after[3] - before[3] >= 6, (before, after)
    assert after[0] - before[0] == after[3] - before[3], (before, after)
    assert after[1:3] == before[1:3] and after[4:] == before[4:]
    # UDP to another 127 address (tests/user/lo_udp.c): this host too,
    # received on lo0 (IP_PKTINFO's ifindex), one datagram each way.
    before = lo0_counters(shell)
    assert sh(shell, "/usr/tests/sanpo/lo_udp 127.0.0.9 lo0-test") == \
        "received lo0-test to 127.0.0.9, ifindex is lo0's: 1\n"
    after = lo0_counters(shell)
    assert after[0] - before[0] == 1 and after[3] - before[3] == 1, (before, after)
    # Our own vtnet0 address stays vtnet0's, not lo0's.
    before = lo0_counters(shell)
    assert sh(shell, "/usr/tests/sanpo/lo_udp 10.0.2.15 own") == \
        "received own to 10.0.2.15, ifindex is lo0's: 0\n"
    assert "1 packets received" in sh(shell, "ping -c 1 10.0.2.15")
    assert lo0_counters(shell) == before


def test_lo0_down_makes_127_unreachable(shell):
    """Linux's ENETUNREACH (its local routes go with lo); `up` brings it back."""
    assert sh(shell, "ifconfig lo0 down; ifconfig lo0 | head -1") == \
        "lo0: flags=8048<LOOPBACK,RUNNING,MULTICAST> metric 0 mtu 16384\n"
    out = sh(shell, "ping -c 1 127.0.0.1; echo status $?")
    assert "ping: sendto: Network unreachable\n" in out and out.endswith("status 2\n"), out
    assert sh(shell, "/usr/tests/sanpo/lo_udp 127.0.0.1 x; echo status $?") == \
        "sendto: Network unreachable\nstatus 1\n"
    assert sh(shell, "ifconfig lo0 up; ifconfig lo0") == LO0
    assert "1 packets received" in sh(shell, "ping -c 1 127.0.0.1")


def test_lo0_mtu(shell):
    """Up to FreeBSD's 16384; the loopback path never fragments, so a
    datagram larger than the MTU still arrives whole."""
    assert sh(shell, "ifconfig lo0 mtu 100; ifconfig lo0 | head -1") == \
        "lo0: flags=8049<UP,LOOPBACK,RUNNING,MULTICAST> metric 0 mtu 100\n"
    assert sh(shell, "/usr/tests/sanpo/lo_udp 127.0.0.1 $(printf %0200d 0)") == \
        "received %s to 127.0.0.1, ifindex is lo0's: 1\n" % ("0" * 200)
    assert sh(shell, "ifconfig lo0 mtu 16385; echo status $?") == \
        "ifconfig: ioctl SIOCSIFMTU (set mtu): Invalid argument\nstatus 1\n"
    assert sh(shell, "ifconfig lo0 mtu 16384; ifconfig lo0") == LO0


def test_alice_cannot_take_lo0_down(shell):
    assert sh(shell, "su -c '/sbin/ifconfig lo0 down; echo status $?' alice") == \
        "ifconfig: SIOCSIFFLAGS: Operation not permitted\nstatus 1\n"
    assert sh(shell, "su -c 'busybox ifconfig lo0 down; echo status $?' alice") == \
        "ifconfig: SIOCSIFFLAGS: Operation not permitted\nstatus 1\n"
    assert sh(shell, "ifconfig lo0 | head -1") == LO0.split("\n")[0] + "\n"


def test_dhclient_refuses_lo0(shell):
    assert sh(shell, "dhclient lo0; echo status $?") == \
        "dhclient: lo0: not an Ethernet interface\nstatus 1\n"


def test_lo0_alias_and_route_monitor(shell):
    """Another 127 address on lo0 gets its own host route, and the routing
    socket's messages for it (no broadcast address) print."""
    sh(shell, "route monitor > /tmp/mon &")
    sh(shell, "sleep 1; ifconfig lo0 127.0.0.2/8 alias")
    assert re.findall(r"inet (\S+) netmask (\S+)", sh(shell, "ifconfig lo0")) == \
        [("127.0.0.1", "0xff000000"), ("127.0.0.2", "0xff000000")]
    assert re.search(r"^127\.0\.0\.2 +link#2 +UH +lo0$", sh(shell, "route show"), re.M)
    sh(shell, "ifconfig lo0 127.0.0.2 -alias")
    out = sh(shell, "sleep 1; kill %1; cat /tmp/mon")
    assert re.search(r"RTM_NEWADDR: address being added to iface: len \d+, metric 0, "
                     r"flags:<UP>\nsockaddrs: <NETMASK,IFP,IFA>\n 255\.0\.0\.0 lo0 "
                     r"127\.0\.0\.2\n", out), out
    assert "127.0.0.2" not in sh(shell, "route show")
    assert sh(shell, "ifconfig lo0") == LO0


def test_a_route_through_lo0_is_refused_and_counted(shell):
    """lo0 takes nothing from a route (looping a routed packet back could
    recurse through forwarding): the send fails and lo0 counts an output
    error, and nothing waits on ARP for it."""
    assert sh(shell, "busybox route add -net 10.123.0.0/16 dev lo0") == ""
    before = lo0_counters(shell)
    out = sh(shell, "ping -c 1 10.123.0.1; echo status $?")
    assert "ping: sendto: Network unreachable\n" in out, out
    after = lo0_counters(shell)
    assert after[4] == before[4] + 1 and after[3] == before[3], (before, after)
    # Nor does arp list lo0's address as its own, as FreeBSD's does not.
    assert "lo0" not in sh(shell, "arp -an") and "lo0" not in sh(shell, "busybox arp -an")
    assert sh(shell, "busybox route del -net 10.123.0.0/16") == ""
