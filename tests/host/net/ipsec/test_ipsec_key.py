"""PF_KEY v2 key sockets, key_parse, the SADB and the SPD on the host with
ASan/UBSan (net/ipsec/ through tests/host/net/ipsec/key_driver.c).

Messages are built here with struct after RFC 2367 (tests/host/net/ipsec/
pfkey.py), not with net/ipsec's encoder, and replies are parsed the same
way.  Each test runs its own driver process, so the SADB starts empty.
"""
import pfkey as P

SRC, DST = "10.0.0.1", "10.0.0.2"
GCM_KEY = bytes(range(20))                   # AES-128 + 4-byte salt
CBC_KEY = bytes(range(16))
SHA256_KEY = bytes(range(100, 132))


def addrs(src=SRC, dst=DST):
    return [P.address(P.EXT_SRC, src), P.address(P.EXT_DST, dst)]


def add_gcm(spi, seq=1, extra=(), satype=P.SATYPE_ESP, mtype=P.ADD, src=SRC, dst=DST):
    return P.msg(mtype, satype, [P.sa(spi, enc=P.EALG_AESGCM16, replay=32), *addrs(src, dst),
                                 P.key(P.EXT_KEY_ENC, GCM_KEY), *extra], seq=seq)


def get_msg(spi, satype=P.SATYPE_ESP, seq=9):
    return P.msg(P.GET, satype, [P.sa(spi), *addrs()], seq=seq)


def test_register_lists_supported_algorithms(drv):
    k = drv.open()
    e, msgs = drv.request(k, P.msg(P.REGISTER, P.SATYPE_ESP, seq=5))
    assert e == 0 and len(msgs) == 1
    r = msgs[0]
    assert (r["type"], r["errno"], r["seq"], r["pid"]) == (P.REGISTER, 0, 5, 777)
    auth = {a[0]: a for a in P.ext_supported(r["exts"][P.EXT_SUP_AUTH])}
    enc = {a[0]: a for a in P.ext_supported(r["exts"][P.EXT_SUP_ENC])}
    assert auth[P.AALG_SHA256][2:] == (256, 256)
    assert auth[P.AALG_SHA1][2:] == (160, 160)
    assert auth[P.AALG_SHA512][2:] == (512, 512)
    assert enc[P.EALG_AESGCM16][1:] == (8, 160, 288)
    assert enc[P.EALG_AESCBC][1:] == (16, 128, 256)
    assert enc[P.EALG_CHACHA][1:] == (8, 288, 288)
    assert P.EALG_NULL in enc
    assert 2 not in auth and 3 not in enc          # no MD5, no 3DES
    # AH registration: no SUPPORTED_ENCRYPT
    e, msgs = drv.request(k, P.msg(P.REGISTER, P.SATYPE_AH))
    assert e == 0 and P.EXT_SUP_ENC not in msgs[0]["exts"] and P.EXT_SUP_AUTH in msgs[0]["exts"]


def test_add_get_delete_and_reply_targets(drv):
    a, b = drv.open(), drv.open()
    e, msgs = drv.request(a, add_gcm(0x1000, seq=3))
    assert e == 0
    assert [m["type"] for m in msgs] == [P.ADD] and msgs[0]["seq"] == 3
    assert P.EXT_KEY_ENC not in msgs[0]["exts"]          # keys never broadcast
    other = drv.recv(b)
    assert [m["type"] for m in other] == [P.ADD]         # ADD goes to all
    assert drv.counts()["mature"] == 1
    e, msgs = drv.request(a, get_msg(0x1000))
    assert e == 0 and msgs[0]["type"] == P.GET and msgs[0]["seq"] == 9
    x = msgs[0]["exts"]
    s = P.ext_sa(x[P.EXT_SA])
    assert (s["spi"], s["state"], s["enc"], s["replay"]) == (0x1000, P.MATURE, P.EALG_AESGCM16, 32)
    assert x[P.EXT_KEY_ENC][8:28] == GCM_KEY
    assert drv.recv(b) == []                             # GET only to the asker
    e, msgs = drv.request(a, P.msg(P.DELETE, P.SATYPE_ESP, [P.sa(0x1000), *addrs()]))
    assert e == 0 and msgs[0]["type"] == P.DELETE
    assert [m["type"] for m in drv.recv(b)] == [P.DELETE]
    e, msgs = drv.request(a, get_msg(0x1000))
    assert e == P.ENOENT and msgs[0]["errno"] == P.ENOENT and len(msgs[0]["raw"]) == 16
    e, _ = drv.request(a, P.msg(P.DELETE, P.SATYPE_ESP, [P.sa(0x1000), *addrs()]))
    assert e == P.ENOENT
    assert drv.counts()["mature"] == 0


def test_allocsa_reference_outlives_delete(drv):
    k = drv.open()
    assert drv.send(k, add_gcm(0x1100)) == 0
    drv.cmd("hold %s %d %x" % (DST, P.SATYPE_ESP, 0x1100))
    assert drv.readline() == "ret 0"
    drv.cmd("release")
    assert drv.readline() == "state=%d linked=1 refcnt=2" % P.MATURE
    drv.cmd("hold %s %d %x" % (DST, P.SATYPE_ESP, 0x1100))
    assert drv.readline() == "ret 0"
    assert drv.send(k, P.msg(P.DELETE, P.SATYPE_ESP, [P.sa(0x1100), *addrs()])) == 0
    assert drv.counts()["mature"] == 0
    # the datapath's reference keeps the memory (ASan would see a use after
    # free), the SA is dead and its keys are wiped
    drv.cmd("release")
    assert drv.readline() == "state=%d linked=0 refcnt=1" % P.DEAD
    drv.cmd("hold %s %d %x" % (DST, P.SATYPE_ESP, 0x1100))
    assert drv.readline() == "ret %d" % P.ENOENT


