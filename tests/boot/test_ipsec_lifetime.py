"""SA lifetimes under real traffic, against the scapy peer (tests/lib/ipsec_peer.py)
over a tap in a namespace of the test's own (guest 10.9.1.2, peer 10.9.1.1).

The guest's inbound SA gets the limits; the peer sends ICMP echo requests
through it and the guest answers through its outbound SA, so every byte
the limit counts is real ESP traffic.  While traffic flows, `setkey -x N`
(the PF_KEY monitor) must show:
  - a soft byte limit (-bs): EXPIRE(soft); `setkey -D` then shows
    state=dying and traffic still passes;
  - a hard byte limit (-bh): EXPIRE(hard); the SA is gone from `setkey -D`,
    and the next packet gets no reply and is counted as "no SA";
  - soft and hard time limits (-ls/-lh): both EXPIREs, then no SA;
and `getspi` then `update` gives a larval SA (which carries nothing) that
becomes mature and then carries traffic.  The guest runs its user land,
logged in as root: the setkey program (/sbin/setkey, a PF_KEY socket)
adds the SAs, its `-x` is the monitor (in the foreground, stopped with
^C), counters come from the netstat program in FreeBSD's wording.  One
boot for the module.
"""
import contextlib
import re

import pytest

import busybox
import netns
from busybox import netstat_count, setkey_c, sh as run
from guest import guest_on_tap
from ipsec_peer import Peer, Sa, echo_request

pytestmark = pytest.mark.skipif(not netns.have_netns(), reason="needs root and /dev/net/tun")

GUEST = "10.9.1.2"
LINUX = "10.9.1.1"


# netstat -s -p esp, FreeBSD's wording (a regex: "packet" for 1).
NOSA = "packets? dropped; no TDB"


@contextlib.contextmanager
def user_guest_with_peer(tmp_dir, name, guest_ip, linux_ip, mac, **kw):
    """ipsec_peer.guest_with_peer() on the user land: the guest at
    guest_ip/24 on tap0 (its /etc/rc reads ifconfig_vtnet0), logged in as
    root, the Peer at linux_ip, ARP settled both ways by /sbin/ping.
    Yields (ns, machine, peer)."""
    conf = 'autoboot_delay="0"\nifconfig_vtnet0="inet %s/24"\n' % guest_ip
    with guest_on_tap(tmp_dir, name, conf, mac, linux_ip + "/24", userland=True,
                      **kw) as (ns, m):
        peer = Peer(ns)
        try:
            out = run(m, "/sbin/ping -c 1 " + linux_ip)
            assert "1 packets received" in out, out
            yield ns, m, peer
        finally:
            peer.close()


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    """(machine, peer): one boot for the module."""
    tmp = tmp_path_factory.mktemp("ipsec_lifetime")
    with user_guest_with_peer(tmp, "ipsec_lifetime", GUEST, LINUX, "52:54:00:12:35:60",
                              tag="l") as (_, m, peer):
        yield m, peer


def sa_blocks(dump):
    """{spi: text of that SA} from `setkey -D`."""
    return {int(mm[1]): b for b in re.split(r"\n(?=\S)", dump.strip())
            for mm in [re.search(r"spi=(\d+)\(", b)] if mm}


def configure(m, extra_in="", to_guest=None):
    """Fresh SAs both ways (limits on the guest's inbound one) and policies
    requiring them; returns (to_guest, from_guest)."""
    to_guest = to_guest or Sa("aes-gcm-128", LINUX, GUEST)
    from_guest = Sa("aes-gcm-128", GUEST, LINUX)
    run(m, "/sbin/setkey -F")
    run(m, "/sbin/setkey -FP")
    setkey_c(m, [
        to_guest.setkey_add(extra_in),
        from_guest.setkey_add(),
        "spdadd %s %s any -P out ipsec esp/transport//require ;" % (GUEST, LINUX),
        "spdadd %s %s any -P in ipsec esp/transport//require ;" % (LINUX, GUEST),
    ])
    return to_guest, from_guest


def echo(peer, to_guest, from_guest, seq, size=400, timeout=5.0):
    """One protected echo; True if the guest's protected reply came back intact."""
    req = echo_request(LINUX, GUEST, 0x77, seq, size)
    reply = peer.exchange(to_guest, from_guest, req, timeout=timeout)
    if reply is None:
        return False
    icmp = reply.getlayer("ICMP")
    return icmp is not None and icmp.type == 0 and icmp.seq == seq and \
        bytes(icmp.payload) == bytes(req["ICMP"].payload)


def start_monitor(m):
    """setkey -x in the foreground (^C stops it), once it listens."""
    busybox.setkey_monitor_start(m)


def end_monitor(m, kind, sa):
    """All the monitor printed, once sa's EXPIRE of kind (soft/hard) came."""
    return busybox.setkey_monitor_stop(m, expire_re(kind, sa, nl=r"\r*\n"))


