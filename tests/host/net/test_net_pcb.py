"""Host tests of the Internet PCBs (net/in_pcb.c) as the socket layer
drives them: UDP bind/connect/demultiplexing, broadcast permission,
asynchronous errors from ICMP, the 127/8 loopback, and raw IP sockets
(net/raw_ip.c).  Same scriptable driver and scapy frames as
test_net_stack.py; errors are FreeBSD's numbers (net/net_errno.h), which
the kernel turns into Linux's at the system-call boundary.
"""
from scapy.all import ICMP, IP, UDP, Ether, Raw

from test_net_stack import (BASE, OUR, OUR_MAC, PEER, PEER_MAC, arp_prime,  # noqa: F401
                            checksums_ok, feed, from_peer, net, udp_frame)

EINVAL, EACCES, EDESTADDRREQ, EMSGSIZE = 22, 13, 39, 40
EADDRINUSE, EADDRNOTAVAIL, ECONNREFUSED = 48, 49, 61


def ends(r, op, i):
    """rc, local and foreign ends printed for PCB i by op (the first time)."""
    f = r.find("%s %d " % (op, i))[0].split()
    return int(f[2][3:]), f[3], f[4]


def recvs(r, i):
    return [x.split()[2:] for x in r.find("PCB_RECV %d " % i)]


def test_bind_ports_and_reuseaddr(net):
    r = net(BASE + ["pcb_udp 0", "pcb_bind 0 0.0.0.0 7000",
                    "pcb_udp 1", "pcb_bind 1 %s 7000" % OUR,
                    "pcb_udp 2", "pcb_set 2 reuseaddr", "pcb_bind 2 0.0.0.0 7001",
                    "pcb_udp 3", "pcb_set 3 reuseaddr", "pcb_bind 3 0.0.0.0 7001",
                    "pcb_udp 4", "pcb_bind 4 0.0.0.0 7001",
                    "pcb_udp 5", "pcb_bind 5 10.9.9.9 0",
                    "pcb_bind 0 0.0.0.0 7002",
                    "pcb_udp 6", "pcb_bind 6 0.0.0.0 0",
                    "pcb_udp 7", "pcb_bind 7 10.0.0.255 7003"])
    assert ends(r, "PCB_BIND", 0) == (0, "0.0.0.0:7000", "0.0.0.0:0")
    assert ends(r, "PCB_BIND", 1)[0] == EADDRINUSE        # overlaps the wildcard
    assert ends(r, "PCB_BIND", 2)[0] == 0 and ends(r, "PCB_BIND", 3)[0] == 0
    assert ends(r, "PCB_BIND", 4)[0] == EADDRINUSE        # only one side reuses
    assert ends(r, "PCB_BIND", 5)[0] == EADDRNOTAVAIL
    assert r.find("PCB_BIND 0 rc=%d" % EINVAL)            # bound already
    rc, local, _ = ends(r, "PCB_BIND", 6)
    assert rc == 0 and 32768 <= int(local.split(":")[1]) <= 60999
    assert ends(r, "PCB_BIND", 7)[0] == 0                 # a broadcast address, as Linux


