"""IPsec key management on the booted user land, through the setkey program
(/sbin/setkey, user/sbin/setkey over a PF_KEY socket, with the parser and
printer of net/ipsec/setkey*.c): `setkey -c` adds SAs with each algorithm
and policies, `setkey -D`/`-DP` show them, a malformed command gets a
clear error, GETSPI then UPDATE, a short soft lifetime shows up as an
EXPIRE in `setkey -x` and as state=dying in `setkey -D`, then delete and
flush, and a SADB larger than a key socket's queue is dumped whole.  One
boot (logged in as root at the console) shared by the whole module; the
tests run in order.
"""
import functools
import re

import pytest

import busybox
from busybox import sh
from guest import guest

K20 = "0x" + "a1" * 20
K36 = "0x" + "b2" * 36
K16 = "0x" + "c3" * 16
K32 = "0x" + "d4" * 32


@pytest.fixture(scope="module")
def m(tmp_path_factory):
    with guest(tmp_path_factory.mktemp("setkey"), "setkey", 'autoboot_delay="0"\n',
               userland=True) as mach:
        yield mach


run = functools.partial(sh, timeout=60)
# The tests look at setkey's complaints themselves.
setkey_c = functools.partial(busybox.setkey_c, check=False)


def sa_blocks(dump):
    return {int(mm[1]): b for b in re.split(r"\n(?=\S)", dump.strip())
            for mm in [re.search(r"spi=(\d+)\(", b)] if mm}


ADDS = [
    "add 10.0.0.1 10.0.0.2 esp 0x1001 -m transport -E aes-gcm-16 %s ;" % K20,
    "add 10.0.0.1 10.0.0.2 esp 0x1002 -m tunnel -u 5 -E aes-gcm-16 %s ;" % K36,
    "add 10.0.0.1 10.0.0.2 esp 0x1003 -E rijndael-cbc %s -A hmac-sha256 %s ;" % (K16, K32),
    "add 10.0.0.1 10.0.0.2 esp 0x1004 -E chacha20-poly1305 %s ;" % K36,
    "add 10.0.0.1 10.0.0.2 esp 0x1005 -E null -A hmac-sha256 %s ;" % K32,
    "add 10.0.0.1 10.0.0.2 ah 0x1006 -r 128 -A hmac-sha256 %s ;" % K32,
]
SPDS = [
    "spdadd 10.0.0.1 10.0.0.2 any -P out ipsec esp/transport//require ;",
    "spdadd 10.1.0.0/16 10.2.0.0/16[443] tcp -P fwd prio 7 ipsec "
    "esp/tunnel/192.168.1.1-192.168.1.2/require ;",
]


def test_setkey_c_adds_every_algorithm_and_policies(m):
    out = setkey_c(m, ADDS + SPDS)
    assert "setkey:" not in out, out
    sas = sa_blocks(run(m, "/sbin/setkey -D"))
    assert sorted(sas) == list(range(0x1001, 0x1007))
    assert "esp mode=transport spi=4097(0x00001001) reqid=0(0x00000000)" in sas[0x1001]
    assert "E: aes-gcm-16  a1a1a1a1" in sas[0x1001]
    assert "esp mode=tunnel spi=4098(0x00001002) reqid=5(0x00000005)" in sas[0x1002]
    # FreeBSD's names are printed (rijndael-cbc and hmac-sha256 are accepted)
    assert "E: aes-cbc  c3c3c3c3 c3c3c3c3 c3c3c3c3 c3c3c3c3" in sas[0x1003]
    assert "A: hmac-sha2-256  d4d4d4d4" in sas[0x1003]
    assert "E: chacha20-poly1305  b2b2b2b2" in sas[0x1004]
    assert "E: null" in sas[0x1005] and "A: hmac-sha2-256" in sas[0x1005]
    assert "\tah mode=any spi=4102(0x00001006)" in sas[0x1006]
    assert "replay=128 " in sas[0x1006]             # bytes, as -r gave it
    assert "replay=0 " in sas[0x1001]               # no -r: no replay check
    for b in sas.values():
        assert "state=mature" in b and b.startswith("10.0.0.1 10.0.0.2")
        assert re.search(r"created: \w{3} [ \d]\d \d\d:\d\d:\d\d \d{4}\t"
                         r"current: \w{3} [ \d]\d \d\d:\d\d:\d\d \d{4}\n", b), b
        assert re.search(r"\tsadb_seq=\d+ pid=\d+ refcnt=\d+(\n|$)", b), b
        # Nothing went through them: no bytes, no packets (FreeBSD's
        # "allocated" counts the packets an SA processed).
        assert "current: 0(bytes)\thard: 0(bytes)\tsoft: 0(bytes)" in b
        assert "allocated: 0\thard: 0\tsoft: 0" in b
    # FreeBSD's setkey -D has no per-SA drop counters: none were counted
    # anywhere (the kernel shell's "stats: ... replay=0 authfail=0").
    esp = run(m, "/usr/bin/netstat -s -p esp")
    assert re.search(r"\t0 possible replay packets detected\n", esp), esp
    assert re.search(r"\t0 packets dropped; bad authentication detected\n", esp), esp
    dp = run(m, "/sbin/setkey -DP")
    assert "10.0.0.1[any] 10.0.0.2[any] any\n\tout ipsec\n\tesp/transport//require" in dp
    assert ("10.1.0.0/16[any] 10.2.0.0/16[443] tcp\n\tfwd prio 7 ipsec\n"
            "\tesp/tunnel/192.168.1.1-192.168.1.2/require") in dp


