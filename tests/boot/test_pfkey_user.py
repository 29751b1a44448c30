"""PF_KEY from user space: socket(AF_KEY, SOCK_RAW, PF_KEY_V2) and the
setkey program (user/sbin/setkey: the kernel's own parser and printer over
the socket), on the image's own start-up (busybox user land).

/etc/rc loads ipsec_file with `setkey -f` because loader.conf (rc.conf's
variables) says ipsec_enable="YES"; setkey -D/-DP print FreeBSD's layout;
-c, -F/-FP work; alice gets EPERM (no CAP_NET_ADMIN), and so does root in
a user namespace of its own (`unshare -U -r`: not the initial one, Linux's
pfkey_create rule); `setkey -x` in the background sees the EXPIREs of
short lifetimes and the ACQUIRE of traffic a policy wants an SA for (a
datagram the host sends through QEMU's user network to a closed port: the
guest's ICMP port unreachable back to 10.0.2.2 needs an SA it does not
have), and in the foreground runs until ^C; two sockets get their own replies only and a socket nobody reads does not hold up the
others (tests/user/pfkey_replies.c); and a fuzzer sends random and mutated
messages through the socket (tests/user/pfkey_fuzz.c): the kernel lives,
setkey -D/-DP still parse, and the network stack's memory comes back.
One boot, two CPUs; the tests run in order.
"""
import re
import socket

import pytest

from busybox import PROMPT, ROOTFS_CONF, login, sh
from qemu import Image, Machine

K20 = "0x" + "a1" * 20
K16 = "0x" + "c3" * 16
K32 = "0x" + "d4" * 32
IPSEC_CONF = """# loaded by /etc/rc (ipsec_enable="YES")
flush;
spdflush;
add 10.0.2.15 10.0.2.2 esp 0x1001 -m transport -r 8 -E aes-gcm-16 %s ;
add 10.0.2.2 10.0.2.15 esp 0x1002 -E aes-cbc %s -A hmac-sha2-256 %s ;
spdadd 10.0.2.15 10.0.2.2 any -P out ipsec esp/transport//require ;
""" % (K20, K16, K32)
DATE = r"\w{3} [ \d]\d \d\d:\d\d:\d\d \d{4}"


def _free_udp_port():
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def shell(tmp_path_factory):
    img = Image(tmp_path_factory.mktemp("pfkey_user"))
    img.conf('autoboot_delay="0"\nbeastie_disable="YES"\n' + ROOTFS_CONF +
             'ifconfig_vtnet0="inet 10.0.2.15/24"\n'
             'ipsec_enable="YES"\nipsec_file="/boot/ipsec.conf"\n', kshell=False)
    img.put("/boot/ipsec.conf", IPSEC_CONF)
    port = _free_udp_port()
    m = Machine(img, name="pfkey_user", smp=2, timeout=180, extra=(
        "-netdev", "user,id=n0,hostfwd=udp:127.0.0.1:%d-10.0.2.15:9" % port,
        "-device", "virtio-net-pci,netdev=n0"))
    login(m)
    m.boot_log = m.output
    m.udp_port = port
    yield m
    m.close()


def blocks(dump):
    return [b for b in re.split(r"\n(?=\S)", dump.strip()) if b]


def test_rc_loads_ipsec_conf_and_dumps_are_freebsds(shell):
    assert "rc: installing IPsec keys and policies: /boot/ipsec.conf" in shell.boot_log
    sas = blocks(sh(shell, "setkey -D; echo status $?"))
    assert sas[-1] == "status 0"
    sa = {int(re.search(r"spi=(\d+)\(", b)[1]): b for b in sas[:-1]}
    assert sorted(sa) == [0x1001, 0x1002]
    a = sa[0x1001].split("\n")
    assert a[0] == "10.0.2.15 10.0.2.2"
    assert a[1] == "\tesp mode=transport spi=4097(0x00001001) reqid=0(0x00000000)"
    assert a[2] == "\tE: aes-gcm-16  " + " ".join(["a1a1a1a1"] * 5)
    assert a[3] == "\tseq=0x00000000 replay=8 flags=0x00000000 state=mature"
    assert re.fullmatch(r"\tcreated: %s\tcurrent: %s" % (DATE, DATE), a[4]), a[4]
    assert re.fullmatch(r"\tsadb_seq=\d+ pid=\d+ refcnt=[1-9]\d*", a[9]), a[9]
    assert "stats:" not in sa[0x1001]          # the kernel shell's addition only
    b = sa[0x1002]
    assert "\tE: aes-cbc  c3c3c3c3" in b and "\tA: hmac-sha2-256  d4d4d4d4" in b
    assert "replay=0 " in b                    # no -r: no replay check (FreeBSD)
    dp = sh(shell, "setkey -DP")
    assert dp.startswith("10.0.2.15[any] 10.0.2.2[any] any\n\tout ipsec\n"
                         "\tesp/transport//require\n\tspid="), dp
    assert re.search(r"\tspid=\d+ seq=0 pid=\d+\n\trefcnt=[1-9]\d*\n", dp), dp


