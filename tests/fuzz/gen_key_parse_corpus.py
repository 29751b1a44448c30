#!/usr/bin/env python3
"""Writes the seed corpus of fuzz_key_parse into tests/fuzz/corpus/key_parse/.

Each seed is one input of the fuzzer: one or more PF_KEY messages back to
back (see fuzz_key_parse.c), built with tests/host/net/ipsec/pfkey.py after
RFC 2367.  They cover every message type the key engine handles, the
algorithm combinations, tunnel-mode policies, and a few malformed ones, so
the fuzzer starts from inputs that reach deep into each handler.

Usage: gen_key_parse_corpus.py [OUTDIR]   (default: the in-tree corpus)
"""
import pathlib
import sys

TOP = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(TOP / "tests" / "host" / "net" / "ipsec"))
sys.path.insert(0, str(TOP / "tests" / "lib"))
import pfkey as P  # noqa: E402
import corpus_io  # noqa: E402

S, D = "10.0.0.1", "10.0.0.2"


def addrs(src=S, dst=D):
    return [P.address(P.EXT_SRC, src), P.address(P.EXT_DST, dst)]


def add(spi, enc=P.EALG_AESGCM16, ekey=bytes(20), auth=0, akey=None, satype=P.SATYPE_ESP,
        mtype=P.ADD, extra=(), src=S, dst=D):
    exts = [P.sa(spi, enc=enc, auth=auth, replay=64), P.sa2(P.MODE_TRANSPORT, 1),
            *addrs(src, dst), *extra]
    if ekey is not None:
        exts.append(P.key(P.EXT_KEY_ENC, ekey))
    if akey is not None:
        exts.append(P.key(P.EXT_KEY_AUTH, akey))
    return P.msg(mtype, satype, exts)


def sa_ref(mtype, spi, satype=P.SATYPE_ESP):
    return P.msg(mtype, satype, [P.sa(spi), *addrs()])


def spd(mtype=P.X_SPDADD, direction=P.DIR_OUT, ptype=P.POLICY_IPSEC, reqs=None, plen=None):
    if reqs is None:
        reqs = [P.ipsecrequest()] if ptype == P.POLICY_IPSEC else []
    return P.msg(mtype, P.SATYPE_UNSPEC, [P.address(P.EXT_SRC, S, plen=plen),
                                          P.address(P.EXT_DST, D, plen=plen),
                                          P.policy(ptype, direction, reqs)])


def seeds():
    lt = [P.lifetime(P.EXT_LT_SOFT, addtime=1, nbytes=100),
          P.lifetime(P.EXT_LT_HARD, addtime=2, nbytes=200)]
    tun = P.ipsecrequest(mode=P.MODE_TUNNEL, src="192.168.0.1", dst="192.168.0.2")
    getspi = P.msg(P.GETSPI, P.SATYPE_ESP, [*addrs(), P.spirange(0x1000, 0x1000)])
    yield "register_esp", P.msg(P.REGISTER, P.SATYPE_ESP)
    yield "register_ah", P.msg(P.REGISTER, P.SATYPE_AH)
    yield "add_gcm", add(0x1000)
    yield "add_gcm256_lifetimes", add(0x1001, ekey=bytes(36), extra=lt)
    yield "add_cbc_sha256", add(0x1002, P.EALG_AESCBC, bytes(16), P.AALG_SHA256, bytes(32))
    yield "add_chacha", add(0x1003, P.EALG_CHACHA, bytes(36))
    yield "add_null_sha512", add(0x1004, P.EALG_NULL, None, P.AALG_SHA512, bytes(64))
    yield "add_ah", add(0x1005, 0, None, P.AALG_SHA256, bytes(32), satype=P.SATYPE_AH)
    yield "add_replay1024", add(0x1006, extra=[P.sa_replay(1024)])
    yield "add_ipv6", add(0x1007, src="fe80::1", dst="2001:db8::2")
    yield "add_get_delete", add(0x1000) + sa_ref(P.GET, 0x1000) + sa_ref(P.DELETE, 0x1000)
    yield "getspi_update", getspi + add(0x1000, mtype=P.UPDATE)
    yield "add_dump_flush", (add(0x1000) + add(0x1001) + P.msg(P.DUMP, P.SATYPE_UNSPEC) +
                             P.msg(P.FLUSH, P.SATYPE_ESP))
    yield "deleteall", add(0x1000) + P.msg(P.DELETE, P.SATYPE_ESP, addrs())
    yield "spdadd_transport", spd()
    yield "spdadd_tunnel_dump", (spd(reqs=[tun, P.ipsecrequest(proto=P.IPPROTO_AH)], plen=24) +
                                 P.msg(P.X_SPDDUMP, P.SATYPE_UNSPEC))
    tun6 = P.ipsecrequest(mode=P.MODE_TUNNEL, src="2001:db8::1", dst="2001:db8::2")
    yield "spdadd_tunnel6_dump", spd(reqs=[tun6]) + P.msg(P.X_SPDDUMP, P.SATYPE_UNSPEC)
    yield "spd_acquire", spd() + P.msg(P.X_SPDGET, P.SATYPE_UNSPEC, [P.policy(pid=1)])
    yield "spd_acquire_sa", spd() + add(0x1000)
    yield "spd_delete", spd() + spd(P.X_SPDDELETE, reqs=[]) + spd(P.X_SPDUPDATE)
    yield "spd_delete2_flush", (spd() + P.msg(P.X_SPDDELETE2, P.SATYPE_UNSPEC,
                                              [P.policy(pid=1)]) +
                                P.msg(P.X_SPDFLUSH, P.SATYPE_UNSPEC))
    yield "spd_discard_none", spd(ptype=P.POLICY_DISCARD) + spd(P.X_SPDADD, P.DIR_IN, P.POLICY_NONE)
    yield "acquire_failure", P.msg(P.ACQUIRE, P.SATYPE_ESP, addrs(), errno=2)
    yield "promisc", P.msg(P.X_PROMISC, 1)
    yield "bad_len", P.msg(P.ADD, P.SATYPE_ESP, [P.sa(0x1000)], length=9)
    yield "dup_ext", P.msg(P.ADD, P.SATYPE_ESP, [P.sa(0x1000), P.sa(0x1000), *addrs()])
    yield "bad_key_bits", add(0x1000, ekey=bytes(20)).replace(b"\xa0\x00\x00\x00", b"\xff\x00\x00\x00")


def main():
    corpus_io.write_seeds("key_parse", seeds(), ".bin")


if __name__ == "__main__":
    main()
