"""The network configured from user space: /etc/rc applies rc.conf's
ifconfig_vtnet0, defaultrouter and static_routes with the ifconfig and
route programs (FreeBSD's syntax and output, over the routing socket and
the interface ioctls), busybox's own ifconfig and route read the same
state through Linux's ioctls and /proc/net, alice may look but not
change, and `route monitor` sees what another command does.  One boot on
QEMU's user network."""
import re

import pytest

from busybox import boot_userland, sh

MAC = "52:54:00:12:34:56"
CONF = ('ifconfig_vtnet0="inet 10.0.2.15/24"\ndefaultrouter="10.0.2.2"\n'
        'static_routes="lab"\nroute_lab="-net 10.77.0.0/16 10.0.2.3"\n')


@pytest.fixture(scope="module")
def shell(tmp_path_factory):
    m = boot_userland(tmp_path_factory.mktemp("net_programs"), "net_programs", smp=1,
                      conf=CONF, extra=["-netdev", "user,id=n0,restrict=on",
                                        "-device", "virtio-net-pci,netdev=n0,mac=" + MAC])
    yield m
    m.close()


def test_rc_configures_the_network(shell):
    out = shell.output.replace("\r", "")
    assert "Starting Network: vtnet0.\n" in out
    assert "add net default: gateway 10.0.2.2\n" in out
    assert "add net 10.77.0.0/16: gateway 10.0.2.3\n" in out
    # The kernel left it to rc: no kernel-side "ifconfig vtnet0 inet" line.
    assert "ifconfig vtnet0 inet 10.0.2.15/24" not in out


def test_ifconfig_shows_the_interface(shell):
    out = sh(shell, "ifconfig vtnet0")
    assert re.match(r"vtnet0: flags=[0-9a-f]+<UP,BROADCAST,RUNNING[^>]*> metric 0 mtu 1500\n"
                    r"\tether 52:54:00:12:34:56\n"
                    r"\tinet 10\.0\.2\.15 netmask 0xffffff00 broadcast 10\.0\.2\.255\n"
                    r"\tmedia: Ethernet autoselect\n\tstatus: active\n$", out), out
    # lo0 comes after the NIC, as on FreeBSD (tests/boot/test_lo0.py).
    assert sh(shell, "ifconfig -l") == "vtnet0 lo0\n"
    assert sh(shell, "ifconfig") == out + \
        "lo0: flags=8049<UP,LOOPBACK,RUNNING,MULTICAST> metric 0 mtu 16384\n" \
        "\tinet 127.0.0.1 netmask 0xff000000\n"
    assert sh(shell, "ifconfig vtnet9; echo status $?") == \
        "ifconfig: interface vtnet9 does not exist\nstatus 1\n"


def test_route_show_and_get(shell):
    out = sh(shell, "route show")
    assert out.startswith("Routing tables\n\nInternet:\nDestination        Gateway"), out
    assert re.search(r"^default\s+10\.0\.2\.2\s+UGS\s+vtnet0$", out, re.M), out
    assert re.search(r"^10\.0\.2\.0/24\s+link#1\s+U\s+vtnet0$", out, re.M), out
    assert re.search(r"^10\.77\.0\.0/16\s+10\.0\.2\.3\s+UGS\s+vtnet0$", out, re.M), out
    out = sh(shell, "route get 10.77.1.1")
    assert "   route to: 10.77.1.1\ndestination: 10.77.0.0\n       mask: 255.255.0.0\n" \
        "    gateway: 10.0.2.3\n        fib: 0\n  interface: vtnet0\n" in out, out
    assert "flags: <UP,GATEWAY,DONE,STATIC>" in out


def test_busybox_route_reads_the_same_table(shell):
    out = sh(shell, "busybox route -n")
    assert re.search(r"^0\.0\.0\.0\s+10\.0\.2\.2\s+0\.0\.0\.0\s+UG\s+0\s+0\s+0\s+vtnet0$",
                     out, re.M), out
    assert re.search(r"^10\.0\.2\.0\s+0\.0\.0\.0\s+255\.255\.255\.0\s+U\s+0\s+0\s+0\s+vtnet0$",
                     out, re.M), out


