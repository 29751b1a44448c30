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
import subprocess

import pytest

from userland import boot_program, program, wait_init_exit

BEGIN = "=== udp conformance begin ==="
END = "=== udp conformance end ==="


def lines_between(text):
    text = text.replace("\r", "")
    i, j = text.find(BEGIN), text.find(END)
    assert i >= 0 and j > i, "no complete conformance output:\n" + text[-3000:]
    return text[i:j + len(END)].split("\n")


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
    prog = str(program("udp_conformance"))
    r = subprocess.run([prog], capture_output=True, text=True, timeout=120, cwd="/tmp")
    assert r.returncode == 0, "host run failed (%d): %s" % (r.returncode, r.stderr)
    host = lines_between(r.stdout)
    m = boot_program(tmp_path, "udp_conformance", smp=2)
    try:
        m.expect(END, timeout=300)
        sanpo = lines_between(m.output)
        how = wait_init_exit(m, timeout=60)
    finally:
        m.close()
    assert len(host) > 60
    diff = [(h, s) for h, s in zip(host, sanpo) if h != s]
    assert not diff and len(host) == len(sanpo), \
        "\n".join("linux: %s\nsanpo: %s" % d for d in diff[:30]) + \
        "\n(%d linux lines, %d sanpo lines)" % (len(host), len(sanpo))
    assert how == ("exit", 0)
