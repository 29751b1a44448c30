"""aesni.ko under IPsec traffic (issue 17).  The guest boots without the
AES-NI driver, so its first SAs' crypto sessions are cryptosoft's; while the
scapy peer (tests/lib/ipsec_peer.py) keeps exchanging ESP echo requests
with it, `kldload aesni` links the driver and not one exchange is lost.
The open SAs stay on cryptosoft; new SAs go to aesni by its priority.
`kldunload aesni` is refused (EBUSY) while its sessions are open and
succeeds once the SAs are flushed, after which new SAs are cryptosoft's
again and traffic still flows.  One boot for the module.
"""
import re
import threading
import time

import pytest

import netns
from ipsec_peer import Sa, echo_request, guest_with_peer
from kshell import run, setkey_c

pytestmark = pytest.mark.skipif(not netns.have_netns(), reason="needs root and /dev/net/tun")

GUEST = "10.9.0.2"
LINUX = "10.9.0.1"
MAC = "52:54:00:12:34:62"


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    # The root file system holds /boot/kernel/aesni.ko for kldload.
    rootfs = 'rootfs_load="YES"\nrootfs_type="rootfs"\nrootfs_name="/boot/rootfs.cpio"\n'
    with guest_with_peer(tmp_path_factory.mktemp("kld_aesni"), "kld_aesni", GUEST, LINUX, MAC,
                         conf=rootfs, tag="k", aesni=False) as (ns, m, peer):
        yield ns, m, peer


def configure(m):
    """Fresh AES-GCM SAs both ways (the old ones flushed) and policies."""
    to_guest = Sa("aes-gcm-128", LINUX, GUEST)
    from_guest = Sa("aes-gcm-128", GUEST, LINUX)
    run(m, "setkey -F")
    run(m, "setkey -FP")
    setkey_c(m, [to_guest.setkey_add(), from_guest.setkey_add(),
                 "spdadd %s %s any -P out ipsec esp/transport//require ;" % (GUEST, LINUX),
                 "spdadd %s %s any -P in ipsec esp/transport//require ;" % (LINUX, GUEST)])
    return to_guest, from_guest


def drivers(m):
    """{driver: (sessions open, requests done)} from kern.crypto.drivers."""
    out = run(m, "sysctl kern.crypto.drivers")
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
    out = run(m, "kldload -v aesni")
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
    out = run(m, "kldunload aesni")
    assert out == "kldunload: aesni.ko: module aesni is busy (MOD_QUIESCE: error 16)", out
    assert re.search(r" aesni\.ko$", run(m, "kldstat"), re.M)
    assert echo_ok(peer, to_guest, from_guest, 4)

    # Sessions gone: it goes; new SAs are cryptosoft's again.
    run(m, "setkey -F")
    assert sessions(m) == {"cryptosoft": 0, "aesni": 0}
    assert run(m, "kldunload aesni") == ""
    assert "aesni" not in drivers(m)
    assert not re.search(r" aesni\.ko$", run(m, "kldstat"), re.M)
    to_guest, from_guest = configure(m)
    for seq in range(1, 4):
        assert echo_ok(peer, to_guest, from_guest, seq)
    assert sessions(m) == {"cryptosoft": 2}
