"""setkey (net/ipsec/setkey.c) on the host: ipsec-tools commands are parsed,
sent as PF_KEY messages through a key socket, and the results read back
both with setkey's own dump (-D/-DP output) and with independently built
GET messages (tests/host/net/ipsec/pfkey.py), then compared with the command.
"""
import re
import pfkey as P

K16 = "0x" + "11" * 16
K20 = "0x" + "22" * 20
K32 = "0x" + "33" * 32
K36 = "0x" + "44" * 36
K64 = "0x" + "55" * 64


def parse_dump(text):
    """setkey -D output into a list of dicts (one per SA)."""
    sas = []
    for block in re.split(r"\n(?=\S)", text.strip()):
        lines = block.split("\n")
        src, dst = lines[0].split()
        sa = dict(src=src, dst=dst)
        m = re.match(r"\t(esp|ah) mode=(\w+) spi=(\d+)\(0x([0-9a-f]{8})\) reqid=(\d+)", lines[1])
        sa.update(proto=m[1], mode=m[2], spi=int(m[3]), reqid=int(m[5]))
        assert int(m[4], 16) == sa["spi"]
        for line in lines[2:]:
            if line.startswith("\tE: ") or line.startswith("\tA: "):
                parts = line[4:].split()
                sa[line[1]] = (parts[0], "".join(parts[1:]))
            elif line.startswith("\tseq="):
                m = re.match(r"\tseq=0x[0-9a-f]{8} replay=(\d+) flags=0x([0-9a-f]{8}) state=(\w+)",
                             line)
                sa.update(replay=int(m[1]), flags=int(m[2], 16), state=m[3])
            elif line.startswith("\tdiff:"):
                m = re.match(r"\tdiff: (\d+)\(s\)\thard: (\d+)\(s\)\tsoft: (\d+)\(s\)", line)
                sa.update(hard_s=int(m[2]), soft_s=int(m[3]))
            elif line.startswith("\tcurrent:") and "bytes" in line:
                m = re.match(r"\tcurrent: (\d+)\(bytes\)\thard: (\d+)\(bytes\)\tsoft: (\d+)", line)
                sa.update(bytes=int(m[1]), hard_b=int(m[2]), soft_b=int(m[3]))
        sas.append(sa)
    return sas


ADDS = [
    # (command, expected E, expected A)
    ("add 10.0.0.1 10.0.0.2 esp 0x1001 -m transport -E aes-gcm-16 %s ;" % K20,
     ("aes-gcm-16", K20[2:]), None),
    ("add 10.0.0.1 10.0.0.2 esp 0x1002 -m tunnel -u 7 -E aes-gcm-16 %s ;" % K36,
     ("aes-gcm-16", K36[2:]), None),
    # ipsec-tools' names and FreeBSD's are accepted; FreeBSD's are printed
    ("add 10.0.0.1 10.0.0.2 esp 4099 -E rijndael-cbc %s -A hmac-sha256 %s ;" % (K16, K32),
     ("aes-cbc", K16[2:]), ("hmac-sha2-256", K32[2:])),
    ("add 10.0.0.1 10.0.0.2 esp 0x1004 -E aes-cbc %s -A hmac-sha2-512 %s ;" % (K32, K64),
     ("aes-cbc", K32[2:]), ("hmac-sha2-512", K64[2:])),
    ("add 10.0.0.1 10.0.0.2 esp 0x1005 -E chacha20-poly1305 %s ;" % K36,
     ("chacha20-poly1305", K36[2:]), None),
    ("add 10.0.0.1 10.0.0.2 esp 0x1006 -E null -A hmac-sha256 %s ;" % K32,
     ("null", ""), ("hmac-sha2-256", K32[2:])),
    ('add 10.0.0.1 10.0.0.2 ah 0x1007 -A hmac-sha1 "12345678901234567890" ;',
     None, ("hmac-sha1", "12345678901234567890".encode().hex())),
    ("add 10.0.0.1 10.0.0.2 ah 0x1008 -r 64 -lh 100 -ls 50 -bh 20000 -bs 10000 "
     "-A hmac-sha256 %s ;" % K32, None, ("hmac-sha2-256", K32[2:])),
    ("add 10.0.0.1 10.0.0.2 esp 0x1009 -E aes-cbc %s -A hmac-sha2-384 %s ;"
     % ("0x" + "66" * 24, "0x" + "77" * 48),
     ("aes-cbc", "66" * 24), ("hmac-sha2-384", "77" * 48)),
]


