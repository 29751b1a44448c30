"""Host tests of the routing socket's messages (net/rtsock.c,
<sanpo/route.h>): what the stack announces when routes, addresses and
interfaces change, how requests (RTM_ADD/DELETE/CHANGE/GET, arp -d) are
carried out and answered, and the dumps ifconfig, route and arp read.
The messages are decoded here with struct from the layouts the header
documents, independently of the C that builds them."""
import struct

import host_sources
import pytest

RTM_ADD, RTM_DELETE, RTM_CHANGE, RTM_GET = 1, 2, 3, 4
RTM_NEWADDR, RTM_DELADDR, RTM_IFINFO = 0xC, 0xD, 0xE
RTM_DUMP, RTM_IFLIST, RTM_LLDUMP, RTM_END = 0x70, 0x71, 0x72, 0x7F
RTA_DST, RTA_GATEWAY, RTA_NETMASK, RTA_IFP, RTA_IFA, RTA_BRD = 1, 2, 4, 0x10, 0x20, 0x80
RTF_UP, RTF_GATEWAY, RTF_HOST, RTF_DONE, RTF_LLINFO, RTF_STATIC = 1, 2, 4, 0x40, 0x400, 0x800
AF_INET, AF_LINK = 2, 253
RT_MSGHDR = "<HBBHHiiiiiiQ"          # then struct rt_metrics, 14 u64
RT_MSGHDR_LEN = struct.calcsize(RT_MSGHDR) + 14 * 8
IF_MSGHDR_LEN = 16 + 24 + 12 * 8      # header, if_data's small fields, 12 counters
IFA_MSGHDR_LEN = 20
EINVAL, ESRCH, EEXIST = 22, 3, 17

BASE = ["if test0 02:00:00:00:00:01", "addr test0 10.0.0.1/24"]


@pytest.fixture(scope="module")
def net(host):
    prog = host.compile("net_script", ["tests/host/net/net_script.c", host_sources.SCRIPT] +
                        host_sources.net())

    def run(lines):
        r = host.run(prog, input="\n".join(lines) + "\n", timeout=120)
        assert r.returncode == 0, "exit %d\n%s\n%s" % (r.returncode, r.stdout[-3000:],
                                                      r.stderr[-5000:])
        return r.stdout.splitlines()
    return run


def sockaddrs(b, off, addrs):
    """The sockaddrs after a header, by RTA bit: ("in", "a.b.c.d") or ("dl", name, mac)."""
    out = {}
    for i in range(8):
        if not addrs & (1 << i):
            continue
        fam = struct.unpack_from("<H", b, off)[0]
        if fam == AF_INET:
            out[1 << i] = ("in", ".".join(str(x) for x in b[off + 4:off + 8]))
            off += 16
        elif fam == AF_LINK:
            index, typ, nlen, alen = struct.unpack_from("<HBBB", b, off + 2)
            data = b[off + 8:off + 8 + nlen + alen]
            out[1 << i] = ("dl", data[:nlen].decode(), data[nlen:].hex(":"), index)
            off += 56
        else:
            raise AssertionError("family %d" % fam)
    assert off == len(b), (off, len(b))
    return out


def decode(hexstr):
    b = bytes.fromhex(hexstr)
    msglen, version, typ = struct.unpack_from("<HBB", b)
    assert msglen == len(b) and version == 5
    if typ == RTM_IFINFO:
        addrs, flags, index = struct.unpack_from("<iiH", b, 4)
        link_state = b[16 + 4]
        mtu = struct.unpack_from("<I", b, 16 + 8)[0]
        return dict(type=typ, flags=flags, index=index, link=link_state, mtu=mtu,
                    sa=sockaddrs(b, IF_MSGHDR_LEN, addrs))
    if typ in (RTM_NEWADDR, RTM_DELADDR):
        addrs, flags, index = struct.unpack_from("<iiH", b, 4)
        return dict(type=typ, index=index, sa=sockaddrs(b, IFA_MSGHDR_LEN, addrs))
    (_, _, _, index, _, flags, addrs, pid, seq, errno, _, _) = struct.unpack_from(RT_MSGHDR, b)
    expire = struct.unpack_from("<Q", b, struct.calcsize(RT_MSGHDR) + 3 * 8)[0]
    return dict(type=typ, index=index, flags=flags, pid=pid, seq=seq, errno=errno,
                expire=expire, sa=sockaddrs(b, RT_MSGHDR_LEN, addrs))


