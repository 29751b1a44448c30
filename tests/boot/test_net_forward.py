"""Forwarding: a guest with two NICs routes between two Linux namespaces.

    ns A (10.1.0.1) --veth/bridge/tap0-- vtnet0 10.1.0.2 [guest] vtnet1 10.2.0.2
        --tap1/bridge/veth-- ns B (10.2.0.1)

QEMU runs in a third namespace holding both taps, each bridged to a veth
whose other end is in A or B.  With gateway_enable="YES" Linux A pings Linux
B through the guest (TTL decremented), UDP fragments cross it, TTL=1 gets
ICMP time exceeded from the guest, and a destination with no route gets
ICMP unreachable.  The guest boots its user land: /etc/rc configures the
interfaces and sets net.inet.ip.forwarding with the sysctl program, and the
tests read the guest's state with the programs (FreeBSD's output)."""
import os
import re
import socket

import pytest

import netns
from guest import guest_on_taps
from busybox import netstat_count, sh as run

pytestmark = pytest.mark.skipif(not netns.have_netns(), reason="needs root and /dev/net/tun")


@pytest.fixture(scope="module")
def net(tmp_path_factory):
    conf = ('autoboot_delay="0"\ngateway_enable="YES"\n'
            'ifconfig_vtnet0="inet 10.1.0.2/24"\nifconfig_vtnet1="inet 10.2.0.2/24"\n')

    def wire(r):
        """The router namespace r (QEMU's): tap0 bridged to A, tap1 to B."""
        r.add_veth_peer("ra", a, "a0", "10.1.0.1/24")
        r.add_veth_peer("rb", b, "b0", "10.2.0.1/24")
        r.add_bridge("bra", "tap0", "ra")
        r.add_bridge("brb", "tap1", "rb")
        a.ip("route", "add", "default", "via", "10.1.0.2")
        b.ip("route", "add", "default", "via", "10.2.0.2")

    nics = [("52:54:00:00:01:02", None), ("52:54:00:00:02:02", None)]
    with netns.namespace("a") as a, netns.namespace("b") as b, \
            guest_on_taps(tmp_path_factory.mktemp("net_forward"), "net_forward", conf, nics,
                          tag="r", before_boot=wire, userland=True) as (_, m):
        yield a, b, m


def test_two_interfaces_configured(net):
    _, _, m = net
    out = m.output.replace("\r", "")
    assert "Starting Network: vtnet0 vtnet1.\n" in out, out
    assert "\nnet.inet.ip.forwarding: 0 -> 1\n" in out, out
    assert run(m, "/sbin/sysctl -n net.inet.ip.forwarding") == "1\n"
    out = run(m, "/sbin/ifconfig")
    assert re.search(r"vtnet0: .*\n\s+ether 52:54:00:00:01:02\n\s+inet 10\.1\.0\.2 ", out), out
    assert re.search(r"vtnet1: .*\n\s+ether 52:54:00:00:02:02\n\s+inet 10\.2\.0\.2 ", out), out


def test_a_pings_b_through_guest(net):
    a, _, m = net
    r = a.run("ping", "-c", "3", "-i", "0.2", "-W", "3", "10.2.0.1", check=False)
    assert "3 received" in r.stdout, r.stdout + r.stderr
    # B's replies crossed the guest once: Linux's 64 minus one hop.
    assert re.search(r"from 10\.2\.0\.1: icmp_seq=\d+ ttl=63", r.stdout), r.stdout
    assert netstat_count(m, "ip", r"packets? forwarded") >= 6


def test_udp_fragments_forwarded(net):
    a, b, _ = net
    data = os.urandom(5000)
    with b.inside():
        rx = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    with a.inside():
        tx = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        rx.bind(("10.2.0.1", 5555))
        rx.settimeout(5)
        tx.sendto(data, ("10.2.0.1", 5555))
        got, src = rx.recvfrom(65536)
        assert got == data and src[0] == "10.1.0.1"
    finally:
        rx.close()
        tx.close()


def test_ttl_1_gets_time_exceeded(net):
    a, _, _ = net
    r = a.run("ping", "-c", "1", "-t", "1", "-W", "3", "10.2.0.1", check=False)
    assert re.search(r"From 10\.1\.0\.2 icmp_seq=1 Time to live exceeded", r.stdout), \
        r.stdout + r.stderr


def test_no_route_gets_unreachable(net):
    a, _, m = net
    r = a.run("ping", "-c", "1", "-W", "3", "10.3.0.1", check=False)
    assert re.search(r"From 10\.1\.0\.2 icmp_seq=1 Destination (Net|Host) Unreachable",
                     r.stdout), r.stdout + r.stderr


def test_guest_ping_ttl_exceeded_from_linux(net):
    """The other direction: Linux A as a router drops the guest's TTL=1
    request and the guest's ping reports A's time exceeded."""
    a, _, m = net
    a.run("sysctl", "-w", "net.ipv4.ip_forward=1")
    assert "add net 10.5.0.0/24: gateway 10.1.0.1" in \
        run(m, "/sbin/route add -net 10.5.0.0/24 10.1.0.1")
    out = run(m, "/sbin/ping -c 1 -m 1 10.5.0.1")     # FreeBSD's -m: the TTL
    assert re.search(r"\d+ bytes from 10\.1\.0\.1: Time to live exceeded", out), out
    assert "1 packets transmitted, 0 packets received, 100.0% packet loss" in out