def test_add_each_algorithm_round_trip(drv):
    for cmd, _, _ in ADDS:
        out, errors = drv.setkey(cmd)
        assert errors == 0 and out == "", (cmd, out)
    sas = {s["spi"]: s for s in parse_dump(drv.dump())}
    assert len(sas) == len(ADDS)
    for cmd, e, a in ADDS:
        spi = int(cmd.split()[4], 0)
        sa = sas[spi]
        assert sa["proto"] == cmd.split()[3] and sa["state"] == "mature"
        assert (sa["src"], sa["dst"]) == ("10.0.0.1", "10.0.0.2")
        assert sa.get("E") == e and sa.get("A") == a, cmd
        mode = re.search(r"-m (\w+)", cmd)
        assert sa["mode"] == (mode[1] if mode else "any")
        reqid = re.search(r"-u (\d+)", cmd)
        assert sa["reqid"] == (int(reqid[1]) if reqid else 0)
    assert drv.dump().count("\tstats: ipackets=0 opackets=0 ibytes=0 obytes=0 replay=0 "
                            "authfail=0") == len(ADDS)
    s8 = sas[0x1008]
    # -r 64 is bytes (FreeBSD's setkey(8)): a 512-packet window, printed in bytes
    assert (s8["replay"], s8["hard_s"], s8["soft_s"], s8["hard_b"], s8["soft_b"]) == \
        (64, 100, 50, 20000, 10000)
    # without -r there is no replay check, as in FreeBSD
    assert sas[0x1001]["replay"] == 0
    # cross-check with a GET built independently of setkey
    k = drv.open()
    e, msgs = drv.request(k, P.msg(P.GET, P.SATYPE_ESP, [
        P.sa(4099), P.address(P.EXT_SRC, "10.0.0.1"), P.address(P.EXT_DST, "10.0.0.2")]))
    assert e == 0
    x = msgs[0]["exts"]
    assert x[P.EXT_KEY_ENC][8:24] == bytes.fromhex(K16[2:])
    assert x[P.EXT_KEY_AUTH][8:40] == bytes.fromhex(K32[2:])
    s = P.ext_sa(x[P.EXT_SA])
    assert (s["enc"], s["auth"]) == (P.EALG_AESCBC, P.AALG_SHA256)
    e, msgs = drv.request(k, P.msg(P.GET, P.SATYPE_AH, [
        P.sa(0x1008), P.address(P.EXT_SRC, "10.0.0.1"), P.address(P.EXT_DST, "10.0.0.2")]))
    x = msgs[0]["exts"]
    assert P.ext_lifetime(x[P.EXT_LT_HARD])["bytes"] == 20000
    assert P.ext_lifetime(x[P.EXT_LT_SOFT])["addtime"] == 50
    assert x[P.EXT_SA_REPLAY][4:8] == (512).to_bytes(4, "little")
    e, msgs = drv.request(k, P.msg(P.GET, P.SATYPE_ESP, [
        P.sa(0x1001), P.address(P.EXT_SRC, "10.0.0.1"), P.address(P.EXT_DST, "10.0.0.2")]))
    assert P.ext_sa(msgs[0]["exts"][P.EXT_SA])["replay"] == 0


def test_dump_layout_is_freebsds(drv):
    """Dates for created/current/last, the window in bytes, and the
    sadb_seq/pid/refcnt line, as FreeBSD's setkey -D prints them.  The host
    clock is 1000 s after 1970-01-01 (net_host.c: the boot time is 0)."""
    out, errors = drv.setkey("add 10.0.0.1 10.0.0.2 esp 0x1101 -r 8 -E aes-gcm-16 %s ;" % K20)
    assert errors == 0, out
    lines = drv.dump().split("\n")
    assert lines[0] == "10.0.0.1 10.0.0.2"
    assert lines[2] == "\tE: aes-gcm-16  " + " ".join([K20[2:][i:i + 8] for i in
                                                       range(0, 40, 8)])
    assert re.fullmatch(r"\tseq=0x00000000 replay=8 flags=0x00000000 state=mature", lines[3])
    assert re.fullmatch(r"\tcreated: Jan  1 00:\d\d:\d\d 1970\tcurrent: Jan  1 00:\d\d:\d\d 1970",
                        lines[4]), lines[4]
    assert lines[6] == "\tlast: " + " " * 20 + "\thard: 0(s)\tsoft: 0(s)"
    assert re.fullmatch(r"\tsadb_seq=0 pid=\d+ refcnt=[1-9]\d*", lines[9]), lines[9]