def test_add_duplicate_spi_is_eexist(drv):
    k = drv.open()
    assert drv.send(k, add_gcm(0x2000)) == 0
    assert drv.send(k, add_gcm(0x2000, seq=2)) == P.EEXIST
    # same SPI to another destination, or for AH, is a different SA
    assert drv.send(k, add_gcm(0x2000, dst="10.0.0.3")) == 0
    ah = P.msg(P.ADD, P.SATYPE_AH, [P.sa(0x2000, auth=P.AALG_SHA256), *addrs(),
                                    P.key(P.EXT_KEY_AUTH, SHA256_KEY)])
    assert drv.send(k, ah) == 0
    assert drv.counts()["mature"] == 3


ALGS_OK = [
    ("aes-gcm-128", P.EALG_AESGCM16, bytes(20), 0, None),
    ("aes-gcm-256", P.EALG_AESGCM16, bytes(36), 0, None),
    ("aes-cbc-128+sha256", P.EALG_AESCBC, bytes(16), P.AALG_SHA256, bytes(32)),
    ("aes-cbc-256+sha512", P.EALG_AESCBC, bytes(32), P.AALG_SHA512, bytes(64)),
    ("aes-cbc-192+sha1", P.EALG_AESCBC, bytes(24), P.AALG_SHA1, bytes(20)),
    ("chacha20-poly1305", P.EALG_CHACHA, bytes(36), 0, None),
    ("null+sha256", P.EALG_NULL, None, P.AALG_SHA256, bytes(32)),
    ("aes-ctr+sha384", P.EALG_AESCTR, bytes(20), P.AALG_SHA384, bytes(48)),
]

ALGS_BAD = [
    ("gcm without salt", P.EALG_AESGCM16, bytes(16), 0, None),
    ("cbc 100 bits", P.EALG_AESCBC, bytes(13), P.AALG_SHA256, bytes(32)),
    ("sha256 short key", P.EALG_AESCBC, bytes(16), P.AALG_SHA256, bytes(16)),
    ("aead with hmac", P.EALG_AESGCM16, bytes(20), P.AALG_SHA256, bytes(32)),
    ("null null", P.EALG_NULL, None, 0, None),
    ("null with a key", P.EALG_NULL, bytes(8), P.AALG_SHA256, bytes(32)),
    ("unknown cipher", 99, bytes(16), P.AALG_SHA256, bytes(32)),
    ("unknown hmac", P.EALG_AESCBC, bytes(16), 99, bytes(32)),
    ("cipher without key", P.EALG_AESCBC, None, P.AALG_SHA256, bytes(32)),
    ("chacha 256 bits", P.EALG_CHACHA, bytes(32), 0, None),
    ("auth key without alg", P.EALG_AESGCM16, bytes(20), 0, bytes(32)),
]


def esp_add(spi, enc, ekey, auth, akey):
    exts = [P.sa(spi, enc=enc, auth=auth), *addrs()]
    if ekey is not None:
        exts.append(P.key(P.EXT_KEY_ENC, ekey))
    if akey is not None:
        exts.append(P.key(P.EXT_KEY_AUTH, akey))
    return P.msg(P.ADD, P.SATYPE_ESP, exts)


def test_algorithms_and_key_lengths(drv):
    k = drv.open()
    for i, (name, enc, ekey, auth, akey) in enumerate(ALGS_OK):
        assert drv.send(k, esp_add(0x3000 + i, enc, ekey, auth, akey)) == 0, name
    for i, (name, enc, ekey, auth, akey) in enumerate(ALGS_BAD):
        assert drv.send(k, esp_add(0x4000 + i, enc, ekey, auth, akey)) == P.EINVAL, name
    # AH: HMAC only
    ah_ok = P.msg(P.ADD, P.SATYPE_AH, [P.sa(0x5000, auth=P.AALG_SHA256), *addrs(),
                                       P.key(P.EXT_KEY_AUTH, SHA256_KEY)])
    ah_enc = P.msg(P.ADD, P.SATYPE_AH, [P.sa(0x5001, auth=P.AALG_SHA256, enc=P.EALG_AESCBC),
                                        *addrs(), P.key(P.EXT_KEY_AUTH, SHA256_KEY),
                                        P.key(P.EXT_KEY_ENC, CBC_KEY)])
    ah_none = P.msg(P.ADD, P.SATYPE_AH, [P.sa(0x5002), *addrs()])
    assert drv.send(k, ah_ok) == 0
    assert drv.send(k, ah_enc) == P.EINVAL
    assert drv.send(k, ah_none) == P.EINVAL
    assert drv.counts()["mature"] == len(ALGS_OK) + 1
    drv.recv(k)


def good_add():
    return add_gcm(0x7000, extra=[P.lifetime(P.EXT_LT_HARD, addtime=100)])


def _sa_bytes(ip, family=P.AF_INET, salen=16):
    import socket
    return bytes([salen, family]) + bytes(2) + socket.inet_aton(ip) + bytes(8)