def test_route_add_delete_and_errors(shell):
    assert sh(shell, "route add -net 192.168.77.0/24 10.0.2.2") == \
        "add net 192.168.77.0/24: gateway 10.0.2.2\n"
    assert sh(shell, "route add -net 192.168.77.0/24 10.0.2.2; echo status $?") == \
        "route: writing to routing socket: File exists\n" \
        "add net 192.168.77.0/24: gateway 10.0.2.2: route already in table\nstatus 1\n"
    assert sh(shell, "route delete -net 192.168.77.0/24") == "delete net 192.168.77.0/24\n"
    assert sh(shell, "route delete -net 192.168.77.0/24; echo status $?") == \
        "route: writing to routing socket: No such process\n" \
        "delete net 192.168.77.0/24: not in table\nstatus 1\n"
    assert "192.168.77" not in sh(shell, "route show")


def test_route_monitor_sees_another_commands_add(shell):
    sh(shell, "route monitor > /tmp/mon &")
    sh(shell, "sleep 1; route add -host 10.0.2.9 10.0.2.2 >/dev/null")
    sh(shell, "ifconfig vtnet0 10.0.2.16/24 alias; ifconfig vtnet0 10.0.2.16 -alias")
    out = sh(shell, "sleep 1; kill %1; route delete -host 10.0.2.9 >/dev/null; cat /tmp/mon")
    assert re.search(r"got message of size \d+ on ", out), out
    link = "vtnet0:52.54.0.12.34.56"
    m = re.search(r"RTM_ADD: Add Route: len \d+, pid: (\d+), seq 1, errno 0, "
                  r"flags:<UP,GATEWAY,HOST,DONE,STATIC>\nlocks:  inits: \n"
                  r"sockaddrs: <DST,GATEWAY,IFP>\n 10\.0\.2\.9 10\.0\.2\.2 " + link, out)
    assert m and int(m.group(1)) > 1, out
    # The address's coming and going, to every routing socket.
    for t in ("RTM_NEWADDR: address being added to iface",
              "RTM_DELADDR: address being removed from iface"):
        assert re.search(t + r": len \d+, metric 0, flags:<UP>\n"
                         r"sockaddrs: <NETMASK,IFP,IFA,BRD>\n 255\.255\.255\.0 " + link +
                         r" 10\.0\.2\.16 10\.0\.2\.255\n", out), out


def test_ifconfig_replaces_unless_alias(shell):
    inet = re.compile(r"inet (\S+) netmask (\S+)")
    assert sh(shell, "ifconfig vtnet0 10.0.2.16/24 alias") == ""
    assert inet.findall(sh(shell, "ifconfig vtnet0")) == \
        [("10.0.2.15", "0xffffff00"), ("10.0.2.16", "0xffffff00")]
    # Without alias the first address is replaced.
    assert sh(shell, "ifconfig vtnet0 inet 10.0.2.17 netmask 255.255.255.0") == ""
    assert inet.findall(sh(shell, "ifconfig vtnet0")) == \
        [("10.0.2.16", "0xffffff00"), ("10.0.2.17", "0xffffff00")]
    assert sh(shell, "ifconfig vtnet0 10.0.2.16 -alias") == ""
    assert sh(shell, "ifconfig vtnet0 10.0.2.16 -alias; echo status $?").startswith(
        "ifconfig: ioctl (SIOCDIFADDR): ")
    assert sh(shell, "ifconfig vtnet0 10.0.2.15/24") == ""
    assert inet.findall(sh(shell, "ifconfig vtnet0")) == [("10.0.2.15", "0xffffff00")]
    # The default route survived: it does not depend on which address we have.
    assert re.search(r"^default\s+10\.0\.2\.2", sh(shell, "route show"), re.M)


