#!/usr/bin/env python3
"""Writes the seed corpus of fuzz_ipsec_policy into tests/fuzz/corpus/ipsec_policy/.

A seed is a scenario, not a packet (tests/fuzz/fuzz_ipsec_policy.c reads
it a byte at a time): the datagram's source and destination, its
fragments and how each travels.  One seed per case of the fuzzer's model:
each peer's honest traffic (delivered), each peer speaking for the other
(refused), fragments mixing clear and protected or two SAs (refused), SPI
and key that disagree, an unknown SPI, outer fragmentation of an ESP
packet, a discard policy, an unprotected source.  The names end in _ok
when the datagram must be delivered, _no when it must not; a test checks
the fuzzer agrees, and that this script writes what is in the tree.

Usage: gen_ipsec_policy_corpus.py [OUTDIR]   (default: the in-tree corpus)
"""
import pathlib
import sys

TOP = pathlib.Path(__file__).resolve().parents[2]

# Sources (the fuzzer's pick_src) and destinations.
A, B, HOST_A, HOST_B, DISCARD, ONLINK, UNLISTED = range(7)
US, NOT_US = 0, 2
# How a fragment travels (the fuzzer's `how`): SA indices 0..3 are A's
# transport, B's transport, A's tunnel, B's tunnel.
CLEAR, A_TR, B_TR, A_TUN, B_TUN, MISKEY, STRANGER = 0, 1, 2, 3, 4, 5, 6


def frag(how, spi=0, key=0, outer=0, split=0):
    """One fragment's bytes: how, [spi], [key], outer source, split flags."""
    out = [how]
    if how not in (A_TR, B_TR, A_TUN, B_TUN):
        out.append(spi)
    if how == MISKEY:
        out.append(key)
    return out + [outer, split]


def scenario(src, frags, dst=US, ident=0x1234, dlen=100, cuts=(), order=0, unlisted=(0, 0)):
    out = [src] + (list(unlisted) if src == UNLISTED else [])
    out += [dst, len(frags) - 1, ident >> 8, ident & 0xff, dlen - 1, 0]
    out += list(cuts) + [order]
    for f in frags:
        out += f
    return bytes(out)


SEEDS = {
    "a_transport_ok": scenario(A, [frag(A_TR)]),
    "b_transport_ok": scenario(B, [frag(B_TR)]),
    "b_claims_a_address_no": scenario(A, [frag(B_TR)]),
    "a_tunnel_ok": scenario(HOST_A, [frag(A_TUN)]),
    "a_tunnel_other_outer_ok": scenario(HOST_A, [frag(A_TUN, outer=1)]),
    "b_tunnel_for_a_network_no": scenario(HOST_A, [frag(B_TUN)]),
    "tunnel_for_transport_address_no": scenario(A, [frag(A_TUN)]),
    "transport_for_tunnel_network_no": scenario(HOST_A, [frag(A_TR)]),
    "clear_where_required_no": scenario(HOST_B, [frag(CLEAR)]),
    "frags_tunnel_ok": scenario(HOST_A, [frag(A_TUN), frag(A_TUN)], dlen=150, cuts=[3]),
    "frags_tunnel_reversed_ok": scenario(HOST_B, [frag(B_TUN), frag(B_TUN), frag(B_TUN)],
                                         dlen=180, cuts=[2, 5], order=2),
    "frags_protected_then_clear_no": scenario(HOST_A, [frag(A_TUN), frag(CLEAR)], dlen=150,
                                              cuts=[3]),
    "frags_clear_then_protected_no": scenario(HOST_A, [frag(CLEAR), frag(A_TUN)], dlen=150,
                                              cuts=[3]),
    "frags_last_first_mixed_no": scenario(HOST_A, [frag(A_TUN), frag(CLEAR)], dlen=150,
                                          cuts=[3], order=1),
    "frags_two_sas_no": scenario(HOST_A, [frag(A_TUN), frag(B_TUN)], dlen=150, cuts=[3]),
    "frags_unlisted_mixed_no": scenario(UNLISTED, [frag(A_TUN), frag(CLEAR)], dlen=150,
                                        cuts=[3], unlisted=(9, 9)),
    "frags_clear_unlisted_ok": scenario(UNLISTED, [frag(CLEAR), frag(CLEAR, split=1)],
                                        dlen=150, cuts=[3], unlisted=(1, 2)),
    "transport_fragment_no": scenario(A, [frag(A_TR), frag(A_TR)], dlen=150, cuts=[3]),
    "miskeyed_no": scenario(HOST_A, [frag(MISKEY, spi=2, key=3)]),
    "stranger_spi_no": scenario(A, [frag(STRANGER, spi=0)]),
    "esp_outer_split_ok": scenario(HOST_A, [frag(A_TUN, split=1)], dlen=200),
    "esp_outer_split_reversed_ok": scenario(B, [frag(B_TR, split=3)], dlen=200),
    "discard_no": scenario(DISCARD, [frag(CLEAR)]),
    "discard_protected_no": scenario(DISCARD, [frag(A_TUN)]),
    "onlink_clear_ok": scenario(ONLINK, [frag(CLEAR)]),
    "onlink_protected_ok": scenario(ONLINK, [frag(B_TUN)]),
    "not_us_no": scenario(HOST_A, [frag(A_TUN)], dst=NOT_US),
}


def main():
    out = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else \
        TOP / "tests" / "fuzz" / "corpus" / "ipsec_policy"
    out.mkdir(parents=True, exist_ok=True)
    for name, data in SEEDS.items():
        (out / (name + ".bin")).write_bytes(data)


if __name__ == "__main__":
    main()