def test_connect_picks_source_and_demultiplexes(net):
    other = "10.0.0.3"
    r = net(BASE + [arp_prime(),
                    "pcb_udp 0", "pcb_bind 0 0.0.0.0 7000",
                    "pcb_udp 1", "pcb_set 1 reuseaddr", "pcb_bind 1 0.0.0.0 7100",
                    "pcb_connect 1 %s 4000" % PEER,
                    "pcb_udp 2", "pcb_set 2 reuseaddr", "pcb_bind 2 0.0.0.0 7100",
                    udp_frame(7100, b"from the peer"),
                    feed(Ether(src=PEER_MAC, dst=OUR_MAC) / IP(src=other, dst=OUR) /
                         UDP(sport=4000, dport=7100) / b"from another"),
                    "pcb_recv 1", "pcb_recv 1", "pcb_recv 2",
                    "pcb_send 1 - 0 %s" % b"reply".hex(),
                    "pcb_disconnect 1",
                    "pcb_send 1 - 0 00",
                    "pcb_udp 3", "pcb_connect 3 %s 53" % PEER])
    assert ends(r, "PCB_CONNECT", 1) == (0, "%s:7100" % OUR, "%s:4000" % PEER)
    got1, got2 = recvs(r, 1), recvs(r, 2)
    assert got1[0][:2] == [PEER, "4000"] and got1[0][-1] == b"from the peer".hex()
    assert got1[1] == ["none"]
    assert got2[0][:2] == [other, "4000"]
    assert r.find("PCB_SEND 1 rc=")[0] == "PCB_SEND 1 rc=0"
    assert r.find("PCB_SEND 1 rc=")[1] == "PCB_SEND 1 rc=%d" % EDESTADDRREQ
    assert ends(r, "PCB_DISCONNECT", 1) == (0, "0.0.0.0:7100", "0.0.0.0:0")
    rc, local, _ = ends(r, "PCB_CONNECT", 3)              # autobinds a port
    assert rc == 0 and local.startswith(OUR + ":") and int(local.split(":")[1]) >= 32768
    [p] = [p for p in r.ip_tx() if UDP in p]
    assert (p[IP].src, p[UDP].sport, p[IP].dst, p[UDP].dport) == (OUR, 7100, PEER, 4000)
    assert bytes(p[UDP].payload) == b"reply" and checksums_ok(p)


def test_broadcast_needs_so_broadcast(net):
    r = net(BASE + [arp_prime(), "route add 0.0.0.0/0 %s" % PEER,
                    "pcb_udp 0", "pcb_send 0 10.0.0.255 9 00",
                    "pcb_send 0 255.255.255.255 9 00",
                    "pcb_connect 0 10.0.0.255 9",
                    "pcb_udp 1", "pcb_set 1 broadcast", "pcb_send 1 10.0.0.255 9 %s" % b"hi".hex()])
    assert r.find("PCB_SEND 0 rc=") == ["PCB_SEND 0 rc=%d" % EACCES] * 2
    assert ends(r, "PCB_CONNECT", 0)[0] == EACCES
    assert r.find("PCB_SEND 1 rc=0")
    [p] = [p for p in r.ip_tx() if UDP in p]
    assert p.dst == "ff:ff:ff:ff:ff:ff" and p[IP].dst == "10.0.0.255"


def test_ttl_tos_and_size_limit(net):
    r = net(BASE + [arp_prime(), "pcb_udp 0", "pcb_set 0 ttl 3", "pcb_set 0 tos 16",
                    "pcb_send 0 %s 9 00" % PEER,
                    "pcb_send 0 %s 9 len=65507" % PEER,
                    "pcb_send 0 %s 9 len=65508" % PEER, "stats"])
    assert r.find("PCB_SEND 0 rc=") == ["PCB_SEND 0 rc=0"] * 2 + ["PCB_SEND 0 rc=%d" % EMSGSIZE]
    first = r.ip_tx()[0]
    assert first[IP].ttl == 3 and first[IP].tos == 16
    assert r.stats["ips_fragmented"] == 1


def test_port_unreachable_becomes_econnrefused(net):
    r = net(BASE + [arp_prime(), "pcb_udp 0", "pcb_bind 0 0.0.0.0 7200",
                    "pcb_connect 0 %s 9" % PEER, "pcb_send 0 - 0 %s" % b"knock".hex()])
    [sent] = r.ip_tx()
    unreach = from_peer(ICMP(type=3, code=3) / bytes(sent[IP])[:28])
    other = from_peer(ICMP(type=3, code=3) /
                      bytes(IP(src=OUR, dst=PEER) / UDP(sport=7200, dport=10))[:28])
    r = net(BASE + [arp_prime(), "pcb_udp 0", "pcb_bind 0 0.0.0.0 7200",
                    "pcb_connect 0 %s 9" % PEER, feed(other), "pcb_error 0",
                    feed(unreach), "pcb_error 0", "pcb_error 0"])
    assert r.find("PCB_ERROR 0 ") == ["PCB_ERROR 0 0", "PCB_ERROR 0 %d" % ECONNREFUSED,
                                      "PCB_ERROR 0 0"]