def test_malformed_commands_get_clear_errors(m):
    out = setkey_c(m, [
        "add 10.0.0.1 10.0.0.2 esp 0x2001 -E aes-gcm-16 0x12345 ;",
        "add 10.0.0.1 10.0.0.2 esp 0x2002 -E aes-gcm-16 %s ;" % K16,
        "add 10.0.0.1 10.0.0.2 esp 0x1001 -E aes-gcm-16 %s ;" % K20,
        "bogus 1 2 3 ;",
        "add 10.0.0.1 10.0.0.2 esp 0x2003",
    ])
    assert "setkey: line 1: bad key for 'aes-gcm-16'" in out
    assert ("setkey: line 2: aes-gcm-16 key of 128 bits: aes-gcm-16 takes 160, 224, 288 bits"
            in out)
    assert "setkey: line 3: add: File exists" in out
    assert "setkey: line 4: unknown command 'bogus'" in out
    assert "command not terminated by ';'" in out
    assert run(m, "echo status $?") == "status 1\n"
    assert sorted(sa_blocks(run(m, "/sbin/setkey -D"))) == list(range(0x1001, 0x1007))
    assert "usage: setkey" in run(m, "/sbin/setkey -Q")


def test_getspi_then_update(m):
    out = setkey_c(m, ["getspi 10.0.0.3 10.0.0.4 esp 0x7000 0x7fff ;"])
    spi = int(re.search(r"spi=(\d+)\(0x", out)[1])
    assert 0x7000 <= spi <= 0x7fff
    assert "state=larval" in sa_blocks(run(m, "/sbin/setkey -D"))[spi]
    out = setkey_c(m, ["update 10.0.0.3 10.0.0.4 esp %d -m transport -E aes-gcm-16 %s ;"
                       % (spi, K20)])
    assert "setkey:" not in out, out
    assert "state=mature" in sa_blocks(run(m, "/sbin/setkey -D"))[spi]


def monitor_until(m, lines, pattern):
    """The output of setkey -x (busybox.setkey_monitor_start) while
    another setkey runs lines, until it matches pattern and is stopped
    with ^C."""
    busybox.setkey_monitor_start(m, lines)
    return busybox.setkey_monitor_stop(m, pattern)


def test_lifetimes_expire_in_monitor_soft_dying_hard_gone(m):
    # The hard EXPIRE (4 s) comes after the soft one (3 s).
    mon = monitor_until(m, [
        "add 10.0.0.1 10.0.0.9 esp 0x9000 -ls 3 -lh 600 -E aes-gcm-16 %s ;" % K20,
        "add 10.0.0.1 10.0.0.9 esp 0x9001 -lh 4 -E aes-gcm-16 %s ;" % K20],
        r"EXPIRE esp errno=0 seq=\d+ pid=0 \(hard\)\r*\n10\.0\.0\.1 10\.0\.0\.9\r*\n"
        r"\tesp mode=any spi=36865\(0x00009001\)")
    # Both ADDs succeeded (their replies reach the monitor too).
    assert len(re.findall(r"\] ADD esp errno=0 seq=\d+ pid=\d+\n10\.0\.0\.1 10\.0\.0\.9\n",
                          mon)) == 2, mon
    assert re.search(r"\] EXPIRE esp errno=0 seq=\d+ pid=0 \(soft\)\n10\.0\.0\.1 10\.0\.0\.9\n"
                     r"\tesp mode=any spi=36864\(0x00009000\)", mon), mon
    assert re.search(r"\] EXPIRE esp errno=0 seq=\d+ pid=0 \(hard\)\n10\.0\.0\.1 10\.0\.0\.9\n"
                     r"\tesp mode=any spi=36865\(0x00009001\)", mon), mon
    assert mon.count("EXPIRE") == 2
    sas = sa_blocks(run(m, "/sbin/setkey -D"))
    assert "state=dying" in sas[0x9000] and "hard: 600(s)\tsoft: 3(s)" in sas[0x9000]
    assert 0x9001 not in sas
    assert run(m, "/sbin/sysctl net.key.stats.expire_soft").strip() == \
        "net.key.stats.expire_soft: 1"
    assert run(m, "/sbin/sysctl net.key.stats.expire_hard").strip() == \
        "net.key.stats.expire_hard: 1"


