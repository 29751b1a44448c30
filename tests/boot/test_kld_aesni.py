"""aesni.ko under IPsec traffic (issue 17).  The guest boots without the
AES-NI driver, so its first SAs' crypto sessions are cryptosoft's; while the
scapy peer (tests/lib/ipsec_peer.py) keeps exchanging ESP echo requests
with it, `kldload aesni` links the driver and not one exchange is lost.
The open SAs stay on cryptosoft; new SAs go to aesni by its priority.
`kldunload aesni` is refused (EBUSY) while its sessions are open and
succeeds once the SAs are flushed, after which new SAs are cryptosoft's
again and traffic still flows.  One boot of the user land for the module,
logged in as root: the programs /sbin/setkey, /sbin/sysctl, /sbin/kldload,
/sbin/kldunload and /sbin/kldstat drive it (FreeBSD's wording).
"""
import re
import threading
import time

import pytest

import netns
from ipsec_peer import Sa, echo_request, guest_with_peer
from busybox import setkey_c, sh

pytestmark = pytest.mark.skipif(not netns.have_netns(), reason="needs root and /dev/net/tun")

GUEST = "10.9.0.2"
LINUX = "10.9.0.1"
MAC = "52:54:00:12:34:62"


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    # The root file system (the user land's) holds /boot/kernel/aesni.ko for kldload.
    with guest_with_peer(tmp_path_factory.mktemp("kld_aesni"), "kld_aesni", GUEST, LINUX, MAC,
                         tag="k", aesni=False) as (ns, m, peer):
        yield ns, m, peer


def configure(m):
    """Fresh AES-GCM SAs both ways (the old ones flushed) and policies."""
    to_guest = Sa("aes-gcm-128", LINUX, GUEST)
    from_guest = Sa("aes-gcm-128", GUEST, LINUX)
    setkey_c(m, ["flush ;", "spdflush ;", to_guest.setkey_add(), from_guest.setkey_add(),
                 "spdadd %s %s any -P out ipsec esp/transport//require ;" % (GUEST, LINUX),
                 "spdadd %s %s any -P in ipsec esp/transport//require ;" % (LINUX, GUEST)])
    return to_guest, from_guest


def drivers(m):
    """{driver: (sessions open, requests done)} from kern.crypto.drivers."""
    out = sh(m, "/sbin/sysctl kern.crypto.drivers")
    return {d: (int(s), int(r)) for d, s, r in
            re.findall(r"(\w+)\((?:hw|sw) sessions=(\d+) requests=(\d+)", out)}


def sessions(m):
    return {d: s for d, (s, _) in drivers(m).items()}


def echo_ok(peer, to_guest, from_guest, seq):
    reply = peer.exchange(to_guest, from_guest, echo_request(LINUX, GUEST, 0x77, seq, 200))
    icmp = reply.getlayer("ICMP") if reply is not None else None
    return icmp is not None and icmp.type == 0 and icmp.seq == seq


def test_aesni_switch_under_traffic(env):
    _, m, peer = env
    assert "aesni" not in drivers(m)
    to_guest, from_guest = configure(m)
    peer.drain()
    # An SA gets its crypto session when it is first used.
    assert echo_ok(peer, to_guest, from_guest, 100)
    assert sessions(m) == {"cryptosoft": 2}

    results = []

    def traffic():
        for seq in range(1, 41):
            results.append(echo_ok(peer, to_guest, from_guest, seq))
            time.sleep(0.05)

    t = threading.Thread(target=traffic, daemon=True)
    t.start()
    time.sleep(0.5)
    out = sh(m, "/sbin/kldload -v aesni")
    t.join(180)
    assert re.search(r"Loaded aesni, id=\d+", out), out
    assert len(results) == 40 and all(results), results
    # The SAs that were open keep their sessions on cryptosoft.
    assert sessions(m) == {"cryptosoft": 2, "aesni": 0}

    # New SAs: aesni, by its priority; their traffic is aesni's.
    to_guest, from_guest = configure(m)
    before = drivers(m)
    for seq in range(1, 4):
        assert echo_ok(peer, to_guest, from_guest, seq)
    after = drivers(m)
    assert sessions(m) == {"cryptosoft": 0, "aesni": 2}
    assert after["aesni"][1] - before["aesni"][1] == 6        # 3 in, 3 out
    assert after["cryptosoft"][1] == before["cryptosoft"][1]

    # Busy while its sessions are open: refused, and still there.
    out = sh(m, "/sbin/kldunload aesni; echo rc=$?")
    # The program's EBUSY, and the kernel's reason on the console.
    assert "kldunload: can't unload file: Resource busy\nrc=1\n" in out, out
    assert "kldunload: aesni.ko: module aesni is busy (MOD_QUIESCE: error 16)" in out, out
    assert re.search(r" aesni\.ko$", sh(m, "/sbin/kldstat"), re.M)
    assert echo_ok(peer, to_guest, from_guest, 4)

    # Sessions gone: it goes; new SAs are cryptosoft's again.
    sh(m, "/sbin/setkey -F")
    assert sessions(m) == {"cryptosoft": 0, "aesni": 0}
    out = sh(m, "/sbin/kldunload aesni; echo rc=$?")
    assert out.endswith("rc=0\n") and "kldunload:" not in out, out
    assert "aesni" not in drivers(m)
    assert not re.search(r" aesni\.ko$", sh(m, "/sbin/kldstat"), re.M)
    to_guest, from_guest = configure(m)
    for seq in range(1, 4):
        assert echo_ok(peer, to_guest, from_guest, seq)
    assert sessions(m) == {"cryptosoft": 2}