def test_loopback_is_this_host(net):
    r = net(BASE + ["pcb_udp 0", "pcb_bind 0 127.0.0.1 7300",
                    "pcb_udp 1", "pcb_send 1 127.0.0.1 7300 %s" % b"self".hex(),
                    "pcb_recv 0",
                    "pcb_udp 2", "pcb_connect 2 127.0.0.1 7301", "pcb_send 2 - 0 00",
                    "pcb_error 2", "stats"])
    [got] = recvs(r, 0)
    assert got[0] == "127.0.0.1" and got[2] == "127.0.0.1" and got[-1] == b"self".hex()
    assert got[4] == "if=0"
    assert ends(r, "PCB_CONNECT", 2)[1].startswith("127.0.0.1:")
    assert r.find("PCB_ERROR 2 %d" % ECONNREFUSED)        # via ICMP over loopback
    assert not r.ip_tx()                                  # nothing reached a wire


ENETUNREACH = 51


def test_loopback_through_lo0(net):
    """With lo0 attached (net/if_loop.c, as the kernel does after its NICs):
    127/8 traffic is received on it (if=2) and counted on it both ways, its
    address has FreeBSD's host route, and while it is down 127/8 is
    ENETUNREACH (Linux's), for a send and a connect alike."""
    r = net(BASE + ["loattach", "pcb_udp 0", "pcb_bind 0 0.0.0.0 7300",
                    "pcb_udp 1", "pcb_send 1 127.0.0.9 7300 %s" % b"self".hex(),
                    "pcb_recv 0", "pcb_send 1 %s 7300 00" % OUR, "pcb_recv 0",
                    "routes", "ifaces",
                    "down lo0", "pcb_send 1 127.0.0.1 7300 00",
                    "pcb_udp 2", "pcb_connect 2 127.0.0.1 7300",
                    "up lo0", "pcb_send 1 127.0.0.1 7300 00", "pcb_recv 0", "netstat"])
    assert r.find("LOATTACH ") == ["LOATTACH rc=0 index=2"]
    got = recvs(r, 0)
    assert got[0][2] == "127.0.0.9" and got[0][4] == "if=2"     # lo0's index
    assert got[1][2] == OUR and got[1][4] == "if=1"            # own address: test0's
    assert got[2][4] == "if=2"
    assert any(ln.split() == ["127.0.0.1", "link#2", "UHC", "0", "lo0"] for ln in r.lines)
    assert not any(ln.startswith("127.0.0.0/8") for ln in r.lines), r.out
    [lo] = [ln.split() for ln in r.lines if ln.startswith("lo0 ") and "<Link#2>" in ln]
    assert lo == ["lo0", "16384", "<Link#2>", "lo0", "1", "0", "0", "1", "0", "0"], lo
    assert r.find("PCB_SEND 1 rc=") == ["PCB_SEND 1 rc=0", "PCB_SEND 1 rc=0",
                                        "PCB_SEND 1 rc=%d" % ENETUNREACH, "PCB_SEND 1 rc=0"]
    assert ends(r, "PCB_CONNECT", 2)[0] == ENETUNREACH
    assert r.find("? (10.0.0.1) at") and not [ln for ln in r.lines if "on lo0" in ln]
    # Nothing reached a wire: test0's gratuitous ARP is all, lo0 has none.
    assert not r.ip_tx() and len(r.arp_tx()) == 1


def test_loopback_from_a_wire_is_martian(net):
    r = net(BASE + ["pcb_udp 0", "pcb_bind 0 0.0.0.0 7300",
                    udp_frame(7300, b"spoof", dst="127.0.0.1"),
                    feed(from_peer(UDP(sport=1, dport=7300) / b"x", src="127.0.0.1")),
                    "pcb_recv 0", "stats"])
    assert recvs(r, 0) == [["none"]]
    assert r.stats["ips_badaddr"] == 2