def test_monitor_sees_others_replies_and_stops_on_ctrl_c(m):
    """setkey -x (promiscuous) prints the reply to another socket's ADD,
    and runs until ^C."""
    mon = monitor_until(m, ["add 10.0.0.7 10.0.0.8 esp 0x9100 -E aes-gcm-16 %s ;" % K20],
                        r"spi=37120\(0x00009100\)")
    assert re.search(r"\] ADD esp errno=0 seq=\d+ pid=\d+\n10\.0\.0\.7 10\.0\.0\.8\n", mon), mon
    assert "state=mature" in sa_blocks(run(m, "/sbin/setkey -D"))[0x9100]


def test_delete_and_flush(m):
    out = setkey_c(m, ["delete 10.0.0.1 10.0.0.2 esp 0x1003 ;",
                       "delete 10.0.0.1 10.0.0.2 esp 0x1003 ;",
                       "spddelete 10.0.0.1 10.0.0.2 any -P out ;"])
    assert "setkey: line 2: delete: No such file or directory" in out
    assert out.count("setkey:") == 1
    sas = sa_blocks(run(m, "/sbin/setkey -D"))
    assert 0x1003 not in sas and 0x1004 in sas
    assert "10.0.0.1[any]" not in run(m, "/sbin/setkey -DP")
    run(m, "/sbin/setkey -F")
    assert "No SAD entries." in run(m, "/sbin/setkey -D")
    run(m, "/sbin/setkey -FP")
    assert "No SPD entries." in run(m, "/sbin/setkey -DP")


# Writes the SAs pfkeyfill added: NULL + HMAC-SHA-256, 10.254.0.1 to
# 10.253.x.y, SPIs from 0x100000 up.
FILL_AWK = [
    "BEGIN {",
    "  for (i = 0; i < n; i++)",
    "    printf \"add 10.254.0.1 10.253.%d.%d esp 0x%x -m transport \" \\",
    "      \"-E null -A hmac-sha256 0x%s ;\\n\", int(i / 256) % 256, i % 256, \\",
    "      1048576 + i, key",
    "}",
]

# setkey -D's status, its complaints, its SAs (state=mature), their
# distinct SPIs, the smallest and largest.
COUNT_SH = [
    "/sbin/setkey -D > /tmp/dump 2>&1",
    "echo status $?",
    "grep -c '^setkey:' /tmp/dump",
    "grep -c 'state=mature' /tmp/dump",
    "grep -o 'spi=[0-9]*(' /tmp/dump | tr -d 'spi=(' | sort -n > /tmp/spis",
    "sort -u /tmp/spis | wc -l",
    "sed -n '1p;$p' /tmp/spis",
]


def test_dump_of_a_large_sadb_is_whole(m):
    """5000 SAs (more than a key socket's queue holds, 4096 messages),
    added by `setkey -f` from a file the guest generates (typing thousands
    of lines on the serial console would take minutes): the dump is
    produced as setkey reads it, so `setkey -D` shows every one and ends
    -- it used to stop at 4096 and time out waiting for the last."""
    n = 5000
    busybox.write_file(m, "/tmp/fill.awk", FILL_AWK)
    run(m, "awk -v n=%d -v key=%s -f /tmp/fill.awk > /tmp/fill.conf"
        % (n, bytes(range(32)).hex()))
    assert run(m, "wc -l < /tmp/fill.conf").strip() == str(n)
    out = run(m, "/sbin/setkey -f /tmp/fill.conf; echo status $?", timeout=300)
    assert out == "status 0\n", out[-2000:]        # every ADD succeeded
    # Counted in the guest: 5000 SA blocks would take minutes on the
    # console (and a script, as the console wraps long command lines).
    busybox.write_file(m, "/tmp/count.sh", COUNT_SH)
    out = run(m, "sh /tmp/count.sh", timeout=300)
    assert out.split() == ["status", "0", "0", str(n), str(n), str(0x100000),
                           str(0x100000 + n - 1)], out
    run(m, "/sbin/setkey -F", timeout=120)
    assert "No SAD entries." in run(m, "/sbin/setkey -D")