def test_mtu_down_up(shell):
    assert sh(shell, "ifconfig vtnet0 mtu 1400; ifconfig vtnet0 | head -1") == \
        sh(shell, "ifconfig vtnet0 | head -1").replace("1500", "1400")
    assert "mtu 1400" in sh(shell, "ifconfig vtnet0 | head -1")
    assert sh(shell, "ifconfig vtnet0 mtu 20000; echo status $?").startswith(
        "ifconfig: ioctl SIOCSIFMTU (set mtu): Invalid argument\nstatus 1")
    sh(shell, "ifconfig vtnet0 mtu 1500")
    assert "<BROADCAST" in sh(shell, "ifconfig vtnet0 down; ifconfig vtnet0 | head -1")
    assert "<UP,BROADCAST" in sh(shell, "ifconfig vtnet0 up; ifconfig vtnet0 | head -1")


def test_alice_may_look_but_not_change(shell):
    assert sh(shell, "su -c '/sbin/ifconfig vtnet0 down; echo status $?' alice") == \
        "ifconfig: SIOCSIFFLAGS: Operation not permitted\nstatus 1\n"
    assert sh(shell, "su -c '/sbin/ifconfig vtnet0 10.0.2.20/24 alias; echo status $?' alice") == \
        "ifconfig: ioctl (SIOCAIFADDR): Operation not permitted\nstatus 1\n"
    assert sh(shell, "su -c '/sbin/route add -net 10.6.0.0/16 10.0.2.2; echo status $?' alice") == \
        "route: writing to routing socket: Operation not permitted\nstatus 1\n"
    assert sh(shell, "su -c '/usr/sbin/arp -d 10.0.2.2; echo status $?' alice") == \
        "arp: writing to routing socket: Operation not permitted\nstatus 1\n"
    assert "UP" in sh(shell, "su -c '/sbin/ifconfig vtnet0' alice").split("\n")[0]
    assert "default" in sh(shell, "su -c '/sbin/route show' alice")


def test_arp_lists_our_address(shell):
    out = sh(shell, "arp -a")
    assert "? (10.0.2.15) at %s on vtnet0 permanent [ethernet]\n" % MAC in out, out
    assert sh(shell, "arp -d 10.0.2.99; echo status $?") == \
        "arp: delete: cannot locate 10.0.2.99\nstatus 1\n"
    assert sh(shell, "cat /proc/net/arp | head -1") == \
        "IP address       HW type     Flags       HW address            Mask     Device\n"


def test_linux_interface_ioctls(shell):
    """Linux's layouts and errno, as busybox's ifconfig and route use them
    (tests/user/ifioctl.c): SIOCSIFADDR replaces the first address with a
    classful mask that SIOCSIFNETMASK then narrows."""
    assert sh(shell, "/usr/tests/sanpo/ifioctl") == (
        "SIOCGIFCONF NULL: ok len 80\n"
        "SIOCGIFCONF: ok len 80 vtnet0=10.0.2.15 lo0=127.0.0.1\n"
        "SIOCGIFFLAGS: ok 0x1043\n"
        "SIOCGIFHWADDR: ok family 1 " + MAC + "\n"
        "SIOCGIFMTU: ok 1500\n"
        "SIOCGIFINDEX: ok 1\n"
        "SIOCGIFNAME 1: ok vtnet0\n"
        "SIOCGIFNAME 99: No such device\n"
        "SIOCGIFFLAGS nope0: No such device\n"
        "SIOCGIFADDR vtnet0: ok 10.0.2.15\n"
        "SIOCGIFNETMASK vtnet0: ok 255.255.255.0\n"
        "SIOCGIFBRDADDR vtnet0: ok 10.0.2.255\n"
        "SIOCSIFADDR 10.0.2.30: ok\n"
        "SIOCGIFADDR vtnet0: ok 10.0.2.30\n"
        "SIOCGIFNETMASK vtnet0: ok 255.0.0.0\n"
        "SIOCGIFBRDADDR vtnet0: ok 10.255.255.255\n"
        "SIOCSIFNETMASK 255.255.255.0: ok\n"
        "SIOCSIFNETMASK 255.0.255.0: Invalid argument\n"
        "SIOCGIFADDR vtnet0: ok 10.0.2.30\n"
        "SIOCGIFNETMASK vtnet0: ok 255.255.255.0\n"
        "SIOCGIFBRDADDR vtnet0: ok 10.0.2.255\n"
        "SIOCSIFMTU 100000: Invalid argument\n"
        "SIOCADDRT 10.88.0.0/16: ok\n"
        "SIOCADDRT again: File exists\n"
        "SIOCADDRT host bits: Invalid argument\n"
        "SIOCADDRT dev nope0: No such device\n"
        "SIOCADDRT -host dev vtnet0: ok\n"
        "SIOCDELRT 10.88.0.0/16: ok\n"
        "SIOCDELRT again: No such process\n"
        "SIOCDELRT -host: ok\n"
        "unknown ioctl: Not a tty\n"
        "restore: ok ok\n")
    assert re.findall(r"inet (\S+) netmask (\S+)", sh(shell, "ifconfig vtnet0")) == \
        [("10.0.2.15", "0xffffff00")]
    assert sh(shell, "su -c /usr/tests/sanpo/ifioctl alice | grep -E '^SIOCS|^SIOCADD'") == (
        "SIOCSIFADDR 10.0.2.30: Operation not permitted\n"
        "SIOCSIFNETMASK 255.255.255.0: Operation not permitted\n"
        "SIOCSIFNETMASK 255.0.255.0: Operation not permitted\n"
        "SIOCSIFMTU 100000: Operation not permitted\n"
        "SIOCADDRT 10.88.0.0/16: Operation not permitted\n"
        "SIOCADDRT again: Operation not permitted\n"
        "SIOCADDRT host bits: Operation not permitted\n"
        "SIOCADDRT dev nope0: Operation not permitted\n"
        "SIOCADDRT -host dev vtnet0: Operation not permitted\n")


