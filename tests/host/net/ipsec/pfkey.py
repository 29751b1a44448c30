"""PF_KEY v2 messages built and parsed with struct, following RFC 2367 and
the KAME extensions directly -- independent of net/ipsec's own encoder, so
the kernel's parser is not only tested against itself.

Byte order: x86_64 host order (little endian) for every field except SPIs
and the ports/addresses inside sockaddrs (network order).  Families are
FreeBSD's (AF_INET 2, AF_INET6 28).
"""
import socket
import struct

PF_KEY_V2 = 2
# message types
GETSPI, UPDATE, ADD, DELETE, GET, ACQUIRE, REGISTER, EXPIRE, FLUSH, DUMP = range(1, 11)
X_PROMISC = 11
X_SPDUPDATE, X_SPDADD, X_SPDDELETE, X_SPDGET = 13, 14, 15, 16
X_SPDDUMP, X_SPDFLUSH, X_SPDDELETE2 = 18, 19, 22
# SA types
SATYPE_UNSPEC, SATYPE_AH, SATYPE_ESP, SATYPE_RSVP = 0, 2, 3, 5
# extension types
EXT_SA, EXT_LT_CUR, EXT_LT_HARD, EXT_LT_SOFT = 1, 2, 3, 4
EXT_SRC, EXT_DST, EXT_PROXY, EXT_KEY_AUTH, EXT_KEY_ENC = 5, 6, 7, 8, 9
EXT_IDENT_SRC, EXT_PROPOSAL, EXT_SUP_AUTH, EXT_SUP_ENC, EXT_SPIRANGE = 10, 13, 14, 15, 16
EXT_POLICY, EXT_SA2, EXT_SA_REPLAY = 18, 19, 26
# states
LARVAL, MATURE, DYING, DEAD = 0, 1, 2, 3
# algorithms
AALG_SHA1, AALG_SHA256, AALG_SHA384, AALG_SHA512 = 3, 5, 6, 7
EALG_NULL, EALG_AESCBC, EALG_AESCTR, EALG_AESGCM16, EALG_CHACHA = 11, 12, 13, 20, 28
# policy
DIR_IN, DIR_OUT, DIR_FWD = 1, 2, 3
POLICY_DISCARD, POLICY_NONE, POLICY_IPSEC = 0, 1, 2
MODE_ANY, MODE_TRANSPORT, MODE_TUNNEL = 0, 1, 2
LEVEL_DEFAULT, LEVEL_USE, LEVEL_REQUIRE, LEVEL_UNIQUE = 0, 1, 2, 3
IPPROTO_ESP, IPPROTO_AH = 50, 51
AF_INET, AF_INET6 = 2, 28

# errno (FreeBSD)
ENOENT, EBUSY, EEXIST, EINVAL, EMSGSIZE, EOPNOTSUPP, ENOBUFS = 2, 16, 17, 22, 40, 45, 55


def pad8(b):
    return b + b"\0" * (-len(b) % 8)


def msg(mtype, satype=SATYPE_ESP, exts=(), seq=1, pid=777, errno=0,
        version=PF_KEY_V2, reserved=0, length=None):
    body = b"".join(exts)
    total = 16 + len(body)
    units = total // 8 if length is None else length
    return struct.pack("<BBBBHHII", version, mtype, errno, satype, units,
                       reserved, seq, pid) + body


def sa(spi, replay=0, state=0, auth=0, enc=0, flags=0):
    return (struct.pack("<HH", 2, EXT_SA) + struct.pack(">I", spi) +
            struct.pack("<BBBBI", replay, state, auth, enc, flags))


def sockaddr(ip, port=0):
    if ":" in ip:
        return (bytes([28, AF_INET6]) + struct.pack(">HI", port, 0) +
                socket.inet_pton(socket.AF_INET6, ip) + struct.pack("<I", 0))
    return bytes([16, AF_INET]) + struct.pack(">H", port) + socket.inet_aton(ip) + bytes(8)