def test_receive_queue_full_drops_and_counts(net):
    r = net(BASE + [arp_prime(), "set recvqlen 2", "pcb_udp 0", "pcb_bind 0 0.0.0.0 7400"] +
            [udp_frame(7400, b"d%d" % i) for i in range(4)] +
            ["stats", "pcb_recv 0 peek", "pcb_recv 0", "pcb_recv 0", "pcb_recv 0"])
    assert r.stats["udps_fullsock"] == 2
    data = [g[-1] for g in recvs(r, 0)]
    assert data == [b"d0".hex(), b"d0".hex(), b"d1".hex(), "none"]


def test_raw_icmp_gets_copies_with_header(net):
    echo = from_peer(ICMP(type=8, id=7, seq=1) / b"ping")
    reply = from_peer(ICMP(type=0, id=7, seq=1) / b"pong", ttl=61)
    r = net(BASE + [arp_prime(), "pcb_raw 0 1", "pcb_raw 1 17", feed(echo), feed(reply),
                    "pcb_recv 0", "pcb_recv 0", "pcb_recv 0", "pcb_recv 1", "stats"])
    got = recvs(r, 0)
    assert got[2] == ["none"] and recvs(r, 1) == [["none"]]
    req = IP(bytes.fromhex(got[0][-1]))
    assert req[ICMP].type == 8 and bytes(req[ICMP].payload) == b"ping"   # not rewritten
    rep = IP(bytes.fromhex(got[1][-1]))
    assert rep[ICMP].type == 0 and rep.ttl == 61 and got[1][3] == "ttl=61"
    assert r.stats["icps_reflect"] == 1            # ICMP still answered the request


def test_raw_output_with_and_without_header(net):
    icmp = bytes(ICMP(type=8, id=9, seq=2) / b"abc")
    hdr = bytes(IP(src="0.0.0.0", dst=PEER, proto=1, ttl=33, id=0) / Raw(icmp))
    r = net(BASE + [arp_prime(), "pcb_raw 0 1", "pcb_set 0 ttl 7",
                    "pcb_send 0 %s 0 %s" % (PEER, icmp.hex()),
                    "pcb_raw 1 1", "pcb_set 1 hdrincl",
                    "pcb_send 1 %s 0 %s" % (PEER, hdr.hex()),
                    "pcb_send 1 %s 0 %s" % (PEER, "4f00"),
                    "pcb_send 0 - 0 00"])
    assert r.find("PCB_SEND 0 rc=") == ["PCB_SEND 0 rc=0", "PCB_SEND 0 rc=%d" % EDESTADDRREQ]
    assert r.find("PCB_SEND 1 rc=") == ["PCB_SEND 1 rc=0", "PCB_SEND 1 rc=%d" % EINVAL]
    a, b = r.ip_tx()
    assert a[IP].proto == 1 and a[IP].ttl == 7 and bytes(a[IP].payload) == icmp
    assert b[IP].ttl == 33 and b[IP].src == OUR and b[IP].id != 0 and checksums_ok(b)


def test_raw_socket_speaks_an_unknown_protocol(net):
    pkt = from_peer(Raw(b"hello"), proto=253)
    r = net(BASE + [arp_prime(), feed(pkt), "pcb_raw 0 253", feed(pkt), "pcb_recv 0", "stats"])
    assert len(r.ip_tx()) == 1                      # one protocol unreachable, before
    assert r.stats["ips_noproto"] == 1
    assert recvs(r, 0)[0][-1].endswith(b"hello".hex())


def test_disconnect_keeps_only_what_bind_named(net):
    r = net(BASE + [arp_prime(),
                    "pcb_udp 0", "pcb_bind 0 0.0.0.0 0", "pcb_connect 0 %s 53" % PEER,
                    "pcb_disconnect 0",
                    "pcb_udp 1", "pcb_bind 1 %s 7500" % OUR, "pcb_connect 1 %s 53" % PEER,
                    "pcb_disconnect 1"])
    assert ends(r, "PCB_DISCONNECT", 0) == (0, "0.0.0.0:0", "0.0.0.0:0")   # as Linux
    assert ends(r, "PCB_DISCONNECT", 1) == (0, "%s:7500" % OUR, "0.0.0.0:0")