def test_busybox_ifconfig_and_route_through_linux_ioctls(shell):
    out = sh(shell, "busybox ifconfig vtnet0")
    assert out.startswith("vtnet0    Link encap:Ethernet  HWaddr 52:54:00:12:34:56"), out
    assert "inet addr:10.0.2.15  Bcast:10.0.2.255  Mask:255.255.255.0" in out
    assert "UP BROADCAST RUNNING MULTICAST  MTU:1500  Metric:1" in out
    assert sh(shell, "busybox route add -net 10.66.0.0/16 gw 10.0.2.2") == ""
    assert re.search(r"^10\.66\.0\.0/16\s+10\.0\.2\.2\s+UGS\s+vtnet0$",
                     sh(shell, "route show"), re.M)
    assert sh(shell, "busybox route del -net 10.66.0.0/16") == ""
    assert "10.66" not in sh(shell, "busybox route -n")
    assert sh(shell, "su -c 'busybox ifconfig vtnet0 down; echo status $?' alice") == \
        "ifconfig: SIOCSIFFLAGS: Operation not permitted\nstatus 1\n"
    assert "UP" in sh(shell, "ifconfig vtnet0 | head -1")


def test_network_works_after_rc(shell):
    """rc's configuration is enough to reach the gateway, whose ARP entry
    then shows in FreeBSD's format."""
    out = sh(shell, "ping -c 1 10.0.2.2")
    assert "1 packets transmitted, 1 packets received, 0.0% packet loss" in out, out
    out = sh(shell, "arp -a")
    assert re.search(r"^\? \(10\.0\.2\.2\) at 52:55:0a:00:02:02 on vtnet0 expires in "
                     r"\d+ seconds \[ethernet\]$", out, re.M), out
    assert re.match(r"\? \(10\.0\.2\.2\) at 52:55:0a:00:02:02 on vtnet0 expires in \d+ "
                    r"seconds \[ethernet\]\n$", sh(shell, "arp -n 10.0.2.2"))
    assert "10.0.2.2" in sh(shell, "busybox arp -an")
    assert sh(shell, "arp -d 10.0.2.2") == "10.0.2.2 (10.0.2.2) deleted\n"
    assert "10.0.2.2)" not in sh(shell, "arp -a")


