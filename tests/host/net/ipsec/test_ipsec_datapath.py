"""Host tests of the IPsec datapath (net/ipsec/xform_esp.c, xform_ah.c,
ipsec_input.c, ipsec_output.c, ipsec_replay.c) under ASan/UBSan.

The driver (tests/host/net/ipsec/datapath_driver.c) runs the net/ stack, the
key engine and the transforms over the host crypto framework
(tests/host/lib/crypto_host.c).  SAs and policies go in through setkey,
i.e. real PF_KEY messages through key_parse.  Every ESP/AH packet fed in is
built here, independently of the C code, with pyca/cryptography after
RFC 4303 (ESP), RFC 4106 (AES-GCM), RFC 7634 (ChaCha20-Poly1305), RFC 3602
+ RFC 4868 (AES-CBC + HMAC-SHA-256-128) and RFC 4302 (AH); every protected
packet the stack sends is decrypted and verified here the same way.  Drops
are checked in the counters netstat -s -p esp/ah/ipsec prints
(ipsec_print_stats), and every run must end with no mbuf, tag or crypto
session left.
"""
import hashlib
import hmac
import os
import struct

import host_sources
import pytest
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM, ChaCha20Poly1305
from scapy.all import ARP, IP, UDP, Ether, Raw

OUR_MAC = "02:00:00:00:00:01"
PEER_MAC = "02:00:00:00:00:02"
OUR = "10.0.0.1"
PEER = "10.0.0.2"
REMOTE_NET = "192.168.5.0/24"     # behind the peer (tunnel mode)
REMOTE = "192.168.5.5"


def datapath_sources():
    """The stack, the key engine, the datapath, the crypto framework's
    portable part and the algorithms, over the host platform."""
    return (host_sources.opencrypto() + host_sources.net() + host_sources.ipsec_key() +
            host_sources.ipsec_datapath() + host_sources.crypto())


# --- ESP and AH, built independently ---------------------------------------

