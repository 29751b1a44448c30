#!/usr/bin/env python3
"""Writes the seed corpus of fuzz_setkey into tests/fuzz/corpus/setkey/:
small setkey scripts (ipsec-tools syntax) covering every command, option,
algorithm and policy form setkey accepts, and a few wrong ones.

Usage: gen_setkey_corpus.py [OUTDIR]   (default: the in-tree corpus)
"""
import corpus_io

K20, K32, K36 = "0x" + "ab" * 20, "0x" + "cd" * 32, "0x" + "ef" * 36

SEEDS = {
    "add_gcm": "add 10.0.0.1 10.0.0.2 esp 0x1000 -m transport -E aes-gcm-16 %s ;\n" % K20,
    "add_cbc": "add -4 10.0.0.1 10.0.0.2 esp 4097 -m tunnel -u 3 -r 128 -f esn "
               "-E rijndael-cbc 0x%s -A hmac-sha256 %s ;\n" % ("01" * 16, K32),
    "add_chacha_lifetimes": "add 10.0.0.1 10.0.0.2 esp 0x1002 -lh 10 -ls 5 -bh 2000 -bs 1000 "
                            "-E chacha20-poly1305 %s ;\n" % K36,
    "add_null_ah": "add 10.0.0.1 10.0.0.2 esp 0x1003 -E null -A hmac-sha512 0x%s ;\n"
                   "add 10.0.0.1 10.0.0.2 ah 0x1004 -A hmac-sha1 \"12345678901234567890\" ;\n"
                   % ("aa" * 64),
    "add_ipv6": "add fe80::1 2001:db8::2 esp 0x1005 -E aes-gcm-16 %s ;\n" % K20,
    "get_delete": "add 10.0.0.1 10.0.0.2 esp 0x1000 -E aes-gcm-16 %s ;\n"
                  "get 10.0.0.1 10.0.0.2 esp 0x1000 ;\ndelete 10.0.0.1 10.0.0.2 esp 0x1000 ;\n"
                  "deleteall 10.0.0.1 10.0.0.2 esp ;\nflush esp ;\ndump ;\n" % K20,
    "getspi_update": "getspi 10.0.0.1 10.0.0.2 esp 4096 4096 ;\n"
                     "update 10.0.0.1 10.0.0.2 esp 4096 -E aes-gcm-16 %s ;\n" % K20,
    "spd": "spdadd 10.1.0.0/16[any] 10.2.0.0/16[443] tcp -P out prio 5 ipsec "
           "esp/tunnel/192.168.0.1-192.168.0.2/unique:4 ah/transport//use ;\n"
           "spdadd 10.0.0.1 10.0.0.2 any -P in none ;\n"
           "spdupdate 0.0.0.0/0 0.0.0.0/0 icmp -P fwd discard ;\n"
           "spddelete 10.0.0.1 10.0.0.2 any -P in ;\nspddump ;\nspdflush ;\n",
    "multiline_comment": "# comment\nadd 10.0.0.1\n 10.0.0.2 esp 0x2000\n"
                         "-E aes-gcm-16 %s\n;\n" % K20,
    "errors": "add 10.0.0.300 10.0.0.2 esp 1 ;\nspdadd 1.2.3.4/99 x any -P up ;\n"
              "add 10.0.0.1 10.0.0.2 esp 0x100 -E aes-gcm-16 \"unterminated ;\nfrob ;\nadd",
}


def main():
    corpus_io.write_seeds("setkey", SEEDS.items(), ".txt")


if __name__ == "__main__":
    main()
