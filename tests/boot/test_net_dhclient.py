"""The dhclient program's whole lease life, at the busybox prompt of a
user-space boot (/etc/rc runs it for ifconfig_vtnet0="DHCP"), against the
same scripted Linux DHCP server the kernel's client is tested with
(test_net_dhcp.py: a 6-second lease, T1 3 s, T2 5 s):

  DISCOVER (ignored), DISCOVER again -> garbage, a wrong-xid OFFER, the
  OFFER of .50 -> REQUEST (broadcast) -> a 609-byte ACK      bound to .50
  T1: REQUEST unicast to the server -> ACK                   renewed
  T1: unicast REQUESTs ignored; T2: REQUEST broadcast -> ACK rebound
  T1: REQUEST -> NAK: address and default route removed
  DISCOVER -> OFFER .51 -> REQUEST -> ACK                    bound to .51
  silence: renewing, rebinding, expiry                       address removed
"""
import re

import pytest

import netns
from busybox import ROOTFS_CONF, login, sh
from qemu import Image, Machine
from test_net_dhcp import MAC, SERVER, Server

pytestmark = pytest.mark.skipif(not netns.have_netns(), reason="needs root and /dev/net/tun")


@pytest.fixture(scope="module")
def dhcp(tmp_path_factory):
    with netns.namespace("u") as ns:
        ns.add_tap("tap0", SERVER + "/24")
        srv = Server(ns)
        srv.start()
        img = Image(tmp_path_factory.mktemp("net_dhclient_life"))
        img.conf('autoboot_delay="0"\nbeastie_disable="YES"\n' + ROOTFS_CONF +
                 'ifconfig_vtnet0="DHCP"\n', kshell=False)
        m = Machine(img, name="net_dhclient_life", smp=1, timeout=180, prefix=ns.prefix,
                    extra=["-netdev", "tap,id=n0,ifname=tap0,script=no,downscript=no",
                           "-device", "virtio-net-pci,netdev=n0,mac=" + MAC.hex(":")])
        try:
            login(m)
            yield ns, srv, m
        finally:
            m.close()
            srv.stop = True
            srv.join(2)
            srv.s.close()


def wait_for(m, pattern, timeout):
    if re.search(pattern, m.output):
        return
    m.expect(pattern, timeout=timeout)


def test_bound_by_rc(dhcp):
    _, srv, m = dhcp
    out = m.output.replace("\r", "")
    assert "DHCPACK from 10.9.2.1\nbound to 10.9.2.50 -- renewal in 3 seconds.\n" in out, out
    # The 609-byte ACK was taken: one selecting REQUEST, not a retry.
    selects = [e for e in srv.events if e[1] == 3 and e[3] == "0.0.0.0"]
    assert len(selects) == 1 and selects[0][4] == "ack", srv.events
    assert srv.events[0][5] == "0.0.0.0" and srv.events[0][2] == "255.255.255.255"
    assert "inet 10.9.2.50 netmask 0xffffff00" in sh(m, "ifconfig vtnet0")


def test_renew_rebind_nak_and_expiry(dhcp):
    _, srv, m = dhcp
    wait_for(m, r"DHCPNAK from 10\.9\.2\.1", timeout=30)
    wait_for(m, r"bound to 10\.9\.2\.51 -- renewal in 3 seconds\.", timeout=30)
    wait_for(m, r"vtnet0: lease of 10\.9\.2\.51 expired", timeout=30)
    kinds = [(e[1], e[2], e[3], e[4]) for e in srv.events]
    # Renewal unicast to the server from the leased address, rebinding broadcast.
    assert (3, SERVER, "10.9.2.50", "ack") in kinds, kinds
    assert (3, "255.255.255.255", "10.9.2.50", "ack-rebind") in kinds, kinds
    assert (3, SERVER, "10.9.2.50", "nak") in kinds, kinds
    sh(m, "")
    out = sh(m, "ifconfig vtnet0; route show")
    assert "inet 10.9.2." not in out, out
    assert "default" not in out, out
