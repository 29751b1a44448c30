"""The network stack against a Linux peer: QEMU's NIC is a tap device in a
network namespace of the test's own (10.9.0.1 Linux, 10.9.0.2 the guest,
configured by /etc/rc from rc.conf's ifconfig_vtnet0="inet ..." with the
ifconfig and route programs). Linux pings the guest,
the guest pings Linux, and the guest's UDP echo (port 7) returns datagrams
byte for byte, including ones that need fragmentation both ways."""
import os
import re
import socket

import pytest

import netns
from guest import guest_on_tap
from busybox import netstat_count, sh as run

GUEST = "10.9.0.2"
LINUX = "10.9.0.1"
MAC = "52:54:00:12:34:57"

pytestmark = pytest.mark.skipif(not netns.have_netns(), reason="needs root and /dev/net/tun")


@pytest.fixture(scope="module")
def peer(tmp_path_factory):
    """(namespace, machine): one boot shared by the module."""
    conf = ('autoboot_delay="0"\nifconfig_vtnet0="inet %s netmask 255.255.255.0"\n'
            'defaultrouter="10.9.0.1"\nstatic_routes="lab far"\n'
            'route_lab="-net 10.77.0.0/16 10.9.0.1"\nroute_far="-host 10.88.1.2 10.9.0.1"\n'
            % GUEST)
    with guest_on_tap(tmp_path_factory.mktemp("net_linux"), "net_linux", conf, MAC,
                      LINUX + "/24", tag="l", userland=True) as (ns, m):
        yield ns, m


def test_rc_conf_actions_printed(peer):
    _, m = peer
    log = m.output.replace("\r", "")
    assert "Starting Network: vtnet0.\n" in log
    assert "\tinet %s netmask 0xffffff00 broadcast 10.9.0.255\n" % GUEST in log
    assert "add net default: gateway 10.9.0.1\n" in log
    assert "add net 10.77.0.0/16: gateway 10.9.0.1\n" in log
    assert "add host 10.88.1.2: gateway 10.9.0.1\n" in log
    out = run(m, "/usr/bin/netstat -r")
    assert re.search(r"default\s+10\.9\.0\.1\s+UGS", out), out
    assert re.search(r"10\.77\.0\.0/16\s+10\.9\.0\.1\s+UGS", out), out
    assert re.search(r"10\.88\.1\.2(/32)?\s+10\.9\.0\.1\s+UG", out), out


def test_linux_pings_guest(peer):
    ns, _ = peer
    r = ns.run("ping", "-c", "3", "-i", "0.2", "-W", "3", GUEST, check=False)
    assert "3 received" in r.stdout, r.stdout + r.stderr


def test_guest_pings_linux(peer):
    _, m = peer
    out = run(m, "/sbin/ping -c 3 -i 0.2 " + LINUX)
    assert len(re.findall(r"64 bytes from 10\.9\.0\.1: icmp_seq=\d+ ttl=64 time=", out)) == 3, out
    assert "3 packets transmitted, 3 packets received, 0.0% packet loss" in out


def test_guest_pings_linux_fragmented(peer):
    _, m = peer
    out = run(m, "/sbin/ping -c 2 -i 0.2 -s 4000 " + LINUX)
    assert "4008 bytes from 10.9.0.1" in out, out
    assert "2 packets transmitted, 2 packets received" in out


def test_arp_learned_linux(peer):
    ns, m = peer
    out = run(m, "/usr/sbin/arp -a")
    mac = ns.ip("-br", "link", "show", "tap0").stdout.split()[2]
    assert "? (%s) at %s on vtnet0 expires in" % (LINUX, mac.lower()) in out.lower(), out


@pytest.mark.parametrize("size", [0, 1, 64, 1400, 1472, 1473, 3000, 8000, 20000])
def test_udp_echo_byte_for_byte(peer, size):
    ns, _ = peer
    data = os.urandom(size)
    with ns.inside():
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        s.settimeout(5)
        s.bind((LINUX, 0))
        for attempt in range(3):	# the first may wait for ARP
            s.sendto(data, (GUEST, 7))
            try:
                got, src = s.recvfrom(65536)
                break
            except socket.timeout:
                continue
        else:
            pytest.fail("no echo for %d bytes" % size)
        assert src == (GUEST, 7)
        assert got == data
    finally:
        s.close()


def test_udp_echo_counted(peer):
    _, m = peer
    assert netstat_count(m, "udp", r"datagrams? echoed \(port 7\)") >= 9


def test_udp_to_closed_port_gets_unreachable(peer):
    ns, _ = peer
    with ns.inside():
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        s.settimeout(3)
        s.connect((GUEST, 9999))
        s.send(b"anyone?")
        with pytest.raises(ConnectionRefusedError):
            s.recv(100)
    finally:
        s.close()
