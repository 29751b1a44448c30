"""AF_INET datagram sockets, Sanpo against Linux
(tests/conformance/udp_conformance.c): the same static musl binary runs on
this host as root and in Sanpo as init, and the two outputs must be
identical line for line -- UDP over 127.0.0.1 (bind and its errors,
ephemeral ports, SO_REUSEADDR, sendto/recvfrom with the sender's address,
EDESTADDRREQ, EMSGSIZE past 65507 bytes, EACCES to a broadcast address
without SO_BROADCAST, connect and getpeername, ECONNREFUSED after a port
unreachable, SO_ERROR, MSG_PEEK and MSG_TRUNC, IP_TTL/IP_TOS/IP_RECVTTL/
IP_PKTINFO and their control messages, connect(AF_UNSPEC)), raw ICMP
sockets (the echo request and its reply, IP header included) and ICMP
ping sockets (refused by the default ping_group_range "1 0")."""
import os

import pytest

from userland import compare_with_linux


def host_ping_group_is_none():
    try:
        lo, hi = open("/proc/sys/net/ipv4/ping_group_range").read().split()
        return int(lo) > int(hi)
    except (OSError, ValueError):
        return False


@pytest.mark.skipif(os.geteuid() != 0, reason="Linux's answers as root are the reference")
@pytest.mark.skipif(not host_ping_group_is_none(),
                    reason="the host's ping_group_range allows ping sockets; Sanpo's is Linux's default")
def test_udp_conformance_matches_linux(tmp_path):
    compare_with_linux(tmp_path, "udp_conformance", 60)
