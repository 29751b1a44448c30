"""File system calls, Sanpo against Linux: tests/conformance/file_conformance
runs on this host (as root, where Linux answers) and in Sanpo from the busybox
shell that /sbin/init starts on the console; the two outputs must be the same
line for line.  The same boot checks the shell's everyday use of files:
redirections, appending, pipelines, ls and cat, touch, named pipes."""
import os
import re
import subprocess

import pytest

from busybox import login
from qemu import BUILD

# busybox's line editing asks for the cursor position (ESC [6n) after the prompt.
PROMPT = r"sanpo:[^\n]*# (?:\x1b\[6n)?$"
CONF = ('autoboot_delay="0"\nrootfs_load="YES"\nrootfs_type="rootfs"\n'
        'rootfs_name="/boot/rootfs.cpio"\n')


@pytest.fixture(scope="module")
def shell(tmp_path_factory):
    from qemu import Image, Machine
    img = Image(tmp_path_factory.mktemp("fileconf"))
    img.conf(CONF, kshell=False)
    m = Machine(img, name="file_conformance", timeout=180)
    login(m)
    yield m
    m.close()


def sh(m, cmd, timeout=120):
    """Type a command at the busybox prompt; its output, echo and prompt removed."""
    m.line(cmd, delay=0)
    m.expect(PROMPT, timeout=timeout)
    out = re.sub(r"\x1b\[[0-9;?]*[a-zA-Z]", "", m.p.before).replace("\r", "")
    return out.split("\n", 1)[1] if "\n" in out else ""


@pytest.mark.skipif(os.geteuid() != 0, reason="Linux's answers as root are the reference")
def test_same_answers_as_linux(shell):
    prog = BUILD / "tests/conformance/file_conformance"
    host = subprocess.run([str(prog)], capture_output=True, text=True, timeout=60)
    assert host.returncode == 0, host.stderr
    ours = sh(shell, "/usr/tests/sanpo/file_conformance")
    want, have = host.stdout.splitlines(), ours.splitlines()
    assert want[-1] == "done"
    diffs = ["%-40s linux: %-20s sanpo: %s" % (w.split(":")[0], w, h)
             for w, h in zip(want, have) if w != h]
    assert not diffs and len(have) == len(want), "\n".join(diffs) or have[len(want):]


def test_redirections_and_pipelines(shell):
    assert sh(shell, "echo one > /tmp/t; echo two >> /tmp/t; cat /tmp/t") == "one\ntwo\n"
    assert sh(shell, "cat /tmp/t | wc -l") .strip() == "2"
    assert sh(shell, "ls -1 / | grep -c -e bin -e etc -e tmp").strip() == "4"
    assert sh(shell, "cat < /etc/hostname") == "sanpo\n"
    # a pipe opens again through its /proc/self/fd link (/dev/stderr too), as on Linux
    assert sh(shell, "echo viapipe | cat /proc/self/fd/0") == "viapipe\n"
    assert sh(shell, "(echo twice | tee /dev/stderr) 2>&1 | cat") == "twice\ntwice\n"
    assert sh(shell, "cat /nonexistent 2>/dev/null; echo status $?") == "status 1\n"
    assert sh(shell, "cd /tmp && mkdir -p a/b && cd a/b && pwd") == "/tmp/a/b\n"
    assert sh(shell, "ls -l /dev/null | cut -c1") == "c\n"
    assert sh(shell, "touch /tmp/new && stat -c '%s %a' /tmp/new") == "0 644\n"
    # a named pipe: each side's open waits for the other
    assert sh(shell, "mkfifo /tmp/ff; (echo viafifo > /tmp/ff &); cat /tmp/ff") == "viafifo\n"
    assert sh(shell, "sh -c '(sleep 1; echo late > /tmp/ff) & cat /tmp/ff; wait'") == "late\n"
    assert sh(shell, "touch -d '2001-09-09 01:46:40' /tmp/new; stat -c %X.%Y /tmp/new") == \
        "1000000000.1000000000\n"


def test_proc_maps_names(shell):
    """/proc/<pid>/maps names what is mapped, in Linux's shape: the program's
    file (by the path exec ran, as /proc/<pid>/exe names it), [heap] and
    [stack].  (file_conformance checks a file a program maps.)"""
    out = sh(shell, "cat /proc/self/maps")
    line = r"[0-9a-f]{8,}-[0-9a-f]{8,} [r-][w-][x-][ps] [0-9a-f]{8} [0-9a-f]{2}:[0-9a-f]{2} \d+"
    assert all(re.fullmatch(line + r"( +\S.*)?", l) for l in out.splitlines()), out
    exe = sh(shell, "readlink /proc/self/exe").strip()
    # busybox runs its applets as /proc/self/exe: the magic link's file is named
    assert "/proc/self/exe" not in out and exe != "/proc/self/exe", (out, exe)
    assert re.search(r"^%s r-xp %s {2,}/\S+$" % (line.split(" ")[0], " ".join(
        line.split(" ")[2:])), out, re.M), out
    assert re.search(r" {2,}\[heap\]$", out, re.M) and re.search(r" {2,}\[stack\]$", out,
                                                                 re.M), out
    assert exe.startswith("/"), exe