def sin(a):
    return struct.pack("<HH4s8x", AF_INET, 0, bytes(int(x) for x in a.split(".")))


def request(typ, dst, gw=None, mask=None, flags=0, pid=42, seq=7):
    addrs, body = RTA_DST, sin(dst)
    if gw:
        addrs |= RTA_GATEWAY
        body += sin(gw)
        flags |= RTF_GATEWAY
    if mask:
        addrs |= RTA_NETMASK
        body += sin(mask)
    hdr = struct.pack(RT_MSGHDR, RT_MSGHDR_LEN + len(body), 5, typ, 0, 0, flags, addrs,
                      pid, seq, 0, 0, 0) + bytes(14 * 8)
    return "rtreq " + (hdr + body).hex()


def msgs(lines, tag="RTMSG"):
    return [decode(ln.split()[1]) for ln in lines if ln.startswith(tag + " ")]


def replies(lines):
    out = []
    for ln in lines:
        if ln.startswith("RTREQ "):
            f = ln.split()
            out.append((int(f[1][3:]), decode(f[2]) if len(f) > 2 else None))
    return out


def test_address_and_interface_announcements(net):
    lines = net(["if test0 02:00:00:00:00:01", "rtsock", "addr test0 10.0.0.1/24",
                 "down test0", "up test0", "deladdr test0 10.0.0.1"])
    m = msgs(lines)
    types = [x["type"] for x in m]
    # Adding the address: NEWADDR, the interface comes up, its connected route.
    assert types[:3] == [RTM_NEWADDR, RTM_IFINFO, RTM_ADD], types
    a = m[0]
    assert a["sa"][RTA_IFA] == ("in", "10.0.0.1")
    assert a["sa"][RTA_NETMASK] == ("in", "255.255.255.0")
    assert a["sa"][RTA_BRD] == ("in", "10.0.0.255")
    assert a["sa"][RTA_IFP][:3] == ("dl", "test0", "02:00:00:00:00:01")
    assert m[1]["flags"] & 1 and m[1]["index"] == a["index"] == 1
    r = m[2]
    assert r["sa"][RTA_DST] == ("in", "10.0.0.0") and r["sa"][RTA_NETMASK][1] == "255.255.255.0"
    assert r["sa"][RTA_GATEWAY][:2] == ("dl", "test0") and r["pid"] == 0
    # down, up: one IFINFO each with the flag; removal: DELADDR and the route goes.
    assert types[3:] == [RTM_IFINFO, RTM_IFINFO, RTM_DELETE, RTM_DELADDR] or \
        types[3:] == [RTM_IFINFO, RTM_IFINFO, RTM_DELADDR, RTM_DELETE], types
    assert not m[3]["flags"] & 1 and m[4]["flags"] & 1


def test_add_get_change_delete_requests(net):
    lines = net(BASE + ["rtsock",
                        request(RTM_ADD, "0.0.0.0", "10.0.0.254", "0.0.0.0"),
                        request(RTM_ADD, "0.0.0.0", "10.0.0.254", "0.0.0.0", seq=8),
                        request(RTM_GET, "192.0.2.9", seq=9),
                        request(RTM_CHANGE, "0.0.0.0", "10.0.0.253", "0.0.0.0", seq=10),
                        request(RTM_DELETE, "0.0.0.0", mask="0.0.0.0", seq=11),
                        request(RTM_DELETE, "0.0.0.0", mask="0.0.0.0", seq=12),
                        request(RTM_ADD, "10.9.0.1", "10.0.0.254", "255.255.0.0", seq=13)])
    reps = replies(lines)
    # A successful change is answered by its announcement (pid and seq stamped).
    assert reps[0] == (0, None)
    assert reps[1][0] == EEXIST and reps[1][1]["errno"] == EEXIST and reps[1][1]["seq"] == 8
    rc, got = reps[2]
    assert rc == 0 and got["type"] == RTM_GET and got["flags"] & RTF_DONE
    assert got["sa"][RTA_DST] == ("in", "0.0.0.0") and got["sa"][RTA_GATEWAY] == ("in", "10.0.0.254")
    assert got["pid"] == 42 and got["seq"] == 9
    assert reps[3] == (0, None) and reps[4] == (0, None)
    assert reps[5][0] == ESRCH and reps[5][1]["errno"] == ESRCH
    assert reps[6][0] == EINVAL     # host bits outside the mask
    route = [x for x in msgs(lines) if x["type"] in (RTM_ADD, RTM_CHANGE, RTM_DELETE)
             and x["pid"] != 0]     # not the teardown's
    assert [(x["type"], x["seq"], x["pid"]) for x in route] == \
        [(RTM_ADD, 7, 42), (RTM_CHANGE, 10, 42), (RTM_DELETE, 11, 42)]
    assert route[0]["flags"] & (RTF_UP | RTF_GATEWAY | RTF_STATIC) == RTF_UP | RTF_GATEWAY | RTF_STATIC
    assert route[1]["sa"][RTA_GATEWAY] == ("in", "10.0.0.253")


