#!/usr/bin/env python3
"""Writes the seed corpus of fuzz_ipsec_input into tests/fuzz/corpus/ipsec_input/.

Each seed is one input of the fuzzer: a whole IPv4 packet (see
tests/fuzz/fuzz_ipsec_input.c).  For every SA the fuzzer installs there is
at least one valid packet, built with the independent RFC 4303/4106/7634/
4302 code of tests/host/net/ipsec/test_ipsec_datapath.py under the same keys, so the
fuzzer starts from inputs that pass the ICV check and reach the callbacks,
decapsulation, the policy check and the echo service; plus a few that stop
early (unknown SPI, truncated, a dummy packet).  IVs are fixed, so the
output is the same on every run (a test checks the tree matches).

Usage: gen_ipsec_input_corpus.py [OUTDIR]   (default: the in-tree corpus)
"""
import pathlib
import sys

TOP = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(TOP / "tests" / "host" / "net" / "ipsec"))
sys.path.insert(0, str(TOP / "tests" / "lib"))
from test_ipsec_datapath import SA  # noqa: E402
from scapy.all import ICMP, IP, UDP, Raw  # noqa: E402
import corpus_io  # noqa: E402

PEER, OUR = "10.0.0.2", "10.0.0.1"
GCM = bytes(range(0x00, 0x14))
GCM256 = bytes(range(0x20, 0x44))
GCM_TUN = bytes(range(0xc0, 0xd4))
CBC, CBC_AUTH = bytes(range(0x50, 0x60)), bytes(range(0x60, 0x80))
NULL_AUTH = bytes(range(0x80, 0xa0))
AH_AUTH = bytes(range(0xa0, 0xc0))
CHACHA = bytes(range(0x00, 0x24))
CTR = bytes(range(0xd0, 0xe4))


def sa(alg, spi, mode="transport", esn=False, ekey=b"", akey=b""):
    """The fuzzer's SA (fuzz_ipsec_input.c's sa_table) with its keys."""
    s = SA(alg, spi, PEER, OUR, mode, esn=esn)
    s.ekey, s.akey = ekey, akey
    return s


SAS = {
    "gcm": sa("gcm128", 0x100, ekey=GCM),
    "gcm256_esn": sa("gcm256", 0x101, esn=True, ekey=GCM256),
    "cbc": sa("cbc", 0x102, ekey=CBC, akey=CBC_AUTH),
    "null": sa("null", 0x103, akey=NULL_AUTH),
    "ah": sa("ah", 0x104, akey=AH_AUTH),
    "gcm_tunnel": sa("gcm128", 0x105, "tunnel", ekey=GCM_TUN),
    "cbc_tunnel": sa("cbc", 0x106, "tunnel", ekey=CBC, akey=CBC_AUTH),
    "ah_tunnel": sa("ah", 0x107, "tunnel", akey=AH_AUTH),
    "chacha_esn": sa("chacha", 0x108, esn=True, ekey=CHACHA),
    "ah_esn": sa("ah", 0x109, esn=True, akey=AH_AUTH),
    "cbc_esn": sa("cbc", 0x10a, esn=True, ekey=CBC, akey=CBC_AUTH),
    "cbc_only_tunnel": sa("cbc_only", 0x10b, "tunnel", ekey=CBC),
    "ctr_only": sa("ctr", 0x10c, ekey=CTR),
}


def iv_for(s, seq):
    return seq.to_bytes(8, "big") if s.aead or s.alg == "ctr" else bytes([seq & 0xff]) * 16


def udp_echo(src=PEER, data=b"fuzz me", sport=5000, dport=7):
    return IP(src=src, dst=OUR, ttl=64, id=7) / UDP(sport=sport, dport=dport) / Raw(data)


def protect(s, seq, inner):
    """inner protected by s: bytes of the outer IPv4 packet."""
    if s.alg == "ah":
        if s.mode == "tunnel":
            return bytes(s.ah_packet(seq, bytes(inner), 4))
        ip = IP(bytes(inner))
        return bytes(s.ah_packet(seq, bytes(ip.payload), ip.proto, src=ip.src, dst=ip.dst))
    if s.mode == "tunnel":
        return bytes(IP(src=PEER, dst=OUR, proto=50, id=9) / Raw(s.esp(seq, bytes(inner), 4,
                                                                    iv=iv_for(s, seq))))
    ip = IP(bytes(inner))
    return bytes(IP(src=ip.src, dst=ip.dst, proto=50, id=9) /
                 Raw(s.esp(seq, bytes(ip.payload), ip.proto, iv=iv_for(s, seq))))


def seeds():
    for name, s in SAS.items():
        src = "192.168.5.5" if name in ("gcm_tunnel", "cbc_tunnel", "cbc_only_tunnel") else PEER
        yield name, protect(s, 1, udp_echo(src=src))
    # Longer payloads: several blocks, padding of every length.
    for n in (1, 2, 3, 100, 1400):
        yield "gcm_len%d" % n, protect(SAS["gcm"], 1, udp_echo(data=b"x" * n))
        yield "cbc_len%d" % n, protect(SAS["cbc"], 1, udp_echo(data=b"y" * n))
    yield "ah_port9_policy", protect(SAS["ah"], 3, udp_echo(sport=9, dport=7))
    yield "ah_icmp", protect(SAS["ah"], 2, IP(src=PEER, dst=OUR) / ICMP(id=1, seq=1) / Raw(b"ping"))
    yield "gcm_icmp", protect(SAS["gcm"], 5, IP(src=PEER, dst=OUR) / ICMP(id=1, seq=2) / Raw(b"ping"))
    yield "gcm_high_seq", protect(SAS["gcm"], 0xffffffff, udp_echo())
    yield "gcm256_esn_high", protect(SAS["gcm256_esn"], 0x7fffffff, udp_echo())
    # A dummy packet (next header 59, RFC 4303 2.6).
    g = SAS["gcm"]
    yield "gcm_dummy", bytes(IP(src=PEER, dst=OUR, proto=50, id=9) /
                             Raw(g.esp(4, b"", 59, iv=iv_for(g, 4))))
    # Stops early: unknown SPI, cut short.
    other = sa("gcm128", 0x999, ekey=GCM)
    yield "unknown_spi", protect(other, 1, udp_echo())
    # (the IP header's length matches, so they reach ESP/AH input)
    yield "esp_truncated", cut(protect(SAS["gcm"], 1, udp_echo()), 20, 50)
    yield "esp_header_only", cut(protect(SAS["gcm"], 1, udp_echo()), 6, 50)
    yield "ah_truncated", cut(protect(SAS["ah"], 1, udp_echo()), 16, 51)


def cut(packet, keep, proto):
    """The first `keep` bytes of packet's payload in a consistent IPv4 packet."""
    return bytes(IP(src=PEER, dst=OUR, proto=proto, id=9) / Raw(packet[20:20 + keep]))


def main():
    corpus_io.write_seeds("ipsec_input", seeds(), ".bin")


if __name__ == "__main__":
    main()