def test_console_terminal(shell):
    """The console as a terminal: termios through stty, the window size, and a
    canonical read (the shell's `read`) with the erase character taking back
    what was typed."""
    out = sh(shell, "stty -a")
    # 115200: what getty (init's console login) set, the line's real speed
    assert "speed 115200 baud" in out and "rows 24; columns 80" in out, out
    assert re.search(r"\bicanon\b", out) and re.search(r"\becho\b", out), out
    assert sh(shell, "stty rows 50 cols 132; stty size") == "50 132\n"
    # typed once READY shows: the shell's line editing has given the terminal
    # back to canonical mode by then (what is typed ahead in its raw mode is
    # not edited again, as on Linux)
    shell.line("echo RE''ADY; read x; echo got:$x", delay=0)
    shell.expect(r"READY\r*\n")
    shell.type("helloo\x7f world\r", delay=0)
    shell.expect(PROMPT)
    assert "got:hello world" in shell.p.before.replace("\r", "")
    assert sh(shell, "echo piped | (read y; echo got:$y)") == "got:piped\n"


def typed_line(shell, keys):
    """What the shell's `read` got from keys typed at the console, as
    "length:text", and the echo seen meanwhile."""
    shell.line("echo RE''ADY; read x; echo \"got:${#x}:$x\"", delay=0)
    shell.expect(r"READY\r*\n")
    shell.type(keys, delay=0)
    shell.expect(PROMPT)
    out = shell.p.before.replace("\r", "")
    return re.search(r"got:(.*)", out).group(1), out


def test_console_iexten(shell):
    """IEXTEN's characters, as Linux's n_tty has them: busybox getty leaves
    IEXTEN off (as it does on Linux), and then ^W, ^V and ^R are ordinary
    characters of the line; with `stty iexten`, ^W erases a word (letters,
    digits and _ only, Linux's rule), ^V takes the next byte literally and
    ^R shows the line again."""
    assert re.search(r"-iexten\b", sh(shell, "stty -a"))
    assert typed_line(shell, "ab\x17c\r")[0] == "4:ab\x17c"
    sh(shell, "stty iexten")
    try:
        assert typed_line(shell, "foo bar/baz\x17qux\r")[0] == "11:foo bar/qux"
        assert typed_line(shell, "one two  \x17three\r")[0] == "9:one three"
        assert typed_line(shell, "a\x16\x17b\x16\x15\r")[0] == "4:a\x17b\x15"
        got, echo = typed_line(shell, "abc\x12d\r")
        assert got == "4:abcd" and "abc^R\nabcd\n" in echo, echo
    finally:
        sh(shell, "stty -iexten")


def test_tmpfs_mount_with_a_size(shell):
    """A tmpfs mounted with Linux's size=, nr_inodes= and mode= options: writes
    past the size get ENOSPC (the file keeps what fitted), files past the
    count too; a bad option value is EINVAL."""
    sh(shell, "mkdir -p /tmp/m")
    assert sh(shell, "mount -t tmpfs -o size=16k,mode=755 tmpfs /tmp/m; echo $?") == "0\n"
    assert sh(shell, "grep /tmp/m /proc/mounts; stat -c %a /tmp/m") == \
        "tmpfs /tmp/m tmpfs rw 0 0\n755\n"
    # Sanpo counts the file's page index (a page) against the size too, as memory it is
    out = sh(shell, "dd if=/dev/zero of=/tmp/m/f bs=4k count=10 2>&1; wc -c < /tmp/m/f")
    assert "No space left on device" in out and out.endswith("\n12288\n"), out
    assert re.search(r"^tmpfs +16 +16 +0 +100% /tmp/m$", sh(shell, "df /tmp/m"), re.M)
    assert "No space left" in sh(shell, "echo more >> /tmp/m/f")
    assert sh(shell, "rm /tmp/m/f && echo fits > /tmp/m/g && cat /tmp/m/g") == "fits\n"
    assert sh(shell, "umount /tmp/m; mount -t tmpfs -o nr_inodes=3 x /tmp/m; echo $?") == "0\n"
    out = sh(shell, "touch /tmp/m/a /tmp/m/b /tmp/m/c; ls /tmp/m | wc -l")
    assert "No space left on device" in out and out.endswith("2\n"), out
    assert sh(shell, "umount /tmp/m; echo $?") == "0\n"
    for bad in ("size=12q", "size=101%", "nr_inodes=x", "mode=9", "colour=blue"):
        assert "Invalid argument" in sh(shell, "mount -t tmpfs -o %s tmpfs /tmp/m" % bad), bad
    assert sh(shell, "mount -t tmpfs -o size=50% x /tmp/m && umount /tmp/m; echo $?") == "0\n"