def test_esn_flag_and_big_replay_window(drv):
    out, errors = drv.setkey("add 10.0.0.1 10.0.0.2 esp 0x6001 -f esn -r 128 "
                             "-E aes-gcm-16 %s ;" % K20)
    assert errors == 0, out
    (sa,) = parse_dump(drv.dump())
    assert (sa["flags"], sa["replay"]) == (0x200, 128)
    k = drv.open()
    e, msgs = drv.request(k, P.msg(P.GET, P.SATYPE_ESP, [
        P.sa(0x6001), P.address(P.EXT_SRC, "10.0.0.1"), P.address(P.EXT_DST, "10.0.0.2")]))
    x = msgs[0]["exts"]
    assert P.ext_sa(x[P.EXT_SA])["flags"] == 0x200
    assert P.ext_sa(x[P.EXT_SA])["replay"] == 255          # saturated; the real size:
    assert x[P.EXT_SA_REPLAY][4:8] == (1024).to_bytes(4, "little")


def test_sa_made_by_python_shows_in_setkey_dump(drv):
    k = drv.open()
    add = P.msg(P.ADD, P.SATYPE_ESP, [
        P.sa(0xabcd, enc=P.EALG_AESGCM16, replay=64), P.sa2(P.MODE_TRANSPORT, 9),
        P.address(P.EXT_SRC, "fe80::1"), P.address(P.EXT_DST, "2001:db8::2"),
        P.key(P.EXT_KEY_ENC, bytes(range(20)))])
    assert drv.send(k, add) == 0
    (sa,) = parse_dump(drv.dump())
    assert (sa["src"], sa["dst"]) == ("fe80:0:0:0:0:0:0:1", "2001:db8:0:0:0:0:0:2")
    # 64 packets on the wire: 8 bytes as setkey prints it
    assert (sa["spi"], sa["mode"], sa["reqid"], sa["replay"]) == (0xabcd, "transport", 9, 8)
    assert sa["E"] == ("aes-gcm-16", bytes(range(20)).hex())
    out, errors = drv.setkey("get fe80::1 2001:db8::2 esp 0xabcd ;")
    assert errors == 0 and "spi=43981(0x0000abcd)" in out


def test_get_delete_deleteall_flush(drv):
    for spi in (0x2001, 0x2002, 0x2003):
        drv.setkey("add 10.0.0.1 10.0.0.2 esp %d -E aes-gcm-16 %s ;" % (spi, K20))
    drv.setkey("add 10.0.0.1 10.0.0.3 esp 0x2004 -E aes-gcm-16 %s ;" % K20)
    drv.setkey("add 10.0.0.1 10.0.0.3 ah 0x2005 -A hmac-sha256 %s ;" % K32)
    out, errors = drv.setkey("get 10.0.0.1 10.0.0.2 esp 0x2002 ;")
    assert errors == 0 and "spi=8194(0x00002002)" in out and "E: aes-gcm-16" in out
    out, errors = drv.setkey("delete 10.0.0.1 10.0.0.2 esp 0x2002 ;")
    assert errors == 0
    out, errors = drv.setkey("get 10.0.0.1 10.0.0.2 esp 0x2002 ;")
    assert errors == 1 and "get: No such file or directory" in out
    out, errors = drv.setkey("deleteall 10.0.0.1 10.0.0.2 esp ;")
    assert errors == 1 and out == ""
    assert sorted(s["spi"] for s in parse_dump(drv.dump())) == [0x2004, 0x2005]
    out, errors = drv.setkey("flush esp ;")
    assert [s["spi"] for s in parse_dump(drv.dump())] == [0x2005]
    drv.setkey("flush ;")
    assert drv.dump() == "No SAD entries."


def test_getspi_then_update(drv):
    out, errors = drv.setkey("getspi 10.0.0.1 10.0.0.2 esp 0x5000 0x5fff ;")
    assert errors == 0
    spi = int(re.match(r"spi=(\d+)", out)[1])
    assert 0x5000 <= spi <= 0x5fff
    (sa,) = parse_dump(drv.dump())
    assert sa["state"] == "larval" and sa["spi"] == spi
    out, errors = drv.setkey("update 10.0.0.1 10.0.0.2 esp %d -m transport -E aes-gcm-16 %s ;"
                             % (spi, K20))
    assert errors == 0, out
    (sa,) = parse_dump(drv.dump())
    assert sa["state"] == "mature" and sa["E"] == ("aes-gcm-16", K20[2:])