def test_setkey_c_and_flush(shell):
    out = sh(shell, "printf 'add 10.9.0.1 10.9.0.2 ah 0x3001 -A hmac-sha2-512 0x%s ;\\n"
                    "add 10.9.0.1 10.9.0.2 esp 0x3002 -E aes-cbc %s ;\\n' | setkey -c;"
                    " echo status $?" % ("ab" * 64, K20))
    assert "aes-cbc key of 160 bits: aes-cbc takes 128, 192, 256 bits" in out
    assert out.endswith("status 1\n"), out
    d = sh(shell, "setkey -D")
    assert "spi=12289(0x00003001)" in d and "A: hmac-sha2-512" in d
    assert "spi=12290(" not in d
    assert sh(shell, "setkey -F; setkey -D") == "No SAD entries.\n"
    assert sh(shell, "setkey -FP; setkey -DP") == "No SPD entries.\n"


def test_socket_calls_judged_as_linux_does(shell):
    # root: only SOCK_RAW with PF_KEY_V2 (protocol 0 is no default here)
    assert sh(shell, "/usr/tests/sanpo/pfkey_replies create") == \
        "raw v2: ok\ndgram v2: Socket type not supported\nraw 0: Protocol not supported\n"
    # without CAP_NET_ADMIN, EPERM comes first, as in Linux's pfkey_create
    assert sh(shell, "su -c '/usr/tests/sanpo/pfkey_replies create' alice") == \
        "raw v2: Operation not permitted\ndgram v2: Operation not permitted\n" \
        "raw 0: Operation not permitted\n"


def test_alice_and_a_user_namespace_get_eperm(shell):
    out = sh(shell, "su -c 'setkey -D; echo status $?' alice")
    assert out == "setkey: socket(PF_KEY): Operation not permitted\nstatus 1\n", out
    out = sh(shell, "unshare -U -r sh -c 'id -u; setkey -D; echo status $?'")
    assert out == "0\nsetkey: socket(PF_KEY): Operation not permitted\nstatus 1\n", out
    out = sh(shell, "su -c \"unshare -U -r setkey -DP; echo status \\$?\" alice")
    assert out == "setkey: socket(PF_KEY): Operation not permitted\nstatus 1\n", out


def test_monitor_sees_expire_and_acquire(shell):
    sh(shell, "setkey -x > /tmp/x.out 2>&1 & echo $! > /tmp/x.pid")
    for line in ["add 10.0.2.15 10.0.2.9 esp 0x9000 -ls 2 -lh 600 -E aes-gcm-16 %s ;" % K20,
                 "add 10.0.2.15 10.0.2.9 esp 0x9001 -lh 3 -E aes-gcm-16 %s ;" % K20,
                 "spdadd 10.0.2.15 10.0.2.2 any -P out ipsec esp/transport//require ;"]:
        sh(shell, "echo '%s' >> /tmp/mon.conf" % line)
    out = sh(shell, "setkey -f /tmp/mon.conf; echo status $?")
    assert out.endswith("status 0\n") and "setkey: line" not in out, out
    # Traffic the policy wants an SA for: the guest's ICMP port unreachable
    # for a datagram from the host (10.0.2.2 through QEMU) -- an ACQUIRE.
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.sendto(b"hi", ("127.0.0.1", shell.udp_port))
    sh(shell, "sleep 5; kill $(cat /tmp/x.pid); sleep 1")
    mon = sh(shell, "cat /tmp/x.out")
    assert re.search(r"\] EXPIRE esp errno=0 seq=\d+ pid=0 \(soft\)\n10\.0\.2\.15 10\.0\.2\.9\n"
                     r"\tesp mode=any spi=36864\(0x00009000\)", mon), mon
    assert re.search(r"\] EXPIRE esp errno=0 seq=\d+ pid=0 \(hard\)\n10\.0\.2\.15 10\.0\.2\.9\n"
                     r"\tesp mode=any spi=36865\(0x00009001\)", mon), mon
    assert re.search(r"\] ACQUIRE esp errno=0 seq=\d+ pid=0\n", mon), mon
    sh(shell, "setkey -F; setkey -FP")


def test_monitor_in_the_foreground_until_ctrl_c(shell):
    """setkey -x prints as messages come and runs until ^C (SIGINT)."""
    sh(shell, "echo 'add 10.0.2.15 10.0.2.8 esp 0x9100 -lh 2 -E aes-gcm-16 %s ;' > /tmp/fg.conf"
       % K20)
    assert sh(shell, "setkey -f /tmp/fg.conf; echo status $?").endswith("status 0\n")
    shell.line("setkey -x", delay=0.02)
    shell.expect(r"\] EXPIRE esp errno=0 seq=\d+ pid=0 \(hard\)", timeout=30)
    shell.expect(r"spi=37120\(0x00009100\)", timeout=10)
    shell.type("\x03", delay=0.05)
    shell.expect(PROMPT, timeout=30)
    assert sh(shell, "echo status $?") == "status 130\n"


def _in_nomem(shell):
    return int(sh(shell, "cat /proc/sys/net/key/stats/in_nomem"))