def expire_re(kind, sa, nl=r"\n"):
    """An EXPIRE of kind for sa in the monitor's output (nl: its newline)."""
    return (r"\] EXPIRE esp errno=0 seq=\d+ pid=0 \(%s\)%s%s %s%s\tesp mode=transport "
            r"spi=%d\(0x%08x\)" % (kind, nl, re.escape(sa.src), re.escape(sa.dst), nl,
                                   sa.spi, sa.spi))


def test_soft_byte_limit_dying_while_traffic_passes(env):
    m, peer = env
    to_guest, from_guest = configure(m, "-bs 2000 -bh 1000000")
    peer.drain()
    start_monitor(m)
    # 400-byte pings: the soft limit (2000 bytes) is crossed by the 5th.
    passed = sum(echo(peer, to_guest, from_guest, seq) for seq in range(1, 9))
    mon = end_monitor(m, "soft", to_guest)
    assert passed == 8
    assert re.search(expire_re("soft", to_guest), mon), mon
    assert "(hard)" not in mon, mon
    sa = sa_blocks(run(m, "/sbin/setkey -D"))[to_guest.spi]
    assert "state=dying" in sa, sa
    assert re.search(r"current: \d+\(bytes\)\thard: 1000000\(bytes\)\tsoft: 2000\(bytes\)", sa), sa
    # Dying: still used in both directions.
    for seq in range(9, 12):
        assert echo(peer, to_guest, from_guest, seq)
    assert "state=dying" in sa_blocks(run(m, "/sbin/setkey -D"))[to_guest.spi]


def test_hard_byte_limit_removes_sa_and_traffic_stops(env):
    m, peer = env
    to_guest, from_guest = configure(m, "-bh 2500")
    peer.drain()
    start_monitor(m)
    passed = 0
    for seq in range(1, 9):          # 8 x 400 bytes > 2500: the limit is crossed
        passed += echo(peer, to_guest, from_guest, seq)
    mon = end_monitor(m, "hard", to_guest)      # the key timer runs once a second
    # 408 counted bytes each (ICMP header + 400): the 7th crosses 2500; every
    # packet up to it passed (the 8th may too: the key timer runs once a second).
    assert passed >= 7, passed
    assert re.search(expire_re("hard", to_guest), mon), mon
    sas = sa_blocks(run(m, "/sbin/setkey -D"))
    assert to_guest.spi not in sas and from_guest.spi in sas, sas
    before = netstat_count(m, "esp", NOSA)
    assert not echo(peer, to_guest, from_guest, 100, timeout=3)
    assert netstat_count(m, "esp", NOSA) == before + 1


def test_time_limits_soft_then_hard(env):
    m, peer = env
    to_guest, from_guest = configure(m, "-ls 2 -lh 4")
    peer.drain()
    start_monitor(m)
    assert echo(peer, to_guest, from_guest, 1)
    mon = end_monitor(m, "hard", to_guest)
    soft = re.search(expire_re("soft", to_guest), mon)
    hard = re.search(expire_re("hard", to_guest), mon)
    assert soft and hard and soft.start() < hard.start(), mon
    assert to_guest.spi not in sa_blocks(run(m, "/sbin/setkey -D"))
    before = netstat_count(m, "esp", NOSA)
    assert not echo(peer, to_guest, from_guest, 2, timeout=3)
    assert netstat_count(m, "esp", NOSA) == before + 1


def test_getspi_update_larval_then_mature_carries_traffic(env):
    m, peer = env
    run(m, "/sbin/setkey -F")
    run(m, "/sbin/setkey -FP")
    out = setkey_c(m, ["getspi %s %s esp 0x7000 0x7fff ;" % (LINUX, GUEST)])
    spi = int(re.search(r"spi=(\d+)\(0x", out)[1])
    assert 0x7000 <= spi <= 0x7fff
    assert "state=larval" in sa_blocks(run(m, "/sbin/setkey -D"))[spi]
    to_guest = Sa("aes-gcm-128", LINUX, GUEST, spi=spi)
    from_guest = Sa("aes-gcm-128", GUEST, LINUX)
    # A larval SA has no keys: a packet for it is not accepted.
    peer.drain()
    assert not echo(peer, to_guest, from_guest, 1, timeout=3)
    setkey_c(m, [
        to_guest.setkey_add().replace("add ", "update ", 1),
        from_guest.setkey_add(),
        "spdadd %s %s any -P out ipsec esp/transport//require ;" % (GUEST, LINUX),
        "spdadd %s %s any -P in ipsec esp/transport//require ;" % (LINUX, GUEST),
    ])
    sas = sa_blocks(run(m, "/sbin/setkey -D"))
    assert "state=mature" in sas[spi] and "state=larval" not in sas[spi], sas[spi]
    for seq in range(2, 5):
        assert echo(peer, to_guest, from_guest, seq)
    # FreeBSD's "allocated" counts the packets an SA processed.
    assert "\tallocated: 3\t" in sa_blocks(run(m, "/sbin/setkey -D"))[spi]