def test_malformed_requests_are_refused(net):
    good = request(RTM_ADD, "10.1.0.0", "10.0.0.254", "255.255.0.0").split()[1]
    b = bytes.fromhex(good)
    cases = [b[:10],                                   # shorter than a header
             b[:-1],                                   # msglen disagrees
             b[:2] + b"\x04" + b[3:],                  # wrong version
             struct.pack("<H", len(b) - 16) + b[2:-16],  # sockaddrs cut short
             b[:-16] + sin("255.0.255.0")]             # mask not contiguous
    lines = net(BASE + ["rtreq " + c.hex() for c in cases] + ["routes"])
    rcs = [ln.split()[1] for ln in lines if ln.startswith("RTREQ ")]
    assert rcs == ["rc=%d" % EINVAL] * 5
    assert not any("10.1.0.0" in ln for ln in lines)


def test_dumps(net):
    lines = net(BASE + ["route add 0.0.0.0/0 10.0.0.254",
                        "in test0 " + ("ffffffffffff" "020000000002" "0806" "0001080006040001"
                                       "020000000002" "0a000002" "000000000000" "0a000001"),
                        "rtdump 0x70", "rtdump 0x71", "rtdump 0x72", "rtdump 0x55"])
    d = msgs(lines, "RTDUMP")
    types = [x["type"] for x in d]
    assert types == [RTM_DUMP, RTM_GET, RTM_GET, RTM_END,         # routes, longest first
                     RTM_IFLIST, RTM_IFINFO, RTM_NEWADDR, RTM_END,  # interfaces
                     RTM_LLDUMP, RTM_GET, RTM_END], types           # the ARP entry
    d = [x for x in d if x["type"] not in (RTM_DUMP, RTM_IFLIST, RTM_LLDUMP)]
    assert d[0]["sa"][RTA_DST] == ("in", "10.0.0.0") and d[1]["sa"][RTA_DST] == ("in", "0.0.0.0")
    assert all(x["pid"] == 7 and x["seq"] == 9 for x in d if x["type"] in (RTM_GET, RTM_END))
    assert d[3]["mtu"] == 1500 and d[3]["sa"][RTA_IFP][:3] == ("dl", "test0", "02:00:00:00:00:01")
    ll = d[6]
    assert ll["flags"] & RTF_LLINFO and ll["sa"][RTA_DST] == ("in", "10.0.0.2")
    assert ll["sa"][RTA_GATEWAY][:3] == ("dl", "test0", "02:00:00:00:00:02")
    assert 1190 <= ll["expire"] <= 1200
    assert [ln for ln in lines if ln.startswith("RTDUMP-END")] == ["RTDUMP-END rc=0"] * 3 + \
        ["RTDUMP-END rc=45"]


def test_arp_delete_request(net):
    arp_in = ("in test0 ffffffffffff0200000000020806000108000604000102000000000"
              "20a000002000000000000" "0a000001")
    lines = net(BASE + [arp_in,
                        request(RTM_DELETE, "10.0.0.2", flags=RTF_HOST | RTF_LLINFO),
                        request(RTM_DELETE, "10.0.0.2", flags=RTF_HOST | RTF_LLINFO, seq=8),
                        "arp"])
    reps = replies(lines)
    assert reps[0][0] == 0 and reps[0][1]["flags"] & RTF_DONE
    assert reps[1][0] == ESRCH