def test_full_routing_socket_drops_and_counts(shell):
    """A routing socket that does not read loses what does not fit, each
    loss counted in net.route.rtsock_drops; the changes all happen and the
    socket receives again once read (tests/user/rtsock_flood.c)."""
    assert sh(shell, "/usr/tests/sanpo/rtsock_flood") == (
        "changes failed: 0\n"
        "quiet socket: got some, lost some, got + lost = 200\n"
        "after reading: got 2\n")
    assert "10.99." not in sh(shell, "route show")
    assert int(sh(shell, "cat /proc/sys/net/route/rtsock_drops")) > 0


def test_interface_ioctls_survive_random_arguments(shell):
    """20000 random interface ioctls with random buffers as alice
    (tests/user/ifioctl_fuzz.c): each returns, and nothing changed."""
    before = sh(shell, "ifconfig; route show")
    assert sh(shell, "su -c /usr/tests/sanpo/ifioctl_fuzz alice", timeout=300) == \
        "ioctls: 20000\n"
    assert sh(shell, "ifconfig; route show") == before


def test_routing_socket_survives_random_messages(shell):
    """Last: 20000 random and mutated requests as root (tests/user/rtsock_fuzz.c);
    the kernel answers every one and the tools still read the state."""
    assert sh(shell, "/usr/tests/sanpo/rtsock_fuzz", timeout=300) == "writes: 20000\n"
    assert sh(shell, "route show").startswith("Routing tables\n")
    assert sh(shell, "ifconfig -l") == "vtnet0 lo0\n"
    assert "1 packets received" in sh(shell, "ping -c 1 10.0.2.2")
    # And the ioctls as root: the setters get the garbage too (the
    # configuration is anything afterwards; the kernel must still answer).
    assert sh(shell, "/usr/tests/sanpo/ifioctl_fuzz", timeout=300) == "ioctls: 20000\n"
    assert sh(shell, "ifconfig -l") == "vtnet0 lo0\n"
    assert sh(shell, "route show").startswith("Routing tables\n")


@pytest.fixture(scope="module")
def dhcp(tmp_path_factory):
    m = boot_userland(tmp_path_factory.mktemp("net_dhclient"), "net_dhclient", smp=1,
                      conf='ifconfig_vtnet0="DHCP"\nifconfig_vtnet0_alias0="inet 10.0.3.1/24"\n',
                      extra=["-netdev", "user,id=n0,restrict=on",
                             "-device", "virtio-net-pci,netdev=n0,mac=" + MAC])
    yield m
    m.close()


def test_rc_runs_dhclient(dhcp):
    """ifconfig_vtnet0="DHCP": rc runs the dhclient program (the kernel's
    client stays for kernel-shell boots), which returns once bound and
    renews in the background."""
    out = dhcp.output.replace("\r", "")
    steps = ["DHCPDISCOVER on vtnet0 to 255.255.255.255 port 67\n",
             "DHCPOFFER from 10.0.2.2\n",
             "DHCPREQUEST on vtnet0 to 255.255.255.255 port 67\n",
             "DHCPACK from 10.0.2.2\n"]
    pos = [out.find(s) for s in steps]
    assert -1 not in pos and pos == sorted(pos), out
    assert re.search(r"^bound to 10\.0\.2\.15 -- renewal in \d+ seconds\.$", out, re.M), out
    assert "Starting dhclient" not in out     # the kernel's client did not run
    # The lease, and rc.conf's alias added after it (dhclient touches only its own).
    assert re.findall(r"inet (\S+) netmask (\S+)", sh(dhcp, "ifconfig vtnet0")) == \
        [("10.0.2.15", "0xffffff00"), ("10.0.3.1", "0xffffff00")]
    assert re.search(r"^\s*\d+ root\s+/sbin/dhclient vtnet0$", sh(dhcp, "ps"), re.M)
    assert "1 packets received" in sh(dhcp, "ping -c 1 10.0.2.2")


def test_dhclient_errors(dhcp):
    assert sh(dhcp, "dhclient vtnet9; echo status $?") == \
        "dhclient: interface vtnet9 does not exist\nstatus 1\n"
    assert sh(dhcp, "dhclient; echo status $?") == \
        "usage: dhclient [-d] interface\nstatus 1\n"
