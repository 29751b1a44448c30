"""Sockets, Sanpo against Linux: tests/conformance/sock_conformance runs on
this host (as root, where Linux answers) and in Sanpo from the busybox shell
that /sbin/init starts on the console; the two outputs must be the same
line for line (socket calls, SOL_SOCKET options, AF_UNIX stream, datagram
and seqpacket sockets, paths, abstract names, SCM_RIGHTS, SO_PEERCRED,
SO_PASSCRED, readiness).  The same boot checks AF_UNIX in everyday use:
busybox syslogd and logger over /dev/log, and /proc/<pid>/fd of a socket."""
import os
import re
import subprocess

import pytest

from busybox import boot_userland, sh
from qemu import BUILD

@pytest.fixture(scope="module")
def shell(tmp_path_factory):
    m = boot_userland(tmp_path_factory.mktemp("sockconf"), "sock_conformance")
    yield m
    m.close()


@pytest.mark.skipif(os.geteuid() != 0, reason="Linux's answers as root are the reference")
def test_same_answers_as_linux(shell):
    prog = BUILD / "tests/conformance/sock_conformance"
    host = subprocess.run([str(prog)], capture_output=True, text=True, timeout=60)
    assert host.returncode == 0, host.stderr
    ours = sh(shell, "/usr/tests/sanpo/sock_conformance")
    want, have = host.stdout.splitlines(), ours.splitlines()
    assert want[-1] == "done"
    diffs = ["%-40s linux: %-20s sanpo: %s" % (w.split(":")[0], w, h)
             for w, h in zip(want, have) if w != h]
    assert not diffs and len(have) == len(want), "\n".join(diffs) or have[len(want):]
    # Every socket it made is gone, and no descriptor is left in flight: the
    # cycles of sockets passed over themselves were collected.
    assert sh(shell, "cat /proc/sys/kern/ipc/numopensockets /proc/sys/net/local/inflight") \
        == "0\n0\n"
    assert int(sh(shell, "cat /proc/sys/net/local/gc_freed")) > 0


def test_syslogd_and_logger(shell):
    """busybox syslogd binds the datagram socket /dev/log leads to
    (/var/run/log, FreeBSD's place), logger's syslog() sends to /dev/log,
    and the message lands in the log file."""
    assert sh(shell, "readlink /dev/log") == "/var/run/log\n"
    sh(shell, "syslogd -O /tmp/messages; sleep 1")
    assert sh(shell, "stat -c %F /var/run/log") == "socket\n"
    sh(shell, "logger -t socktest hello through AF_UNIX; logger -p user.err second line")
    out = sh(shell, "sleep 1; cat /tmp/messages")
    assert re.search(r"user\.notice socktest: hello through AF_UNIX", out), out
    assert re.search(r"user\.err \S+: second line", out), out
    # connecting needs write permission on the socket file: syslogd made it
    # 0666, so alice may log; at 0600 her message never arrives
    assert sh(shell, "stat -c %a /var/run/log") == "666\n"
    sh(shell, "su -c 'logger -t alice may write' alice")
    sh(shell, "chmod 600 /var/run/log; su -c 'logger -t alice2 may not' alice; "
              "chmod 666 /var/run/log; logger -t root after the refusal")
    out = sh(shell, "sleep 1; cat /tmp/messages")
    assert "alice: may write" in out and "root: after the refusal" in out, out
    assert "may not" not in out, out
    # the daemon's socket as /proc shows it, then it goes
    pid = sh(shell, "pidof syslogd").strip()
    assert pid.isdigit(), pid
    links = sh(shell, "ls -l /proc/%s/fd/ | grep -o 'socket:\\[[0-9]*\\]'" % pid)
    assert re.fullmatch(r"(socket:\[\d+\]\n)+", links), links
    sh(shell, "kill %s; sleep 1" % pid)
    assert sh(shell, "logger after; echo status $?") == "status 0\n"


def test_stress(shell):
    """Four processes of random AF_UNIX operations for a few seconds (descriptors
    passed over themselves and their listeners, bad pointers...): the kernel
    goes on, lock order holds, and once they are gone nothing is left."""
    out = sh(shell, "/usr/tests/sanpo/sock_stress 5; echo status $?", timeout=300)
    assert re.search(r"sock_stress: 4 of 4 workers ok; sockets left 0, in flight 0\n"
                     r"status 0\n", out), out
    assert int(re.search(r"sock_stress: (\d+) operations", out).group(1)) > 0, out
    assert sh(shell, "cat /proc/sys/debug/witness/reversals") == "0\n"


def test_credentials_in_user_namespaces(shell):
    """SO_PEERCRED and SCM_CREDENTIALS give ids as the reader's user namespace
    maps them: alice's 1000 is 0 inside `unshare -U -r`, the overflow id 65534
    inside a namespace with no mapping."""
    prog = "/usr/tests/sanpo/peercred"
    assert sh(shell, prog) == "peercred uid=0 gid=0 scm uid=0 gid=0 pid=self\n"
    assert sh(shell, "su -c %s alice" % prog) == \
        "peercred uid=1000 gid=1000 scm uid=1000 gid=1000 pid=self\n"
    assert sh(shell, "su -c 'unshare -U -r %s' alice" % prog) == \
        "peercred uid=0 gid=0 scm uid=0 gid=0 pid=self\n"
    assert sh(shell, "su -c 'unshare -U %s' alice" % prog) == \
        "peercred uid=65534 gid=65534 scm uid=65534 gid=65534 pid=self\n"