def address(exttype, ip, plen=None, proto=255, port=0, raw_sa=None, reserved=0):
    s = raw_sa if raw_sa is not None else sockaddr(ip, port)
    if plen is None:
        plen = 128 if ":" in ip else 32
    body = pad8(struct.pack("<HHBBH", 0, exttype, proto, plen, reserved) + s)
    return struct.pack("<H", len(body) // 8) + body[2:]


def key(exttype, data, bits=None):
    bits = len(data) * 8 if bits is None else bits
    body = pad8(struct.pack("<HHHH", 0, exttype, bits, 0) + data)
    return struct.pack("<H", len(body) // 8) + body[2:]


def lifetime(exttype, alloc=0, nbytes=0, addtime=0, usetime=0):
    return struct.pack("<HHIQQQ", 4, exttype, alloc, nbytes, addtime, usetime)


def spirange(lo, hi):
    return struct.pack("<HHIII", 2, EXT_SPIRANGE, lo, hi, 0)


def sa2(mode=MODE_ANY, reqid=0, seq=0):
    return struct.pack("<HHBBHII", 2, EXT_SA2, mode, 0, 0, seq, reqid)


def sa_replay(n):
    return struct.pack("<HHI", 1, EXT_SA_REPLAY, n)


def ipsecrequest(proto=IPPROTO_ESP, mode=MODE_TRANSPORT, level=LEVEL_REQUIRE,
                 reqid=0, src=None, dst=None):
    addrs = b""
    if src is not None:
        addrs = sockaddr(src) + sockaddr(dst)
    body = pad8(struct.pack("<HHBBHII", 0, proto, mode, level, 0, reqid, 0) + addrs)
    return struct.pack("<H", len(body)) + body[2:]


def policy(ptype=POLICY_IPSEC, direction=DIR_OUT, reqs=(), pid=0, prio=0):
    body = struct.pack("<HHHBBII", 0, EXT_POLICY, ptype, direction, 0, pid, prio)
    body += b"".join(reqs)
    return struct.pack("<H", len(body) // 8) + body[2:]


def parse(data):
    """A received message: header fields plus {exttype: bytes}."""
    v, t, err, satype, units, res, seq, pid = struct.unpack_from("<BBBBHHII", data)
    assert units * 8 == len(data), "length field %d != %d bytes" % (units * 8, len(data))
    exts = {}
    off = 16
    while off < len(data):
        elen, etype = struct.unpack_from("<HH", data, off)
        assert elen > 0 and off + elen * 8 <= len(data)
        assert etype not in exts, "duplicate extension %d" % etype
        exts[etype] = data[off:off + elen * 8]
        off += elen * 8
    return dict(version=v, type=t, errno=err, satype=satype, seq=seq, pid=pid,
                exts=exts, raw=data)


def parse_head(data):
    """The first bytes of a message (at least the 16-byte header): header
    fields, and the first extension's type and bytes if they are there."""
    v, t, err, satype, units, res, seq, pid = struct.unpack_from("<BBBBHHII", data)
    first = None
    if len(data) >= 20:
        elen, etype = struct.unpack_from("<HH", data, 16)
        first = (etype, data[16:16 + elen * 8])
    return dict(version=v, type=t, errno=err, satype=satype, len=units * 8, seq=seq, pid=pid,
                first=first)


def ext_sa(e):
    spi, = struct.unpack_from(">I", e, 4)
    replay, state, auth, enc, flags = struct.unpack_from("<BBBBI", e, 8)
    return dict(spi=spi, replay=replay, state=state, auth=auth, enc=enc, flags=flags)


def ext_lifetime(e):
    alloc, nbytes, add, use = struct.unpack_from("<IQQQ", e, 4)
    return dict(allocations=alloc, bytes=nbytes, addtime=add, usetime=use)


def ext_supported(e):
    algs = []
    for off in range(8, len(e), 8):
        aid, ivlen, lo, hi = struct.unpack_from("<BBHH", e, off)
        algs.append((aid, ivlen, lo, hi))
    return algs


def ext_policy(e):
    ptype, direction, scope, pid, prio = struct.unpack_from("<HBBII", e, 4)
    return dict(type=ptype, dir=direction, id=pid, priority=prio)