def test_spdadd_spddump_spddelete(drv):
    cmds = [
        "spdadd 10.0.0.1 10.0.0.2 any -P out ipsec esp/transport//require ;",
        "spdadd 10.1.0.0/16[any] 10.2.0.0/16[80] tcp -P out prio 5 ipsec "
        "esp/tunnel/192.168.0.1-192.168.0.2/unique:3 ah/transport//use ;",
        "spdadd 10.0.0.2 10.0.0.1 udp -P in none ;",
        "spdadd 0.0.0.0/0 0.0.0.0/0 icmp -P fwd discard ;",
    ]
    for c in cmds:
        out, errors = drv.setkey(c)
        assert errors == 0 and out == "", (c, out)
    dump = drv.dump(spd=True)
    blocks = re.split(r"\n(?=\S)", dump)
    assert len(blocks) == 4
    assert blocks[0].split("\n")[:3] == [
        "10.0.0.1[any] 10.0.0.2[any] any", "\tout ipsec", "\tesp/transport//require"]
    b = [x for x in blocks if x.startswith("10.1.0.0/16")][0].split("\n")
    assert b[:4] == ["10.1.0.0/16[any] 10.2.0.0/16[80] tcp", "\tout prio 5 ipsec",
                     "\tesp/tunnel/192.168.0.1-192.168.0.2/unique:3", "\tah/transport//use"]
    assert any(x.startswith("10.0.0.2[any] 10.0.0.1[any] udp\n\tin none") for x in blocks)
    assert any(x.startswith("0.0.0.0/0[any] 0.0.0.0/0[any] icmp\n\tfwd discard")
               for x in blocks)
    # the policy is used by the SPD lookup as written
    sp, _ = drv.getsa(P.DIR_OUT, "10.1.9.9", "10.2.8.8", 6, 4000, 80)
    assert sp is not None and sp["nreq"] == "2"
    assert drv.getsa(P.DIR_OUT, "10.1.9.9", "10.2.8.8", 6, 4000, 81)[0] is None
    out, errors = drv.setkey("spdadd 10.0.0.1 10.0.0.2 any -P out ipsec esp/transport//require ;")
    assert errors == 1 and "spdadd: File exists" in out
    out, errors = drv.setkey("spddelete 10.0.0.1 10.0.0.2 any -P out ;")
    assert errors == 1 and out == ""
    assert len(re.split(r"\n(?=\S)", drv.dump(spd=True))) == 3
    drv.setkey("spdflush ;")
    assert drv.dump(spd=True) == "No SPD entries."


def test_ipv6_policies_and_sas(drv):
    out, errors = drv.setkey(
        "spdadd 2001:db8:1::/48[any] 2001:db8:2::/48[443] tcp -P out ipsec "
        "esp/tunnel/fe80::1-fe80::2/require ;\n"
        "add fe80::1 fe80::2 esp 0x7001 -m tunnel -E aes-gcm-16 %s ;" % K20)
    assert errors == 0, out
    dp = drv.dump(spd=True)
    assert dp.startswith("2001:db8:1:0:0:0:0:0/48[any] 2001:db8:2:0:0:0:0:0/48[443] tcp\n"
                         "\tout ipsec\n\tesp/tunnel/fe80:0:0:0:0:0:0:1-fe80:0:0:0:0:0:0:2/"
                         "require"), dp
    src, dst = "2001:db8:1:0:0:0:0:5", "2001:db8:2:ffff:0:0:0:6"
    sp, ga = drv.getsa(P.DIR_OUT, src, dst, 6, 5000, 443)
    assert sp is not None and ga == {"ret": "0", "spi": "00007001"}
    assert drv.getsa(P.DIR_OUT, src, "2001:db8:3:0:0:0:0:6", 6, 5000, 443)[0] is None
    assert drv.getsa(P.DIR_OUT, src, dst, 17, 5000, 443)[0] is None
    assert drv.getsa(P.DIR_OUT, "10.0.0.1", "10.0.0.2", 6, 5000, 443)[0] is None