class SA:
    """One SA as both ends know it, and the RFC packet formats over it."""

    def __init__(self, alg, spi, src, dst, mode="transport", esn=False, window=None):
        self.alg, self.spi, self.src, self.dst = alg, spi, src, dst
        self.mode, self.esn, self.window = mode, esn, window
        self.ekey = self.akey = b""
        if alg == "gcm128":
            self.ekey = os.urandom(20)
        elif alg in ("gcm256", "chacha"):
            self.ekey = os.urandom(36)
        elif alg == "cbc":
            self.ekey, self.akey = os.urandom(16), os.urandom(32)
        elif alg == "cbc_only":                 # encryption without authentication
            self.ekey = os.urandom(16)
        elif alg == "ctr":                      # RFC 3686: key + 4-byte nonce, no authentication
            self.ekey = os.urandom(20)
        elif alg in ("null", "ah"):
            self.akey = os.urandom(32)
        self.aead = alg in ("gcm128", "gcm256", "chacha")
        self.blk = 16 if alg in ("cbc", "cbc_only") else 4

    def setkey(self):
        proto = "ah" if self.alg == "ah" else "esp"
        opts = "-m %s" % self.mode
        # setkey -r is in bytes (FreeBSD); the tests count packets, and
        # without a window of their own want RFC 4303's 64.
        opts += " -r %d" % ((64 if self.window is None else self.window) // 8)
        if self.esn:
            opts += " -f esn"
        ealg = {"gcm128": "aes-gcm-16", "gcm256": "aes-gcm-16", "chacha": "chacha20-poly1305",
                "cbc": "rijndael-cbc", "cbc_only": "rijndael-cbc", "ctr": "aes-ctr",
                "null": "null"}.get(self.alg)
        keys = ""
        if ealg is not None:
            keys += " -E %s %s" % (ealg, "0x" + self.ekey.hex() if self.ekey else "")
        if self.akey:
            keys += " -A hmac-sha256 0x" + self.akey.hex()
        return "setkey add %s %s %s 0x%x %s%s ;" % (self.src, self.dst, proto, self.spi, opts, keys)

    def _aead(self):
        key = self.ekey[:-4]
        return (ChaCha20Poly1305(key) if self.alg == "chacha" else AESGCM(key)), self.ekey[-4:]

    def _hmac(self, data):
        """The ICV of an HMAC-SHA-256-128 SA (RFC 4868), none without a key."""
        if not self.akey:
            return b""
        return hmac.new(self.akey, data, hashlib.sha256).digest()[:16]

    def _cipher(self, iv):
        """AES-CBC (RFC 3602) or AES-CTR with the RFC 3686 counter block."""
        if self.alg == "ctr":
            return Cipher(algorithms.AES(self.ekey[:-4]),
                          modes.CTR(self.ekey[-4:] + iv + b"\0\0\0\1"))
        return Cipher(algorithms.AES(self.ekey), modes.CBC(iv))

    def _aad(self, seq):
        spi = struct.pack(">I", self.spi)
        if self.esn:
            return spi + struct.pack(">II", seq >> 32, seq & 0xffffffff)
        return spi + struct.pack(">I", seq & 0xffffffff)

    def esp(self, seq, payload, nh, pad=None, padlen=None, iv=None):
        """The ESP payload (RFC 4303 2) carrying `payload` with next header nh
        (a random IV unless one is given)."""
        hdr = struct.pack(">II", self.spi, seq & 0xffffffff)
        if pad is None:
            pad = bytes(range(1, (-(len(payload) + 2)) % self.blk + 1))
        pt = payload + pad + bytes([len(pad) if padlen is None else padlen, nh])
        if self.aead:
            aead, salt = self._aead()
            iv = os.urandom(8) if iv is None else iv
            return hdr + iv + aead.encrypt(salt + iv, pt, self._aad(seq))
        if self.alg in ("cbc", "cbc_only", "ctr"):
            iv = os.urandom(8 if self.alg == "ctr" else 16) if iv is None else iv
            enc = self._cipher(iv).encryptor()
            body = hdr + iv + enc.update(pt) + enc.finalize()
            return body + self._hmac(body + self._esn_hi(seq))
        body = hdr + pt                                  # NULL encryption (RFC 2410)
        return body + self._hmac(body + self._esn_hi(seq))

    def esp_open(self, data, seq_hi=0):
        """Verifies and decrypts an ESP payload: (seq, next header, payload)."""
        spi, seql = struct.unpack(">II", data[:8])
        assert spi == self.spi
        seq = seq_hi << 32 | seql
        if self.aead:
            aead, salt = self._aead()
            iv = data[8:16]
            pt = aead.decrypt(salt + iv, data[16:], self._aad(seq))   # raises on a bad ICV
        else:
            icvlen = 16 if self.akey else 0
            body, icv = data[:len(data) - icvlen], data[len(data) - icvlen:]
            want = self._hmac(body + self._esn_hi(seq))     # RFC 4303 2.2.1
            assert hmac.compare_digest(want, icv), "ESP ICV does not verify"
            if self.alg != "null":
                ivlen = 8 if self.alg == "ctr" else 16
                dec = self._cipher(body[8:8 + ivlen]).decryptor()
                pt = dec.update(body[8 + ivlen:]) + dec.finalize()
            else:
                pt = body[8:]
        padlen, nh = pt[-2], pt[-1]
        assert pt[-2 - padlen:-2] == bytes(range(1, padlen + 1)), "bad padding"
        return seq, nh, pt[:-2 - padlen]

    def ah_packet(self, seq, payload, nh, src=None, dst=None, ttl=64, tos=0x10):
        """A whole IPv4 packet with AH (RFC 4302 3.3.3: mutable fields as zero)."""
        src, dst = src or self.src, dst or self.dst
        body = bytes([nh, 5, 0, 0]) + struct.pack(">II", self.spi, seq & 0xffffffff)
        muted = bytearray(bytes(IP(src=src, dst=dst, proto=51, id=0x1234, ttl=0, tos=0, flags=0)
                                / Raw(body + bytes(16) + payload)))
        muted[10:12] = b"\0\0"
        icv = self._hmac(bytes(muted) + self._esn_hi(seq))
        return IP(src=src, dst=dst, proto=51, id=0x1234, ttl=ttl, tos=tos, flags="DF") / \
            Raw(body + icv + payload)

    def _esn_hi(self, seq):
        """With ESN an HMAC ICV also covers the high-order 32 bits, appended
        after the data for the computation only (ESP: RFC 4303 2.2.1, AH:
        RFC 4302 2.5.1/3.3.3.1); AEADs have them in the AAD instead."""
        return struct.pack(">I", seq >> 32) if self.esn else b""

    def ah_open(self, ip, seq_hi=0):
        """Verifies an AH packet (scapy IP): (seq, next header, payload)."""
        raw = bytearray(bytes(ip))
        hl = (raw[0] & 15) * 4
        nh, seq, icv = raw[hl], struct.unpack(">I", raw[hl + 8:hl + 12])[0], bytes(raw[hl + 12:hl + 28])
        assert struct.unpack(">I", raw[hl + 4:hl + 8])[0] == self.spi
        muted = bytearray(raw)
        muted[1] = 0
        muted[6:8] = b"\0\0"
        muted[8] = 0
        muted[10:12] = b"\0\0"
        muted[hl + 12:hl + 28] = bytes(16)
        want = self._hmac(bytes(muted) + self._esn_hi(seq_hi << 32))
        assert hmac.compare_digest(want, icv), "AH ICV does not verify"
        return seq, nh, bytes(raw[hl + 28:])


def udp_to_echo(src=PEER, dst=OUR, data=b"hello ipsec", sport=5000):
    return IP(src=src, dst=dst, ttl=64) / UDP(sport=sport, dport=7) / Raw(data)


def protect(sa, seq, inner, **kw):
    """inner (scapy IP) protected by sa for the wire: a scapy IP packet."""
    if sa.alg == "ah":
        if sa.mode == "tunnel":
            return sa.ah_packet(seq, bytes(inner), 4)
        ip = IP(bytes(inner))
        return sa.ah_packet(seq, bytes(ip.payload), ip.proto, src=ip.src, dst=ip.dst)
    if sa.mode == "tunnel":
        return IP(src=sa.src, dst=sa.dst, proto=50) / Raw(sa.esp(seq, bytes(inner), 4, **kw))
    ip = IP(bytes(inner))
    return IP(src=ip.src, dst=ip.dst, proto=50) / Raw(sa.esp(seq, bytes(ip.payload), ip.proto, **kw))


def unprotect(sa, ip, seq_hi=0):
    """A protected packet the stack sent: (seq, the inner packet as scapy IP)."""
    if sa.alg == "ah":
        assert ip.proto == 51
        seq, nh, data = sa.ah_open(ip, seq_hi)
    else:
        assert ip.proto == 50
        seq, nh, data = sa.esp_open(bytes(ip.payload), seq_hi)
    if sa.mode == "tunnel":
        assert nh == 4 and (ip.src, ip.dst) == (sa.src, sa.dst)
        return seq, IP(data)
    hdr = IP(bytes(ip))
    return seq, IP(src=hdr.src, dst=hdr.dst, proto=nh, ttl=hdr.ttl) / Raw(data)


def frame(ip):
    return "in " + bytes(Ether(src=PEER_MAC, dst=OUR_MAC) / ip).hex()


ARP_PRIME = "in " + bytes(Ether(src=PEER_MAC, dst="ff:ff:ff:ff:ff:ff") /
                          ARP(op=1, hwsrc=PEER_MAC, psrc=PEER, pdst=OUR)).hex()


# --- running the driver ------------------------------------------------------

class Run:
    def __init__(self, out):
        self.out = out
        self.lines = out.splitlines()
        self.tx = [Ether(bytes.fromhex(ln.split()[2])) for ln in self.lines if ln.startswith("TX ")]
        self.stat = {}          # ("esp", "packets in") -> n, from the netstat text
        section = None
        for ln in self.lines:
            if ln in ("esp:", "ah:", "ipsec:"):
                section = ln[:-1]
            elif section and ln.startswith("\t") and ln.strip().split()[0].isdigit():
                n, what = ln.strip().split(" ", 1)
                self.stat[(section, what)] = int(n)
        self.crypto = [ln for ln in self.lines if ln.startswith("CRYPTO ")]

    def ip_tx(self):
        return [IP(bytes(p[IP])) for p in self.tx if IP in p]

    def esp(self, what):
        return self.stat[("esp", what)]

    def ah(self, what):
        return self.stat[("ah", what)]

    def ipsec(self, what):
        return self.stat[("ipsec", what)]

    def sastat(self):
        return [dict(kv.split("=") for kv in ln.split()[1:]) for ln in self.lines
                if ln.startswith("SASTAT ")]


@pytest.fixture(scope="module")
def dp(host):
    prog = host.compile("ipsec_datapath", ["tests/host/net/ipsec/datapath_driver.c",
                                           host_sources.SCRIPT, *datapath_sources()],
                        extra_flags=["-I", str(host.top / "kernel")])

    def run(lines):
        script = ["if %s %s/24" % (OUR_MAC, OUR), "echo", ARP_PRIME, *lines, "netstat"]
        r = host.run(prog, input="\n".join(script) + "\n", timeout=120)
        assert r.returncode == 0, "exit %d\n%s\n%s" % (r.returncode, r.stdout[-3000:],
                                                      r.stderr[-5000:])
        res = Run(r.stdout)
        assert "SCRIPT-ERROR" not in r.stdout
        assert not any(
            ln.startswith("SETKEY-END errors=") and ln != "SETKEY-END errors=0"
            for ln in res.lines), r.stdout[-3000:]
        assert res.lines[-1] == "MBUFS 0 0 0 0", "leak: %s" % res.lines[-2:]
        final = dict(kv.split("=") for kv in res.crypto[-1].split()[1:])
        assert final["sessions"] == "0" and final["pending"] == "0", res.crypto[-1]
        return res
    return run


def pair(alg, mode="transport", **kw):
    """An inbound SA (peer -> us) and an outbound one (us -> peer)."""
    sin = SA(alg, 0x1000 + hash(alg) % 0x1000, PEER, OUR, mode, **kw)
    sout = SA(alg, 0x2000 + hash(alg) % 0x1000, OUR, PEER, mode, **kw)
    sout.ekey, sout.akey = os.urandom(len(sin.ekey)), os.urandom(len(sin.akey))
    return sin, sout


def policies(proto, mode="transport", local=OUR, remote=PEER, level="require"):
    if mode == "tunnel":
        return ["setkey spdadd %s %s any -P in ipsec %s/tunnel/%s-%s/%s ;" %
                (REMOTE_NET, local, proto, PEER, OUR, level),
                "setkey spdadd %s %s any -P out ipsec %s/tunnel/%s-%s/%s ;" %
                (local, REMOTE_NET, proto, OUR, PEER, level)]
    return ["setkey spdadd %s %s any -P in ipsec %s/transport//%s ;" % (remote, local, proto, level),
            "setkey spdadd %s %s any -P out ipsec %s/transport//%s ;" % (local, remote, proto, level)]


def check_echo(sa_out, ip, data=b"hello ipsec", dst=PEER, seq=1):
    seq_got, inner = unprotect(sa_out, ip)
    assert seq_got == seq
    assert inner.src == OUR and inner.dst == dst
    u = UDP(bytes(inner.payload)) if inner.proto == 17 else None
    assert u is not None and u.sport == 7 and u.dport == 5000 and bytes(u.payload) == data
    return inner


# --- accepted traffic ---------------------------------------------------------

@pytest.mark.parametrize("alg", ["gcm128", "gcm256", "chacha", "cbc", "null", "ah",
                                 "ctr", "cbc_only"])
def test_transport_echo(dp, alg):
    """A protected UDP echo request is accepted, decapsulated, answered, and the
    answer leaves protected by the outbound SA; Python verifies both ways."""
    sin, sout = pair(alg)
    proto = "ah" if alg == "ah" else "esp"
    r = dp([sin.setkey(), sout.setkey(), *policies(proto),
            frame(protect(sin, 1, udp_to_echo())),
            frame(protect(sin, 2, udp_to_echo(data=b"second" * 50))),
            "sastat %s %s %x" % (OUR, proto, sin.spi), "sastat %s %s %x" % (PEER, proto, sout.spi)])
    ips = r.ip_tx()
    assert len(ips) == 2, r.out[-3000:]
    check_echo(sout, ips[0], seq=1)
    check_echo(sout, ips[1], data=b"second" * 50, seq=2)
    st = r.stat
    assert st[(proto, "packets in")] == 2 and st[(proto, "packets out")] == 2
    assert st[(proto, "bytes in (decapsulated)")] == 2 * 8 + len(b"hello ipsec") + 300
    drops = [k for k, v in st.items() if "dropped" in k[1] and v != 0]
    assert drops == []
    sin_st, sout_st = r.sastat()
    assert sin_st["ipackets"] == "2" and sout_st["opackets"] == "2"


@pytest.mark.parametrize("alg", ["gcm128", "cbc", "ah"])
def test_tunnel_echo(dp, alg):
    """Tunnel mode: the inner packet from a host behind the peer comes out of
    the tunnel, is answered, and the answer goes back in a new outer header."""
    sin, sout = pair(alg, mode="tunnel")
    proto = "ah" if alg == "ah" else "esp"
    r = dp(["route %s %s" % (REMOTE_NET, PEER), sin.setkey(), sout.setkey(),
            *policies(proto, "tunnel"),
            frame(protect(sin, 1, udp_to_echo(src=REMOTE)))])
    ips = r.ip_tx()
    assert len(ips) == 1, r.out[-3000:]
    assert (ips[0].src, ips[0].dst) == (OUR, PEER)
    check_echo(sout, ips[0], dst=REMOTE)
    assert r.stat[(proto, "packets in")] == 1 and r.stat[(proto, "packets out")] == 1


def test_output_esp(dp):
    """A UDP send under an outbound require policy leaves as ESP."""
    sin, sout = pair("gcm128")
    r = dp([sout.setkey(), *policies("esp")[1:],
            "udp_send 5000 %s 9 %s" % (PEER, b"out bound".hex())])
    ips = r.ip_tx()
    assert len(ips) == 1 and "UDP_SEND rc=9" in r.lines       # udp_sendto returns the length
    seq, inner = unprotect(sout, ips[0])
    u = UDP(bytes(inner.payload))
    assert seq == 1 and u.sport == 5000 and u.dport == 9 and bytes(u.payload) == b"out bound"
    assert r.esp("packets out") == 1 and r.esp("bytes out (before protection)") == 8 + 9


def test_output_no_sa_acquire(dp):
    """No SA for a require policy: ACQUIRE to the registered key socket, the
    packet dropped and counted, nothing sent."""
    r = dp(["register", "keymsgs", *policies("esp")[1:],
            "udp_send 5000 %s 9 %s" % (PEER, b"x".hex()), "keymsgs"])
    assert r.ip_tx() == []
    acq = [ln for ln in r.lines if ln.startswith("KEYMSG type=6 ")]
    assert acq == ["KEYMSG type=6 satype=3 errno=0"], r.out[-2000:]
    assert r.ipsec("outbound packets dropped: no SA (ACQUIRE sent)") == 1
    sent = [ln for ln in r.lines if ln.startswith("UDP_SEND")]
    assert len(sent) == 1 and int(sent[0].split("=")[1]) < 0, sent     # the sender hears of it


# --- replay ------------------------------------------------------------------

@pytest.mark.parametrize("window", [64, 1024])
def test_replay_window(dp, window):
    """RFC 4303 3.4.3: a seen number and one left of the window are dropped,
    one at the window's left edge is accepted."""
    sin, _ = pair("gcm128", window=window)
    hi = window + 100
    seqs = [(1, True), (1, False), (hi, True), (hi - window, False),
            (hi - window + 1, True), (hi - window + 1, False), (hi, False), (hi + 1, True)]
    r = dp([sin.setkey(), *[frame(protect(sin, s, udp_to_echo(data=b"%d" % s))) for s, _ in seqs],
            "sastat %s esp %x" % (OUR, sin.spi)])
    ok = sum(1 for _, a in seqs if a)
    assert r.esp("packets in") == ok
    assert r.esp("packets dropped: replayed or outside the window") == len(seqs) - ok
    assert r.sastat()[0]["replay"] == str(len(seqs) - ok)
    assert len(r.ip_tx()) == ok          # answered in clear: no outbound policy


def test_replay_in_flight(dp):
    """Two copies queued before any callback runs both pass the pre-check; the
    window update after the ICV verified drops the second."""
    sin, _ = pair("cbc")
    pkt = frame(protect(sin, 5, udp_to_echo())).replace("in ", "inq ", 1)
    r = dp([sin.setkey(), pkt, pkt, "drain"])
    assert "DRAIN n=2" in r.lines
    assert r.esp("packets in") == 1
    assert r.esp("packets dropped: replayed or outside the window") == 1


def test_esn_wraparound(dp):
    """RFC 4303 Appendix A: with ESN the low 32 bits wrap (0xffffffff, then
    0x1_00000000...) and the high bits, sent nowhere, are authenticated."""
    sin, sout = pair("gcm128", esn=True)
    # A sender may jump ahead; the receiver infers the high half from its
    # window (Appendix A2.1), so get there by 1, 2^31 - 1, then up to the wrap.
    seqs = [1, 0x7fffffff, 0xfffffffe, 0xffffffff, 0x1_00000000, 0x1_00000001, 0x0_fffffff0]
    lines = [frame(protect(sin, s, udp_to_echo())) for s in seqs]
    lines.append(frame(protect(sin, 0xffffffff, udp_to_echo())))       # replay across the wrap
    lines.append(frame(protect(sin, 0x0_00000005, udp_to_echo())))      # wrong high half: ICV fails
    r = dp([sin.setkey(), sout.setkey(), *policies("esp"), *lines])
    assert r.esp("packets in") == len(seqs)
    ips = r.ip_tx()
    assert len(ips) == len(seqs)
    for n, ip in enumerate(ips, 1):     # the answers: AAD = SPI | seq_hi | seq_lo
        check_echo(sout, ip, seq=n)
    assert r.esp("packets dropped: replayed or outside the window") == 1
    assert r.esp("packets dropped: authentication failed") == 1


@pytest.mark.parametrize("alg", ["gcm128", "cbc"])
def test_esn_without_replay_window(dp, alg):
    """ESN with the replay check off (-r 0): no packet is refused as a
    replay, but the receiver still follows the sender's high 32 bits
    (RFC 4303 Appendix A2.1) -- they used to be taken as 0 for ever, so past
    2^32 packets every ICV failed."""
    sin, sout = pair(alg, esn=True, window=0)
    seqs = [1, 0x7fffffff, 0xfffffff0, 0xffffffff, 0x1_00000000, 0x1_00000001,
            0x0_fffffff8, 0x1_00000001, 0x1_70000000, 0x1_e0000000, 0x2_00000010]
    r = dp([sin.setkey(), sout.setkey(), *policies("esp"),
            *[frame(protect(sin, s, udp_to_echo())) for s in seqs]])
    assert r.esp("packets in") == len(seqs)          # replays too: the check is off
    assert r.esp("packets dropped: authentication failed") == 0
    assert len(r.ip_tx()) == len(seqs)


@pytest.mark.parametrize("alg", ["cbc", "null"])
def test_esn_hmac(dp, alg):
    """ESN with an HMAC ICV: the high bits are hashed after the trailer
    (RFC 4303 2.2.1), on input across the wrap and on output; a packet
    whose ICV leaves them out fails."""
    sin, sout = pair(alg, esn=True)
    seqs = [1, 0x7fffffff, 0xffffffff, 0x1_00000000]
    lines = [frame(protect(sin, s, udp_to_echo())) for s in seqs]
    plain = SA(alg, sin.spi, PEER, OUR)
    plain.ekey, plain.akey = sin.ekey, sin.akey
    lines.append(frame(protect(plain, 0x1_00000001, udp_to_echo())))
    r = dp([sin.setkey(), sout.setkey(), *policies("esp"), *lines])
    assert r.esp("packets in") == len(seqs)
    assert r.esp("packets dropped: authentication failed") == 1
    ips = r.ip_tx()
    assert len(ips) == len(seqs)
    for n, ip in enumerate(ips, 1):
        check_echo(sout, ip, seq=n)


# --- bad packets -------------------------------------------------------------

@pytest.mark.parametrize("alg", ["gcm128", "chacha", "cbc", "null", "ah"])
def test_bad_icv(dp, alg):
    """A flipped ICV bit: authentication failure; the forged packet does not
    move the window, so the genuine one with the same number still passes."""
    sin, _ = pair(alg)
    good = protect(sin, 7, udp_to_echo())
    raw = bytearray(bytes(good))
    raw[-1 if alg != "ah" else 20 + 12] ^= 0x01
    r = dp([sin.setkey(), frame(IP(bytes(raw))), frame(good),
            "sastat %s %s %x" % (OUR, "ah" if alg == "ah" else "esp", sin.spi)])
    proto = "ah" if alg == "ah" else "esp"
    assert r.stat[(proto, "packets dropped: authentication failed")] == 1
    assert r.stat[(proto, "packets in")] == 1 and len(r.ip_tx()) == 1
    assert r.sastat()[0]["authfail"] == "1"


@pytest.mark.parametrize("alg", ["gcm128", "cbc"])
def test_bad_padding(dp, alg):
    """Authentic packets whose padding is wrong (not 1, 2, 3... or longer
    than the payload) are dropped after decryption."""
    sin, _ = pair(alg)
    inner = udp_to_echo(data=b"abcdefghi")
    n = (-(len(bytes(inner.payload)) + 2)) % sin.blk or sin.blk
    wrong = bytes([9]) * n
    r = dp([sin.setkey(), frame(protect(sin, 1, inner, pad=wrong)),
            frame(protect(sin, 2, inner, pad=bytes(range(1, n + 1)), padlen=250))])
    assert r.esp("packets dropped: bad padding") == 2
    assert r.esp("packets in") == 0 and r.ip_tx() == []


def test_truncated(dp):
    """Too short for the ESP/AH header, or for the algorithm's IV + ICV."""
    sin, _ = pair("gcm128")
    ah_in, _ = pair("ah")
    whole = protect(sin, 1, udp_to_echo())
    cut = IP(src=PEER, dst=OUR, proto=50) / Raw(bytes(whole.payload)[:30])
    stub = IP(src=PEER, dst=OUR, proto=50) / Raw(bytes(whole.payload)[:6])
    cbc, _ = pair("cbc")
    odd = IP(src=PEER, dst=OUR, proto=50) / Raw(bytes(protect(cbc, 1, udp_to_echo()).payload)[:-20])
    ah_stub = IP(src=PEER, dst=OUR, proto=51) / Raw(bytes(protect(ah_in, 1, udp_to_echo()).payload)[:20])
    r = dp([sin.setkey(), cbc.setkey(), ah_in.setkey(), frame(IP(bytes(cut))), frame(stub),
            frame(IP(bytes(odd))), frame(ah_stub)])
    assert r.esp("packets dropped: header too short") == 1
    assert r.esp("packets dropped: bad length for the algorithm") == 2
    assert r.ah("packets dropped: header too short") == 1
    assert r.esp("packets in") == 0 and r.ip_tx() == []


def test_unknown_spi(dp):
    sin, _ = pair("gcm128")
    other = SA("gcm128", 0xdead, PEER, OUR)
    ah = SA("ah", 0xbeef, PEER, OUR)
    r = dp([sin.setkey(), frame(protect(other, 1, udp_to_echo())),
            frame(protect(ah, 1, udp_to_echo()))])
    assert r.esp("packets dropped: no SA for the SPI") == 1
    assert r.ah("packets dropped: no SA for the SPI") == 1


def test_clear_where_policy_requires_esp(dp):
    """A clear packet a policy says must come under ESP is dropped silently
    (counted), and so is one protected by AH instead."""
    sin, _ = pair("gcm128")
    ah_in, _ = pair("ah")
    r = dp([sin.setkey(), ah_in.setkey(), *policies("esp")[:1], frame(udp_to_echo()),
            frame(protect(ah_in, 1, udp_to_echo())), frame(protect(sin, 1, udp_to_echo()))])
    assert r.ipsec("inbound packets violated policy (clear or wrong SA)") == 2
    assert r.esp("packets in") == 1 and r.ah("packets in") == 1
    assert len(r.ip_tx()) == 1          # only the ESP one was answered


def test_wrong_next_header(dp):
    """An authentic transport-mode packet carrying IPv4 (nh 4) is a mode
    mismatch: dropped and counted."""
    sin, _ = pair("gcm128")
    pkt = IP(src=PEER, dst=OUR, proto=50) / Raw(sin.esp(1, bytes(udp_to_echo()), 4))
    r = dp([sin.setkey(), frame(pkt)])
    assert r.esp("packets dropped: next header wrong for the SA's mode") == 1
    assert r.ip_tx() == []


def test_ah_esn(dp):
    """AH with ESN (RFC 4302 2.5.1): the ICV covers the high 32 bits, appended
    after the packet for the computation only — both on input, across the
    wrap of the low half, and on output (the answers Python verifies)."""
    sin, sout = pair("ah", esn=True)
    seqs = [1, 0x7fffffff, 0xffffffff, 0x1_00000000]
    lines = [frame(protect(sin, s, udp_to_echo())) for s in seqs]
    plain = SA("ah", sin.spi, PEER, OUR)          # the same key, ICV without the high bits
    plain.akey = sin.akey
    lines.append(frame(protect(plain, 0x1_00000001, udp_to_echo())))
    r = dp([sin.setkey(), sout.setkey(), *policies("ah"), *lines])
    assert r.ah("packets in") == len(seqs)
    assert r.ah("packets dropped: authentication failed") == 1
    ips = r.ip_tx()
    assert len(ips) == len(seqs)
    for n, ip in enumerate(ips, 1):
        check_echo(sout, ip, seq=n)


def test_sa_deleted_in_flight(dp):
    """An SA deleted while a packet is with the crypto framework: the
    request keeps the SA and its session alive, the callback finishes the
    packet, and the last reference frees both (no use after free, no leak)."""
    sin, _ = pair("cbc")
    pkt = frame(protect(sin, 1, udp_to_echo())).replace("in ", "inq ", 1)
    r = dp([sin.setkey(), pkt, "crypto",
            "setkey delete %s %s esp 0x%x ;" % (PEER, OUR, sin.spi), "sastat %s esp %x" % (OUR, sin.spi),
            "drain", "crypto", frame(protect(sin, 2, udp_to_echo()))])
    assert r.crypto[0].startswith("CRYPTO sessions=1 pending=1 ")
    assert "SASTAT none" in r.lines and "DRAIN n=1" in r.lines
    assert r.crypto[1].startswith("CRYPTO sessions=0 pending=0 ")
    assert r.esp("packets in") == 1 and r.esp("packets dropped: no SA for the SPI") == 1
    assert len(r.ip_tx()) == 1


def test_fragments_both_ways(dp):
    """A large echo request under ESP arrives in IP fragments (reassembled,
    so ESP input sees an mbuf chain); the protected answer is larger than
    the MTU and leaves fragmented; Python reassembles and decrypts it."""
    from scapy.all import defragment, fragment
    sin, sout = pair("gcm128")
    data = bytes(range(256)) * 6
    pkt = protect(sin, 1, udp_to_echo(data=data))
    frags = fragment(IP(bytes(pkt)), fragsize=600)
    assert len(frags) >= 3
    r = dp([sin.setkey(), sout.setkey(), *policies("esp"), *[frame(f) for f in frags]])
    out = r.ip_tx()
    assert len(out) >= 2 and all(len(bytes(p)) <= 1500 for p in out)
    whole = defragment(out)
    assert len(whole) == 1
    check_echo(sout, IP(bytes(whole[0])), data=data)
    assert r.esp("packets in") == 1 and r.esp("packets out") == 1


# --- which SA may speak for whom (RFC 4301 5.2) ------------------------------
# Two peers, each with its own SAs: after decryption a packet must match the
# policy that covers it *and* have come through an SA that policy allows
# (tunnel: the SA's ends are the request's; transport: the SA's addresses
# are the packet's).  A peer holding valid keys of its own must not be able
# to speak for the other.

PEER_B = "10.0.0.3"
PEER_B_MAC = "02:00:00:00:00:03"
REMOTE_B_NET = "192.168.6.0/24"   # behind peer B
REMOTE_B = "192.168.6.6"
ARP_PRIME_B = "in " + bytes(Ether(src=PEER_B_MAC, dst="ff:ff:ff:ff:ff:ff") /
                            ARP(op=1, hwsrc=PEER_B_MAC, psrc=PEER_B, pdst=OUR)).hex()
POLVIO = "inbound packets violated policy (clear or wrong SA)"


def echo_dsts(r):
    """(destination, payload) of each UDP echo answer sent in clear."""
    return [(ip.dst, bytes(ip[UDP].payload)) for ip in r.ip_tx() if UDP in ip and ip[UDP].sport == 7]


@pytest.mark.parametrize("alg", ["gcm128", "ah"])
def test_tunnel_sa_of_one_peer_cannot_speak_for_another(dp, alg):
    """Peer B's tunnel SA carrying a packet from A's protected network is a
    policy violation; the same SA carrying B's own network's packet, and A's
    SA carrying A's, are accepted and answered."""
    a_in = SA(alg, 0x3001, PEER, OUR, "tunnel")
    b_in = SA(alg, 0x3002, PEER_B, OUR, "tunnel")
    proto = "ah" if alg == "ah" else "esp"
    r = dp(["route %s %s" % (REMOTE_NET, PEER), "route %s %s" % (REMOTE_B_NET, PEER_B),
            ARP_PRIME_B, a_in.setkey(), b_in.setkey(),
            "setkey spdadd %s %s any -P in ipsec %s/tunnel/%s-%s/require ;" % (
                REMOTE_NET, OUR, proto, PEER, OUR),
            "setkey spdadd %s %s any -P in ipsec %s/tunnel/%s-%s/require ;" % (
                REMOTE_B_NET, OUR, proto, PEER_B, OUR),
            frame(protect(b_in, 1, udp_to_echo(src=REMOTE, data=b"B as A"))),
            frame(protect(b_in, 2, udp_to_echo(src=REMOTE_B, data=b"B as B"))),
            frame(protect(a_in, 1, udp_to_echo(src=REMOTE, data=b"A as A")))])
    assert r.stat[(proto, "packets in")] == 3          # all three decrypted...
    assert r.ipsec(POLVIO) == 1                         # ...one refused after
    assert echo_dsts(r) == [(REMOTE_B, b"B as B"), (REMOTE, b"A as A")]


@pytest.mark.parametrize("alg", ["gcm128", "ah"])
def test_transport_sa_of_one_peer_cannot_claim_another_address(dp, alg):
    """In transport mode peer B, with its own SA, writes A's address as the
    source: the SA's addresses are not the packet's, a policy violation."""
    a_in = SA(alg, 0x3011, PEER, OUR)
    b_in = SA(alg, 0x3012, PEER_B, OUR)
    proto = "ah" if alg == "ah" else "esp"
    r = dp([ARP_PRIME_B, a_in.setkey(), b_in.setkey(),
            "setkey spdadd %s %s any -P in ipsec %s/transport//require ;" % (PEER, OUR, proto),
            "setkey spdadd %s %s any -P in ipsec %s/transport//require ;" % (PEER_B, OUR, proto),
            frame(protect(b_in, 1, udp_to_echo(src=PEER, data=b"B as A"))),
            frame(protect(b_in, 2, udp_to_echo(src=PEER_B, data=b"B as B"))),
            frame(protect(a_in, 1, udp_to_echo(src=PEER, data=b"A as A")))])
    assert r.stat[(proto, "packets in")] == 3
    assert r.ipsec(POLVIO) == 1
    assert echo_dsts(r) == [(PEER_B, b"B as B"), (PEER, b"A as A")]


def test_unique_policy_wants_its_own_sa(dp):
    """A "unique" request with a reqid is satisfied only by the SA carrying
    that reqid, even between the same two addresses."""
    good = SA("gcm128", 0x3021, PEER, OUR)
    other = SA("gcm128", 0x3022, PEER, OUR)
    r = dp([good.setkey().replace("-m transport", "-m transport -u 7"),
            other.setkey().replace("-m transport", "-m transport -u 8"),
            "setkey spdadd %s %s any -P in ipsec esp/transport//unique:7 ;" % (PEER, OUR),
            frame(protect(other, 1, udp_to_echo(data=b"reqid 8"))),
            frame(protect(good, 1, udp_to_echo(data=b"reqid 7")))])
    assert r.esp("packets in") == 2 and r.ipsec(POLVIO) == 1
    assert echo_dsts(r) == [(PEER, b"reqid 7")]


# --- fragments and protection -------------------------------------------------
# Rule (net/ip_reass.c): fragments join only fragments that carry the same
# IPsec history (the same SA or SAs); clear ones never join protected ones,
# nor one SA's another's.  A datagram is protected only if every fragment was.

FRAGMIX = "fragments not joined: protected unlike the rest of their datagram"


def inner_fragments(data, src=REMOTE, ident=0x4242):
    """An echo request from src, in two IP fragments (the first 64 bytes of
    UDP header + data, then the rest)."""
    from scapy.all import fragment
    whole = IP(src=src, dst=OUR, id=ident, ttl=64) / UDP(sport=5000, dport=7) / Raw(data)
    frags = fragment(IP(bytes(whole)), fragsize=64)
    assert len(frags) == 2
    return [IP(bytes(f)) for f in frags]


def ip_stat(r, label):
    section, d = None, {}
    for ln in r.lines:
        if ln.endswith(":") and not ln.startswith("\t"):
            section = ln[:-1]
        elif section == "ip" and ln.startswith("\t"):
            n, what = ln.strip().split(" ", 1)
            d[what] = int(n)
    return d[label]


def tunnel_setup():
    a_in = SA("gcm128", 0x3101, PEER, OUR, "tunnel")
    b_in = SA("gcm128", 0x3102, PEER_B, OUR, "tunnel")
    return a_in, b_in, ["route %s %s" % (REMOTE_NET, PEER), ARP_PRIME_B, a_in.setkey(),
                        b_in.setkey(),
                        "setkey spdadd %s %s any -P in ipsec esp/tunnel/%s-%s/require ;" % (
                            REMOTE_NET, OUR, PEER, OUR)]


@pytest.mark.parametrize("order", ["protected_first", "clear_first"])
def test_clear_fragment_never_joins_a_protected_datagram(dp, order):
    """The first fragment of a datagram from A's protected network comes
    through A's tunnel, the second in clear with the same id: the clear bytes
    must not be delivered inside an ESP-protected datagram; the same two
    fragments both through the tunnel are reassembled and answered."""
    a_in, _, setup = tunnel_setup()
    f1, f2 = inner_fragments(b"C" * 100)
    g1, g2 = inner_fragments(b"G" * 100, ident=0x4343)
    mixed = [frame(protect(a_in, 1, f1)), frame(f2)]
    if order == "clear_first":
        mixed.reverse()
    r = dp([*setup, *mixed, frame(protect(a_in, 2, g1)), frame(protect(a_in, 3, g2)),
            "netstat_ip"])
    assert echo_dsts(r) == [(REMOTE, b"G" * 100)]
    assert r.esp("packets in") == 3
    assert ip_stat(r, FRAGMIX) == 1
    assert ip_stat(r, "packets reassembled ok") == 1


def test_fragments_of_two_sas_never_join(dp):
    """One fragment through A's tunnel and one through B's (both peers valid,
    each with its own keys) form no datagram: B cannot complete A's."""
    a_in, b_in, setup = tunnel_setup()
    f1, f2 = inner_fragments(b"M" * 100)
    r = dp([*setup, frame(protect(a_in, 1, f1)), frame(protect(b_in, 1, f2)), "netstat_ip"])
    assert echo_dsts(r) == []
    assert r.esp("packets in") == 2
    assert ip_stat(r, FRAGMIX) == 1
    assert ip_stat(r, "packets reassembled ok") == 0