def test_two_sockets_get_their_own_replies(shell):
    sh(shell, "setkey -F")
    dropped = _in_nomem(shell)
    out = sh(shell, "/usr/tests/sanpo/pfkey_replies; echo status $?", timeout=180)
    lines = out.split("\n")
    # each ADD's reply goes to every socket (FreeBSD)
    assert lines[:4] == ["A: ADD seq=1 errno=0 spi=0x00005001", "A: ADD seq=2 errno=0 spi=0x00005002",
                         "B: ADD seq=1 errno=0 spi=0x00005001",
                         "B: ADD seq=2 errno=0 spi=0x00005002"], out
    assert lines[4:9] == ["A: GET seq=101 errno=0 spi=0x00005001",
                          "A: GET seq=104 errno=2 spi=0x00000000",
                          "B: GET seq=202 errno=0 spi=0x00005002",
                          "B: 2 DUMP messages",
                          "flood: 6000 replies to A"], out
    assert lines[9:] == ["status 0", ""], out
    # the unread promiscuous socket's copies past its buffer (a few hundred
    # records) were dropped and counted, while A got every reply
    assert _in_nomem(shell) - dropped >= 5000, (dropped, _in_nomem(shell))


# A cached block: NET_CACHE_SIZE (kernel/net/net_kern.c, a page less 256)
# is a page allocation, charged as the page less kernel malloc's header.
CACHE_BLOCK = 4032


def _memuse(shell):
    """Bytes the network stack holds (vmstat -m's net line), less the freed
    blocks its per-CPU cache keeps for reuse (at most 256 a CPU)."""
    mem = int(sh(shell, "cat /proc/sys/net/malloc/memuse"))
    held = int(re.search(r"held (\d+)", sh(shell, "cat /proc/sys/net/cluster_cache"))[1])
    return mem - held * CACHE_BLOCK


def test_fuzzer_through_the_socket(shell):
    sh(shell, "setkey -F; setkey -FP")
    sockets = sh(shell, "cat /proc/sys/kern/ipc/numopensockets")
    before = _memuse(shell)
    out = sh(shell, "/usr/tests/sanpo/pfkey_fuzz 15 7; echo status $?", timeout=300)
    m = re.search(r"pfkey_fuzz: sent (\d+) accepted (\d+) refused (\d+) read (\d+)", out)
    assert m and out.endswith("status 0\n"), out
    assert int(m[1]) > 1000 and int(m[2]) > 0 and int(m[3]) > 0 and int(m[4]) > 0, out
    # the databases are whole: setkey reads them back (the fuzzer flushed at its end)
    assert sh(shell, "setkey -D") == "No SAD entries.\n"
    assert sh(shell, "setkey -DP") == "No SPD entries.\n"
    sh(shell, "echo 'add 10.0.0.1 10.0.0.2 esp 0x777 -E aes-gcm-16 %s ;' > /tmp/one.conf" % K20)
    out = sh(shell, "setkey -f /tmp/one.conf; setkey -D | head -2; setkey -F")
    assert out == "10.0.0.1 10.0.0.2\n\tesp mode=any spi=1911(0x00000777) reqid=0(0x00000000)\n", out
    # the network stack's memory comes back (within 64 KiB), and a second
    # run with other messages leaves it where the first did
    after = _memuse(shell)
    assert after <= before + 65536, (before, after)
    out = sh(shell, "/usr/tests/sanpo/pfkey_fuzz 15 8; echo status $?", timeout=300)
    assert out.endswith("status 0\n"), out
    again = _memuse(shell)
    assert again <= after + 16384, (before, after, again)
    # every key socket the fuzzer opened (and reopened mid-dump) is gone
    assert sh(shell, "cat /proc/sys/kern/ipc/numopensockets") == sockets


def test_dump_of_a_large_sadb_is_whole(shell):
    """5000 SAs, more than a socket's receive buffer holds: the dump goes on
    as setkey reads (pru_rcvd), so `setkey -D` through the socket shows
    every one; then a flush empties it."""
    n = 5000
    sh(shell, "setkey -F")
    sh(shell, "i=0; while [ $i -lt %d ]; do echo \"add 10.0.0.1 10.0.0.2 esp $((0x100000 + i))"
              " -m transport -E aes-gcm-16 %s ;\"; i=$((i + 1)); done > /tmp/big.conf" % (n, K20),
       timeout=300)
    out = sh(shell, "setkey -f /tmp/big.conf; echo status $?", timeout=600)
    assert out.endswith("status 0\n") and "setkey:" not in out, out[-2000:]
    out = sh(shell, "setkey -D > /tmp/big.dump; echo status $?", timeout=600)
    assert out.endswith("status 0\n"), out
    out = sh(shell, "grep -c state=mature /tmp/big.dump; grep -o 'spi=[0-9]*' /tmp/big.dump"
                    " | sort -u | wc -l")
    assert out.split()[-2:] == [str(n), str(n)], out
    assert sh(shell, "setkey -F; setkey -D", timeout=120) == "No SAD entries.\n"