def test_multiline_commands_and_comments(drv):
    out, errors = drv.setkey("# a comment\nadd 10.0.0.1 10.0.0.2\n  esp 0x3001 -E aes-gcm-16\n"
                             "%s ; add 10.0.0.1 10.0.0.2 esp 0x3002 -E aes-gcm-16 %s;" % (K20, K20))
    assert errors == 0 and out == ""
    assert sorted(s["spi"] for s in parse_dump(drv.dump())) == [0x3001, 0x3002]
    drv.setkey("add 10.0.0.1 10.0.0.2 esp 0x3003")
    out, errors = drv.setkey_end()
    assert errors == 1 and "not terminated" in out


BAD = [
    ("frobnicate ;", "unknown command 'frobnicate'"),
    ("add 10.0.0.256 10.0.0.2 esp 0x100 -E aes-gcm-16 %s ;" % K20, "bad source address"),
    ("add 10.0.0.1 10.0.0.2 esp 0x100 -E aes-gcm-16 0x123 ;", "bad key for 'aes-gcm-16'"),
    ("add 10.0.0.1 10.0.0.2 esp 0x100 -E des-cbc %s ;" % K16, "unknown algorithm 'des-cbc'"),
    ("add 10.0.0.1 10.0.0.2 esp 0x100 ;", "no algorithm"),
    ("add 10.0.0.1 10.0.0.2 tcp 0x100 -A hmac-sha256 %s ;" % K32, "bad protocol"),
    ("add 10.0.0.1 fe80::1 esp 0x100 -E aes-gcm-16 %s ;" % K20, "address families differ"),
    # a key of the wrong size is refused before anything is sent, sizes named
    ("add 10.0.0.1 10.0.0.2 esp 0x100 -E aes-gcm-16 %s ;" % K16,
     "aes-gcm-16 key of 128 bits: aes-gcm-16 takes 160, 224, 288 bits"),
    ("add 10.0.0.1 10.0.0.2 esp 0x100 -E aes-cbc %s ;" % K20,
     "aes-cbc key of 160 bits: aes-cbc takes 128, 192, 256 bits"),
    ("add 10.0.0.1 10.0.0.2 ah 0x100 -A hmac-sha2-256 %s ;" % K20,
     "hmac-sha2-256 key of 160 bits: hmac-sha2-256 takes 256 bits"),
    ("add 10.0.0.1 10.0.0.2 esp 0x100 -E null %s ;" % K16, "null takes no key"),
    ("add 10.0.0.1 10.0.0.2 esp 0x100 -r 2000 -E aes-gcm-16 %s ;" % K20, "bad option or value"),
    # -r is bytes: 128 (1024 packets) is the largest window
    ("add 10.0.0.1 10.0.0.2 esp 0x100 -r 129 -E aes-gcm-16 %s ;" % K20, "bad option or value"),
    ("add 10.0.0.1 10.0.0.2 esp 0x10 -E aes-gcm-16 %s ;" % K20, "add: Invalid argument"),
    ("delete 10.0.0.1 10.0.0.2 esp 0x999 ;", "delete: No such file or directory"),
    ("spdadd 10.0.0.1 10.0.0.2 any -P sideways none ;", "bad direction"),
    ("spdadd 10.0.0.1 10.0.0.2 any -P out ipsec esp/tunnel//require ;", "tunnel mode needs"),
    ("spdadd 10.0.0.1/40 10.0.0.2 any -P out none ;", "bad source range"),
    ("get 10.0.0.1 10.0.0.2 esp 0x100 extra ;", "unexpected word 'extra'"),
]


def test_bad_commands_give_clear_errors_and_change_nothing(drv):
    drv.setkey("add 10.0.0.1 10.0.0.2 esp 0x4000 -E aes-gcm-16 %s ;" % K20)
    before = drv.dump()
    for i, (cmd, msg) in enumerate(BAD):
        out, errors = drv.setkey(cmd)
        assert errors == i + 1, cmd
        assert out.startswith("setkey: line %d: " % (i + 2)) and msg in out, (cmd, out)
    after = drv.dump()
    strip = lambda t: re.sub(r"current: \w+ +\d+ [\d:]+ \d+|diff: \d+", "", t)  # noqa: E731
    assert strip(after) == strip(before)
    assert drv.setkey("add 10.0.0.1 10.0.0.2 esp 0x4000 -E aes-gcm-16 %s ;" % K20)[0] \
        .endswith("add: File exists")