def _malformed():
    good = good_add()
    body = good[16:]
    hdr = good[:16]
    src, dst = addrs()
    enc = P.key(P.EXT_KEY_ENC, GCM_KEY)
    sa = P.sa(0x7100, enc=P.EALG_AESGCM16)

    def add(*exts, **kw):
        return P.msg(P.ADD, P.SATYPE_ESP, list(exts), **kw)

    big = P.msg(P.ADD, P.SATYPE_ESP, [sa, src, dst, enc, P.key(P.EXT_KEY_AUTH, bytes(65536), bits=64)])
    return [
        ("short", good[:8], P.EINVAL, "out_tooshort"),
        ("empty", b"", P.EINVAL, "out_tooshort"),
        ("len too big", bytes([2, 3, 0, 3]) + (len(good) // 8 + 1).to_bytes(2, "little") +
         good[6:], P.EINVAL, "out_invlen"),
        ("len too small", add(sa, src, dst, enc, length=len(good) // 8 - 1), P.EINVAL, "out_invlen"),
        ("bytes beyond len", good + bytes(8), P.EINVAL, "out_invlen"),
        ("version 1", P.msg(P.ADD, exts=[sa, src, dst, enc], version=1), P.EINVAL, "out_invver"),
        ("reserved", P.msg(P.ADD, exts=[sa, src, dst, enc], reserved=1), P.EINVAL, None),
        ("errno set", P.msg(P.ADD, exts=[sa, src, dst, enc], errno=5), P.EINVAL, None),
        ("type 0", P.msg(0, exts=[sa, src, dst, enc]), P.EINVAL, "out_invmsgtype"),
        ("type 23", P.msg(23, exts=[sa, src, dst, enc]), P.EINVAL, "out_invmsgtype"),
        ("type spdsetidx", P.msg(20, P.SATYPE_UNSPEC), P.EOPNOTSUPP, "out_invmsgtype"),
        ("satype unspec", P.msg(P.ADD, P.SATYPE_UNSPEC, [sa, src, dst, enc]), P.EINVAL,
         "out_invsatype"),
        ("satype rsvp", P.msg(P.ADD, P.SATYPE_RSVP, [sa, src, dst, enc]), P.EOPNOTSUPP,
         "out_invsatype"),
        ("satype 99", P.msg(P.ADD, 99, [sa, src, dst, enc]), P.EINVAL, "out_invsatype"),
        ("ext len 0", add(sa, src, dst, b"\0\0\x09\0" + enc[4:]), P.EINVAL, "out_invlen"),
        ("truncated ext", add(sa, src, dst, (len(enc) // 8 + 1).to_bytes(2, "little") + enc[2:]), P.EINVAL,
         "out_invlen"),
        ("sa wrong size", add(P.sa(0x7100, enc=P.EALG_AESGCM16) + bytes(8), src, dst, enc),
         P.EINVAL, "out_invlen"),
        ("duplicate sa", add(sa, sa, src, dst, enc), P.EINVAL, "out_dupext"),
        ("duplicate dst", add(sa, src, dst, dst, enc), P.EINVAL, "out_dupext"),
        ("unknown ext 0", add(sa, src, dst, enc, b"\x01\0\0\0\0\0\0\0"), P.EINVAL,
         "out_invexttype"),
        ("unknown ext 27", add(sa, src, dst, enc, b"\x01\0\x1b\0\0\0\0\0"), P.EINVAL,
         "out_invexttype"),
        ("nat-t ext 20", add(sa, src, dst, enc, b"\x01\0\x14\0\0\0\0\0"), P.EINVAL,
         "out_invexttype"),
        ("supported from user", add(sa, src, dst, enc, b"\x01\0\x0e\0\0\0\0\0"), P.EINVAL,
         "out_invexttype"),
        ("spirange in add", add(sa, src, dst, enc, P.spirange(1, 2)), P.EINVAL,
         "out_invexttype"),
        ("missing dst", add(sa, src, enc), P.EINVAL, "out_noext"),
        ("missing sa", add(src, dst, enc), P.EINVAL, "out_noext"),
        ("bad family", add(sa, P.address(P.EXT_SRC, SRC, raw_sa=_sa_bytes(SRC, 99)), dst, enc),
         P.EINVAL, "out_invaddr"),
        ("bad sa_len", add(sa, P.address(P.EXT_SRC, SRC, raw_sa=_sa_bytes(SRC, salen=12)),
                           dst, enc), P.EINVAL, "out_invaddr"),
        ("prefix 33", add(sa, P.address(P.EXT_SRC, SRC, plen=33), dst, enc), P.EINVAL,
         "out_invaddr"),
        ("addr reserved", add(sa, P.address(P.EXT_SRC, SRC, reserved=1), dst, enc), P.EINVAL,
         "out_invaddr"),
        ("families differ", add(sa, P.address(P.EXT_SRC, "fe80::1"), dst, enc), P.EINVAL,
         "out_invaddr"),
        ("key bits beyond data", add(sa, src, dst, P.key(P.EXT_KEY_ENC, GCM_KEY, bits=256)),
         P.EINVAL, None),
        ("key bits 0", add(sa, src, dst, P.key(P.EXT_KEY_ENC, GCM_KEY, bits=0)), P.EINVAL, None),
        ("key too short", add(sa, src, dst, P.key(P.EXT_KEY_ENC, GCM_KEY[:8])), P.EINVAL, None),
        ("over 64 KiB", big, P.EMSGSIZE, "out_toobig"),
        ("spi below 256", add(P.sa(0x80, enc=P.EALG_AESGCM16), src, dst, enc), P.EINVAL, None),
        ("replay over 1024", add(sa, src, dst, enc, P.sa_replay(1025)), P.EINVAL, None),
        ("soft beyond hard", add(sa, src, dst, enc, P.lifetime(P.EXT_LT_HARD, addtime=5),
                                 P.lifetime(P.EXT_LT_SOFT, addtime=6)), P.EINVAL, None),
        ("user expire", P.msg(P.EXPIRE, P.SATYPE_ESP, [sa, src, dst]), P.EINVAL, None),
        ("register with ext", P.msg(P.REGISTER, P.SATYPE_ESP, [sa]), P.EINVAL,
         "out_invexttype"),
        ("hdr only", hdr[:12], P.EINVAL, "out_tooshort"),
        ("spd bad satype", P.msg(P.X_SPDADD, P.SATYPE_ESP, [src, dst, P.policy()]), P.EINVAL,
         "out_invsatype"),
        ("garbage after body", hdr[:4] + ((len(body) + 20) // 8).to_bytes(2, "little") +
         hdr[6:] + body + bytes(4), P.EINVAL, "out_invlen"),
    ]


MALFORMED = _malformed()


def test_malformed_messages_get_errno_and_change_nothing(drv):
    k, other = drv.open(), drv.open()
    assert drv.send(k, good_add()) == 0
    drv.recv(k), drv.recv(other)
    e, before = drv.request(k, get_msg(0x7000))
    assert e == 0
    before_state = drv.counts()
    for name, data, errno, counter in MALFORMED:
        s0 = drv.stats()
        e, msgs = drv.request(k, data)
        assert e == errno, name
        assert len(msgs) == 1, name
        r = msgs[0]
        assert r["errno"] == errno and r["version"] == 2 and len(r["raw"]) == 16, name
        if len(data) >= 16:
            assert r["type"] == data[1] and r["raw"][8:16] == data[8:16], name  # seq, pid echoed
        assert drv.recv(other) == [], name                   # nothing broadcast
        assert drv.counts() == before_state, name
        s1 = drv.stats()
        assert s1["out_invalid"] + s1["out_total"] > s0["out_invalid"] + s0["out_total"]
        if counter:
            assert s1[counter] == s0[counter] + 1, (name, counter)
    e, after = drv.request(k, get_msg(0x7000))
    assert e == 0
    # the SA is byte for byte as before (current lifetime included)
    assert after[0]["raw"] == before[0]["raw"]


def test_getspi_update_larval_to_mature(drv):
    k = drv.open()
    req = P.msg(P.GETSPI, P.SATYPE_ESP, [*addrs(), P.spirange(0x10000, 0x1ffff)], seq=42)
    e, msgs = drv.request(k, req)
    assert e == 0 and msgs[0]["type"] == P.GETSPI and msgs[0]["seq"] == 42
    s = P.ext_sa(msgs[0]["exts"][P.EXT_SA])
    spi = s["spi"]
    assert 0x10000 <= spi <= 0x1ffff and s["state"] == P.LARVAL
    assert drv.counts()["larval"] == 1
    assert drv.send(k, get_msg(spi)) == P.ENOENT                  # larval: not gettable
    assert drv.xfer(DST, P.SATYPE_ESP, spi, 10) == P.ENOENT      # nor usable
    # a bad UPDATE leaves it larval
    bad = P.msg(P.UPDATE, P.SATYPE_ESP, [P.sa(spi, enc=P.EALG_AESGCM16), *addrs(),
                                         P.key(P.EXT_KEY_ENC, bytes(16))])
    assert drv.send(k, bad) == P.EINVAL
    assert drv.counts()["larval"] == 1
    assert drv.send(k, add_gcm(spi + 1 if spi < 0x1ffff else spi - 1, mtype=P.UPDATE)) == P.ENOENT
    drv.recv(k)
    e, msgs = drv.request(k, add_gcm(spi, mtype=P.UPDATE, seq=43))
    assert e == 0 and msgs[0]["type"] == P.UPDATE
    assert P.ext_sa(msgs[0]["exts"][P.EXT_SA])["state"] == P.MATURE
    c = drv.counts()
    assert (c["larval"], c["mature"]) == (0, 1)
    assert drv.send(k, add_gcm(spi, mtype=P.UPDATE)) == P.EINVAL    # no longer larval
    assert drv.xfer(DST, P.SATYPE_ESP, spi, 10) == 0
    # an SPI range of one value that is taken
    e, _ = drv.request(k, P.msg(P.GETSPI, P.SATYPE_ESP, [*addrs(), P.spirange(spi, spi)]))
    assert e == P.EEXIST
    # a larval SA nobody completes times out
    e, msgs = drv.request(k, P.msg(P.GETSPI, P.SATYPE_AH, [*addrs(), P.spirange(256, 0xffffffff)]))
    assert e == 0 and drv.counts()["larval"] == 1
    drv.tick(29)
    assert drv.counts()["larval"] == 1
    drv.tick(2)
    assert drv.counts()["larval"] == 0 and drv.stats()["larval_timeout"] == 1


def expires(msgs):
    out = []
    for m in msgs:
        assert m["type"] == P.EXPIRE and m["pid"] == 0
        x = m["exts"]
        kind = "hard" if P.EXT_LT_HARD in x else "soft"
        assert (P.EXT_LT_HARD in x) != (P.EXT_LT_SOFT in x)
        out.append((P.ext_sa(x[P.EXT_SA])["spi"], kind, P.ext_lifetime(x[P.EXT_LT_CUR])))
    return out


def test_time_lifetimes_soft_then_hard(drv):
    k, reg, other = drv.open(), drv.open(), drv.open()
    assert drv.request(reg, P.msg(P.REGISTER, P.SATYPE_ESP))[0] == 0
    lt = [P.lifetime(P.EXT_LT_SOFT, addtime=2), P.lifetime(P.EXT_LT_HARD, addtime=5)]
    assert drv.send(k, add_gcm(0x8000, extra=lt)) == 0
    drv.recv(k), drv.recv(reg), drv.recv(other)
    drv.tick(1)
    assert drv.recv(reg) == [] and drv.counts()["mature"] == 1
    drv.tick(1)
    ex = expires(drv.recv(reg))
    assert [(s, kind) for s, kind, _ in ex] == [(0x8000, "soft")]
    c = drv.counts()
    assert (c["mature"], c["dying"]) == (0, 1)
    e, msgs = drv.request(k, get_msg(0x8000))
    assert P.ext_sa(msgs[0]["exts"][P.EXT_SA])["state"] == P.DYING
    assert drv.xfer(DST, P.SATYPE_ESP, 0x8000, 1) == 0          # dying is still usable
    drv.tick(2)
    assert drv.recv(reg) == []                                 # soft is sent once
    drv.tick(1)
    assert [(s, kind) for s, kind, _ in expires(drv.recv(reg))] == [(0x8000, "hard")]
    assert drv.counts()["dying"] == 0
    assert drv.send(k, get_msg(0x8000)) == P.ENOENT
    assert drv.recv(other) == [] and drv.recv(k)[-1]["errno"] == P.ENOENT  # not registered
    st = drv.stats()
    assert (st["expire_soft"], st["expire_hard"]) == (1, 1)


def test_byte_lifetimes_and_usetime(drv):
    k, reg = drv.open(), drv.open()
    drv.request(reg, P.msg(P.REGISTER, P.SATYPE_ESP))
    lt = [P.lifetime(P.EXT_LT_SOFT, nbytes=1000), P.lifetime(P.EXT_LT_HARD, nbytes=2000)]
    assert drv.send(k, add_gcm(0x8100, extra=lt)) == 0
    lt2 = [P.lifetime(P.EXT_LT_HARD, usetime=3)]
    assert drv.send(k, add_gcm(0x8101, extra=lt2)) == 0
    drv.recv(reg)
    assert drv.xfer(DST, P.SATYPE_ESP, 0x8100, 999) == 0
    drv.tick(1)
    assert drv.recv(reg) == []
    assert drv.xfer(DST, P.SATYPE_ESP, 0x8100, 1) == 0
    drv.tick(1)
    (spi, kind, cur), = expires(drv.recv(reg))
    assert (spi, kind, cur["bytes"], cur["allocations"]) == (0x8100, "soft", 1000, 2)
    assert drv.xfer(DST, P.SATYPE_ESP, 0x8100, 1000) == 0
    drv.tick(1)
    (spi, kind, cur), = expires(drv.recv(reg))
    assert (spi, kind, cur["bytes"]) == (0x8100, "hard", 2000)
    # usetime counts from the first use only
    drv.tick(5)
    assert drv.recv(reg) == [] and drv.counts()["mature"] == 1
    assert drv.xfer(DST, P.SATYPE_ESP, 0x8101, 1) == 0
    drv.tick(2)
    assert drv.recv(reg) == []
    drv.tick(1)
    assert [(s, kind) for s, kind, _ in expires(drv.recv(reg))] == [(0x8101, "hard")]


def test_dump_is_split_with_seq_counting_down(drv):
    k = drv.open()
    n = 600
    for i in range(n):
        assert drv.send(k, add_gcm(0x10000 + i, dst="10.1.%d.%d" % (i // 250, i % 250 + 1))) == 0
    ah = P.msg(P.ADD, P.SATYPE_AH, [P.sa(0x9000, auth=P.AALG_SHA256), *addrs(),
                                    P.key(P.EXT_KEY_AUTH, SHA256_KEY)])
    assert drv.send(k, ah) == 0
    drv.recv(k)
    e, msgs = drv.request(k, P.msg(P.DUMP, P.SATYPE_UNSPEC, seq=77))
    assert e == 0 and len(msgs) == n + 1
    assert [m["seq"] for m in msgs] == list(range(n, -1, -1))
    assert all(m["type"] == P.DUMP and m["pid"] == 777 and len(m["raw"]) < 65536 for m in msgs)
    spis = sorted(P.ext_sa(m["exts"][P.EXT_SA])["spi"] for m in msgs)
    assert spis == sorted([0x10000 + i for i in range(n)] + [0x9000])
    e, msgs = drv.request(k, P.msg(P.DUMP, P.SATYPE_AH))
    assert e == 0 and len(msgs) == 1 and msgs[0]["seq"] == 0
    # FLUSH esp: only the AH one stays; the reply goes to every socket
    other = drv.open()
    e, msgs = drv.request(k, P.msg(P.FLUSH, P.SATYPE_ESP))
    assert e == 0 and msgs[0]["type"] == P.FLUSH
    assert [m["type"] for m in drv.recv(other)] == [P.FLUSH]
    assert drv.counts()["mature"] == 1
    drv.request(k, P.msg(P.FLUSH, P.SATYPE_UNSPEC))
    e, msgs = drv.request(k, P.msg(P.DUMP, P.SATYPE_UNSPEC))
    assert e == P.ENOENT and msgs[0]["errno"] == P.ENOENT


# --- dumps of any size: produced as the reader reads ------------------------
# The SADB is meant for thousands of SAs; a dump used to be queued whole, so
# past 4096 messages (or 1 MiB) it was cut off and its last message, seq 0,
# lost.  Now the socket asks for the next messages as its reader reads.

BIG = 100_000


def test_dump_of_100000_sas_is_whole_and_flow_controlled(drv):
    k, other = drv.open(), drv.open()
    adds = [add_gcm(0x100000 + i, seq=i, dst="10.%d.%d.%d" % (i >> 16, i >> 8 & 255, i & 255))
            for i in range(BIG)]
    assert set(drv.send_many(k, adds)) == {0}
    assert drv.counts()["mature"] == BIG
    drv.recv(k)
    drv.recv(other)
    assert drv.send(k, P.msg(P.DUMP, P.SATYPE_UNSPEC, seq=4242)) == 0
    queued, _ = drv.pending(k)
    assert 0 < queued <= 32, queued             # produced as read, not all at once
    # Meanwhile other sockets' broadcasts fill k's queue past its limit:
    # they are dropped and counted, the dump is not.
    _, drops0 = drv.pending(k)
    flush = P.msg(P.X_SPDFLUSH, P.SATYPE_UNSPEC)
    assert set(drv.send_many(other, [flush] * 5000)) == {0}
    _, drops1 = drv.pending(k)
    assert drops1 - drops0 >= 5000 - 4096
    heads = drv.heads(k)
    dump = [h for _, h in heads if h["type"] == P.DUMP]
    assert len(dump) == BIG
    assert [h["seq"] for h in dump] == list(range(BIG - 1, -1, -1))
    assert all(h["pid"] == 777 and h["errno"] == 0 and h["first"][0] == P.EXT_SA for h in dump)
    assert sorted(P.ext_sa(h["first"][1])["spi"] for h in dump) == \
        [0x100000 + i for i in range(BIG)]
    assert drv.pending(k)[0] == 0


def test_dump_reports_what_was_there_when_asked(drv):
    """SAs deleted while their dump is read are still reported (state dead,
    no keys); SAs added meanwhile are not: seq still ends at 0."""
    k = drv.open()
    assert set(drv.send_many(k, [add_gcm(0x2000 + i, seq=i) for i in range(100)])) == {0}
    drv.recv(k)
    assert drv.send(k, P.msg(P.DUMP, P.SATYPE_ESP)) == 0
    assert drv.send(k, P.msg(P.FLUSH, P.SATYPE_UNSPEC)) == 0
    assert drv.send(k, add_gcm(0x9999)) == 0
    assert drv.send(k, P.msg(P.DUMP, P.SATYPE_ESP)) == P.EBUSY       # one at a time
    msgs = drv.recv(k)
    dump = [m for m in msgs if m["type"] == P.DUMP and m["errno"] == 0]
    assert [m["seq"] for m in dump] == list(range(99, -1, -1))
    spis = [P.ext_sa(m["exts"][P.EXT_SA])["spi"] for m in dump]
    assert sorted(spis) == list(range(0x2000, 0x2064))
    states = [P.ext_sa(m["exts"][P.EXT_SA])["state"] for m in dump]
    assert states[0] == P.MATURE        # queued before the flush
    assert states[-1] == P.DEAD and P.EXT_KEY_ENC not in dump[-1]["exts"]
    # A socket closed mid-dump releases its SAs (the sanitizer's leak check
    # at exit would see any reference left).
    assert set(drv.send_many(k, [add_gcm(0x3000 + i, seq=i) for i in range(100)])) == {0}
    drv.recv(k)
    assert drv.send(k, P.msg(P.DUMP, P.SATYPE_ESP)) == 0
    assert drv.pending(k)[0] <= 32
    drv.cmd("close %d" % k)


def test_spd_dump_of_5000_policies(drv):
    k = drv.open()
    n = 5000
    adds = [spd_add("10.%d.%d.0" % (i >> 8, i & 255), "172.16.0.0", P.DIR_OUT, splen=24,
                    dplen=16) for i in range(n)]
    assert set(drv.send_many(k, adds)) == {0}
    drv.recv(k)
    assert drv.send(k, P.msg(P.X_SPDDUMP, P.SATYPE_UNSPEC)) == 0
    assert drv.pending(k)[0] <= 32
    heads = [h for _, h in drv.heads(k)]
    assert [h["seq"] for h in heads] == list(range(n - 1, -1, -1))
    assert all(h["type"] == P.X_SPDDUMP for h in heads)
    assert drv.dump(spd=True).count("\tout ipsec") == n


def test_setkey_dump_of_5000_sas(drv):
    """setkey -D's reader gets every SA past the old 4096-message limit and
    its end (it used to time out waiting for seq 0)."""
    k = drv.open()
    n = 5000
    assert set(drv.send_many(k, [add_gcm(0x40000 + i, seq=i) for i in range(n)])) == {0}
    out = drv.dump()
    assert out.count("\n\tesp mode=") == n and "setkey:" not in out


def spd_add(src, dst, direction, ptype=P.POLICY_IPSEC, reqs=None, ul=255, sport=0, dport=0,
            splen=None, dplen=None, mtype=P.X_SPDADD, prio=0):
    if reqs is None:
        reqs = [P.ipsecrequest()] if ptype == P.POLICY_IPSEC else []
    return P.msg(mtype, P.SATYPE_UNSPEC, [
        P.address(P.EXT_SRC, src, plen=splen, proto=ul, port=sport),
        P.address(P.EXT_DST, dst, plen=dplen, proto=ul, port=dport),
        P.policy(ptype, direction, reqs, prio=prio)])


def test_spd_add_lookup_delete(drv):
    k, other = drv.open(), drv.open()
    tun = P.ipsecrequest(mode=P.MODE_TUNNEL, src="192.168.0.1", dst="192.168.0.2")
    e, msgs = drv.request(k, spd_add("10.1.0.0", "10.2.0.0", P.DIR_OUT, splen=16, dplen=16,
                                     reqs=[tun, P.ipsecrequest(proto=P.IPPROTO_AH)]))
    assert e == 0 and msgs[0]["type"] == P.X_SPDADD
    pol = P.ext_policy(msgs[0]["exts"][P.EXT_POLICY])
    assert pol["id"] > 0 and pol["dir"] == P.DIR_OUT
    assert [m["type"] for m in drv.recv(other)] == [P.X_SPDADD]
    # a more specific, higher priority (lower value) discard for tcp port 22
    assert drv.send(k, spd_add("10.1.0.0", "10.2.0.0", P.DIR_OUT, P.POLICY_DISCARD, ul=6,
                               dport=22, splen=16, dplen=16, prio=0)) == 0
    assert drv.send(k, spd_add("10.1.0.0", "10.2.0.0", P.DIR_OUT, splen=16, dplen=16)) == P.EEXIST
    assert drv.send(k, spd_add("0.0.0.0", "0.0.0.0", P.DIR_IN, P.POLICY_NONE, splen=0,
                               dplen=0, prio=100)) == 0
    assert drv.counts()["sp"] == 3
    sp, ga = drv.getsa(P.DIR_OUT, "10.1.2.3", "10.2.3.4", 17, 1000, 53)
    assert sp["id"] == str(pol["id"]) and sp["nreq"] == "2"
    sp, _ = drv.getsa(P.DIR_OUT, "10.1.2.3", "10.2.3.4", 6, 1000, 22)
    assert sp["id"] == str(pol["id"])      # first added, same priority: earlier one wins
    assert drv.getsa(P.DIR_OUT, "10.3.0.1", "10.2.3.4")[0] is None
    assert drv.getsa(P.DIR_FWD, "10.1.2.3", "10.2.3.4")[0] is None
    sp, ga = drv.getsa(P.DIR_IN, "1.2.3.4", "5.6.7.8")
    assert sp["policy"] == str(P.POLICY_NONE) and ga is None
    # dump: seq counting down, same policies
    drv.recv(k)
    e, msgs = drv.request(k, P.msg(P.X_SPDDUMP, P.SATYPE_UNSPEC))
    assert e == 0 and [m["seq"] for m in msgs] == [2, 1, 0]
    d = P.ext_policy(msgs[0]["exts"][P.EXT_POLICY])
    assert d["id"] == pol["id"] and len(msgs[0]["exts"][P.EXT_POLICY]) == len(
        P.policy(P.POLICY_IPSEC, P.DIR_OUT, [tun, P.ipsecrequest(proto=P.IPPROTO_AH)]))
    # get by id, delete by index, delete2 by id
    e, msgs = drv.request(k, P.msg(P.X_SPDGET, P.SATYPE_UNSPEC,
                                   [P.policy(P.POLICY_IPSEC, P.DIR_OUT, pid=pol["id"])]))
    assert e == 0 and P.ext_policy(msgs[0]["exts"][P.EXT_POLICY])["id"] == pol["id"]
    e, _ = drv.request(k, spd_add("10.1.0.0", "10.2.0.0", P.DIR_OUT, splen=16, dplen=16,
                                  mtype=P.X_SPDDELETE))
    assert e == 0 and drv.counts()["sp"] == 2
    assert drv.request(k, P.msg(P.X_SPDGET, P.SATYPE_UNSPEC,
                                [P.policy(pid=pol["id"])]))[0] == P.ENOENT
    e, _ = drv.request(k, spd_add("10.1.0.0", "10.2.0.0", P.DIR_IN, splen=16, dplen=16,
                                  mtype=P.X_SPDDELETE))
    assert e == P.ENOENT
    e, msgs = drv.request(k, P.msg(P.X_SPDDUMP, P.SATYPE_UNSPEC))
    ids = [P.ext_policy(m["exts"][P.EXT_POLICY])["id"] for m in msgs]
    e, _ = drv.request(k, P.msg(P.X_SPDDELETE2, P.SATYPE_UNSPEC, [P.policy(pid=ids[0])]))
    assert e == 0 and drv.counts()["sp"] == 1
    # SPDUPDATE replaces
    assert drv.send(k, spd_add("0.0.0.0", "0.0.0.0", P.DIR_IN, P.POLICY_DISCARD, splen=0,
                               dplen=0, mtype=P.X_SPDUPDATE)) == 0
    assert drv.counts()["sp"] == 1
    assert drv.getsa(P.DIR_IN, "1.2.3.4", "5.6.7.8")[0]["policy"] == str(P.POLICY_DISCARD)
    e, _ = drv.request(k, P.msg(P.X_SPDFLUSH, P.SATYPE_UNSPEC))
    assert e == 0 and drv.counts()["sp"] == 0
    assert drv.request(k, P.msg(P.X_SPDDUMP, P.SATYPE_UNSPEC))[0] == P.ENOENT


def test_spd_bad_policies(drv):
    k = drv.open()
    bad = [
        ("tunnel without endpoints", [P.ipsecrequest(mode=P.MODE_TUNNEL)], P.DIR_OUT),
        ("no request", [], P.DIR_OUT),
        ("five requests", [P.ipsecrequest()] * 5, P.DIR_OUT),
        ("bad proto", [P.ipsecrequest(proto=17)], P.DIR_OUT),
        ("bad mode", [P.ipsecrequest(mode=3)], P.DIR_OUT),
        ("bad level", [P.ipsecrequest(level=4)], P.DIR_OUT),
        ("direction any", [P.ipsecrequest()], 0),
        ("direction 4", [P.ipsecrequest()], 4),
    ]
    for name, reqs, d in bad:
        assert drv.send(k, spd_add("10.0.0.1", "10.0.0.2", d, reqs=reqs)) == P.EINVAL, name
    # a request whose length runs past the policy
    req = bytearray(P.ipsecrequest())
    req[0] = 24
    assert drv.send(k, spd_add("10.0.0.1", "10.0.0.2", P.DIR_OUT, reqs=[bytes(req)])) == P.EINVAL
    # discard with a request attached
    assert drv.send(k, spd_add("10.0.0.1", "10.0.0.2", P.DIR_OUT, P.POLICY_DISCARD,
                               reqs=[P.ipsecrequest()])) == P.EINVAL
    assert drv.counts()["sp"] == 0


def test_acquire_to_registered_sockets_rate_limited(drv):
    k, reg, other = drv.open(), drv.open(), drv.open()
    drv.request(reg, P.msg(P.REGISTER, P.SATYPE_ESP))
    drv.recv(other)
    assert drv.send(k, spd_add(SRC, DST, P.DIR_OUT)) == 0
    drv.recv(k), drv.recv(reg), drv.recv(other)
    sp, ga = drv.getsa(P.DIR_OUT, SRC, DST)
    assert ga == {"ret": str(P.ENOENT), "spi": "none"}
    (acq,) = drv.recv(reg)
    assert acq["type"] == P.ACQUIRE and acq["pid"] == 0 and acq["satype"] == P.SATYPE_ESP
    x = acq["exts"]
    assert x[P.EXT_DST][8:] .startswith(P.sockaddr(DST)) and P.EXT_PROPOSAL in x
    assert P.ext_policy(x[P.EXT_POLICY])["id"] == int(sp["id"])
    assert (len(x[P.EXT_PROPOSAL]) - 8) % 72 == 0 and len(x[P.EXT_PROPOSAL]) > 8
    assert drv.recv(other) == [] and drv.recv(k) == []
    # again at once: rate-limited
    assert drv.getsa(P.DIR_OUT, SRC, DST)[1]["ret"] == str(P.ENOENT)
    assert drv.recv(reg) == [] and drv.stats()["acquire_limited"] == 1
    drv.tick(11)
    drv.getsa(P.DIR_OUT, SRC, DST)
    assert [m["type"] for m in drv.recv(reg)] == [P.ACQUIRE]
    # the key manager answers: now the SA is found
    assert drv.send(k, add_gcm(0xa000)) == 0
    assert drv.getsa(P.DIR_OUT, SRC, DST)[1] == {"ret": "0", "spi": "0000a000"}
    # a "use" policy without SA goes on without one
    assert drv.send(k, spd_add(SRC, "10.0.0.9", P.DIR_OUT,
                               reqs=[P.ipsecrequest(level=P.LEVEL_USE)])) == 0
    assert drv.getsa(P.DIR_OUT, SRC, "10.0.0.9")[1] == {"ret": "0", "spi": "none"}
    # a key manager's failure report (ACQUIRE with errno) is accepted
    fail = P.msg(P.ACQUIRE, P.SATYPE_ESP, addrs(SRC, "10.0.0.9"), errno=P.ENOENT)
    assert drv.send(k, fail) == 0
    assert drv.send(k, P.msg(P.ACQUIRE, P.SATYPE_ESP, addrs())) == P.EINVAL


def test_promisc_and_connection_oriented_ops(drv):
    k, mon = drv.open(), drv.open()
    e, msgs = drv.request(mon, P.msg(P.X_PROMISC, 1))
    assert e == 0 and msgs[0]["type"] == P.X_PROMISC
    drv.request(k, P.msg(P.REGISTER, P.SATYPE_ESP))
    drv.request(k, get_msg(0x1234))                 # an error reply to k only
    got = [(m["type"], m["errno"]) for m in drv.recv(mon)]
    assert got == [(P.REGISTER, 0), (P.GET, P.ENOENT)]
    assert drv.send(mon, P.msg(P.X_PROMISC, 2)) == P.EINVAL
    drv.cmd("connect %d" % k)
    assert drv.readline() == "ret %d %d %d" % (P.EINVAL, P.EINVAL, P.EINVAL)


def test_receive_queue_is_bounded(drv):
    k, idle = drv.open(), drv.open()
    flush = P.msg(P.FLUSH, P.SATYPE_UNSPEC)
    lines = "\n".join("send %d %s" % (k, flush.hex()) for _ in range(4100))
    drv.p.stdin.write(lines + "\n")
    drv.p.stdin.flush()
    for _ in range(4100):
        assert drv.readline() == "ret 0"
    st = drv.stats()
    assert st["in_nomem"] >= 4100 * 2 - 2 * 4096       # both queues capped
    assert len(drv.recv(idle)) == 4096
