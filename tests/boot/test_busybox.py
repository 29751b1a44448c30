"""Busybox (Debian's busybox-static, a static glibc program) and Sanpo's
exec over the serial console: the default start-up reaches the busybox
prompt, and the shell runs commands, pipelines and scripts, with exit
statuses; exec runs a static PIE, runs #! scripts, and refuses a
dynamically linked program with ENOEXEC and a one-line reason.  The
console is the shell's controlling terminal: ^C and ^Z reach the
foreground job, fg and bg move jobs, a background read stops its job."""
import re

import pytest

from busybox import LOGIN, PROMPT, boot_userland, login, sh


@pytest.fixture(scope="module")
def shell(tmp_path_factory):
    m = boot_userland(tmp_path_factory.mktemp("busybox"), "busybox")
    yield m
    m.close()


def test_echo(shell):
    assert sh(shell, "sh -c 'echo hi'") == "hi\n"


def test_ls_root(shell):
    names = sh(shell, "ls -1 /").split()
    for d in ("bin", "dev", "etc", "sbin", "tmp", "usr"):
        assert d in names, names


def test_pipeline(shell):
    assert sh(shell, "echo one two three | tr ' ' '\\n' | sort -r | head -n 2") == \
        "two\nthree\n"


def test_exit_status(shell):
    assert sh(shell, "sh -c 'exit 7'; echo $?") == "7\n"
    assert sh(shell, "false; echo $?") == "1\n"


def test_killed_child_status(shell):
    # 128 + SIGTERM, as any Linux shell reports a child killed by a signal
    assert sh(shell, "sh -c 'kill -TERM $$'; echo $?").endswith("143\n")


def test_script_with_shebang(shell):
    sh(shell, "printf '#!/bin/sh\\necho script $0 $1\\nexit 3\\n' > /tmp/s.sh; chmod +x /tmp/s.sh")
    assert sh(shell, "/tmp/s.sh arg; echo status $?") == "script /tmp/s.sh arg\nstatus 3\n"


def test_script_interpreter_with_argument(shell):
    sh(shell, "printf '#!/bin/sh -e\\nfalse\\necho not reached\\n' > /tmp/e.sh; chmod +x /tmp/e.sh")
    assert sh(shell, "/tmp/e.sh; echo status $?") == "status 1\n"


def test_static_pie(shell):
    out = sh(shell, "/usr/tests/sanpo/hello-pie x; echo status $?")
    assert out.startswith("hello from user space: argc=2 argv0=/usr/tests/sanpo/hello-pie")
    assert out.endswith("status 3\n")


def test_dynamic_program_refused(shell):
    out = sh(shell, "/usr/tests/sanpo/hello-dynamic 2>/dev/null; echo status $?")
    assert "exec: /usr/tests/sanpo/hello-dynamic: dynamically linked (PT_INTERP)" in out


def test_exec_errors(shell):
    assert "not found" in sh(shell, "/no/such/prog; echo status $?")
    sh(shell, "printf 'x' > /tmp/notexec")
    assert "Permission denied" in sh(shell, "/tmp/notexec")


def test_job_control_is_on(shell):
    assert "job control turned off" not in shell.output
    assert sh(shell, "stty -a | grep -o 'intr = ^C'") == "intr = ^C\n"


def _typed(shell, keys, until=PROMPT, timeout=60):
    shell.type(keys, delay=0)
    shell.expect(until, timeout=timeout)
    return re.sub(r"\x1b\[[0-9;?]*[a-zA-Z]", "", shell.p.before).replace("\r", "")


def test_ctrl_c_interrupts_the_foreground_job(shell):
    # "running" comes from the job itself, once it is the terminal's foreground group
    # (the quotes keep the echo of the command line from matching)
    shell.line("sh -c 'echo run\"\"ning; exec sleep 100'", delay=0)
    shell.expect("running")
    out = _typed(shell, "\x03")
    assert "^C" in out, out
    assert sh(shell, "echo status $?") == "status 130\n"


def test_ctrl_z_stops_and_fg_resumes(shell):
    shell.line("sh -c 'echo read\"\"ing; exec cat'", delay=0)
    shell.expect("reading")
    assert "Stopped" in _typed(shell, "\x1a")
    assert "Stopped" in sh(shell, "jobs")
    shell.line("fg", delay=0)
    shell.expect("exec cat")
    shell.type("resumed\r", delay=0)
    shell.expect("resumed.*resumed")       # the terminal's echo, then cat's copy
    _typed(shell, "\x04")                 # end of file: cat exits, the prompt is back
    assert sh(shell, "jobs; echo none") == "none\n"


def test_background_read_stops_the_job(shell):
    sh(shell, "sh -c 'exec cat' &")
    out = sh(shell, "sleep 1; jobs")
    assert "Stopped (tty input)" in out, out
    assert "Killed" in sh(shell, "kill -9 %1; sleep 1; jobs")
    assert sh(shell, "jobs; echo none") == "none\n"


def test_single_user_boot_then_multi_user(tmp_path):
    """boot -s (boot_single in loader.conf): init gives a root shell before
    /etc/rc, asking no password; leaving it goes on to multi-user."""
    from busybox import ROOTFS_CONF
    from qemu import Image, Machine
    img = Image(tmp_path)
    img.conf('autoboot_delay="0"\nbeastie_disable="YES"\nboot_single="YES"\n' + ROOTFS_CONF,
             kshell=False)
    m = Machine(img, name="single_user", timeout=180)
    try:
        m.expect("init: single-user mode")
        m.expect(r"# (?:\x1b\[6n)?$")
        assert "rc: starting user space" not in m.output
        assert "login:" not in m.output and "assword" not in m.output
        m.line("echo single-$((20 + 22)) uid-$(id -u)", delay=0)
        m.expect("single-42 uid-0")
        m.expect(r"# (?:\x1b\[6n)?$")
        m.line("exit", delay=0)
        m.expect("init: going on to multi-user")
        m.expect("rc: starting user space")
        login(m)                            # multi-user: the console's login
        assert sh(m, "echo multi") == "multi\n"
    finally:
        m.close()


def test_background_job_fg_and_ctrl_c(shell):
    """The issue's session: sleep 100 &, jobs, fg, ^C; ^Z, bg, fg again."""
    sh(shell, "sleep 100 &")
    assert re.search(r"\[1\]\+ +Running +sleep 100", sh(shell, "jobs")), sh(shell, "jobs")
    shell.line("fg", delay=0)
    shell.expect("sleep 100")
    out = _typed(shell, "\x03")
    assert "^C" in out, out
    assert sh(shell, "echo status $?; jobs; echo none") == "status 130\nnone\n"
    shell.line("sh -c 'echo sle\"\"eping; exec sleep 100'", delay=0)
    shell.expect("sleeping")
    assert "Stopped" in _typed(shell, "\x1a")
    assert re.search(r"\[1\]\+? .*sleep 100", sh(shell, "bg"))
    assert re.search(r"Running .*sleep 100", sh(shell, "jobs"))
    shell.line("fg", delay=0)
    shell.expect("sleep 100")
    _typed(shell, "\x03")
    assert sh(shell, "jobs; echo none") == "none\n"


def test_pipeline_of_five(shell):
    assert sh(shell, "seq 1 100 | grep 7 | sort -rn | head -n 3 | tr '\\n' ' '") == \
        "97 87 79 "


def test_paste_4k_arrives_whole(shell):
    """A 4 KiB paste -- one write into QEMU's serial, at full line speed --
    reaches cat through the UART's receive interrupt and the line
    discipline without a lost byte (the input used to be polled)."""
    import hashlib
    import random
    rnd = random.Random(15)
    alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,;:-_=+/"
    lines = ["".join(rnd.choice(alphabet) for _ in range(63)) for _ in range(64)]
    data = "".join(l + "\n" for l in lines)
    assert len(data) == 4096
    # cat runs once the shell printed READY: the terminal is canonical by then
    shell.line("echo RE''ADY; cat > /tmp/paste", delay=0)
    shell.expect(r"READY\r*\n")
    shell.p.send(data)
    shell.p.send("\x04")
    shell.expect(PROMPT, timeout=120)
    out = sh(shell, "wc -c < /tmp/paste; md5sum /tmp/paste")
    assert out.split() == ["4096", hashlib.md5(data.encode()).hexdigest(), "/tmp/paste"], out
    # it came by interrupt, and the chip dropped nothing
    intrs, overruns = sh(shell, "cat /proc/sys/hw/uart/rx_intrs /proc/sys/hw/uart/rx_overruns").split()
    assert int(intrs) > 0 and int(overruns) == 0, (intrs, overruns)


def test_kernel_and_user_lines_do_not_tear(shell):
    """Kernel messages (here: lines written to /dev/kmsg, which the kernel
    prints) while a program on the other CPU writes lines to the console:
    every line comes out whole, each either the kernel's or the user's."""
    # the script is typed in short pieces: a long command line would wrap in the echo
    sh(shell, "echo 'k() { i=0; while [ $i -lt 150 ]; do' > /tmp/tear.sh")
    sh(shell, "echo ' echo KMSG-$i-abcdefghijklmnopqrstuvwxyz0123456789 > /dev/kmsg' >> /tmp/tear.sh")
    sh(shell, "echo ' i=$((i+1)); done; }; k &' >> /tmp/tear.sh")
    sh(shell, "echo 'for i in $(seq 0 149); do' >> /tmp/tear.sh")
    sh(shell, "echo ' echo USER-$i-ABCDEFGHIJKLMNOPQRSTUVWXYZ9876543210; done; wait' >> /tmp/tear.sh")
    out = sh(shell, "sh /tmp/tear.sh", timeout=180)
    seen = {"KMSG": set(), "USER": set()}
    for line in out.split("\n"):
        if "KMSG" in line or "USER" in line:
            m = re.fullmatch(r"(KMSG)-(\d+)-abcdefghijklmnopqrstuvwxyz0123456789|"
                             r"(USER)-(\d+)-ABCDEFGHIJKLMNOPQRSTUVWXYZ9876543210", line)
            assert m, "torn line %r in:\n%s" % (line, out)
            seen[m.group(1) or m.group(3)].add(int(m.group(2) or m.group(4)))
    assert seen["USER"] == set(range(150)), sorted(set(range(150)) - seen["USER"])
    assert seen["KMSG"] == set(range(150)), sorted(set(range(150)) - seen["KMSG"])


def test_console_session_as_alice(tmp_path):
    """The issue's session on the serial console: log in as alice at getty's
    login:, look around, use /tmp, control jobs, run a pipeline; exit gives
    a new login:, and root's `shutdown -p now` ends QEMU with status 0."""
    from busybox import USER_PROMPT
    m = boot_userland(tmp_path, "console_session")     # root, then log out
    try:
        m.line("exit", delay=0)
        login(m, "alice", prompt=USER_PROMPT)
        def ash(cmd):
            return sh(m, cmd, prompt=USER_PROMPT)
        assert ash("id -un; pwd") == "alice\n/home/alice\n"
        out = ash("ls -l /dev /proc/self/")
        for name in ("console", "null", "tty", "urandom", "cmdline", "fd", "maps", "status"):
            assert re.search(r" %s( |$)" % name, out, re.M), (name, out)
        out = ash("ps")
        assert re.search(r"^ +1 +root .*init", out, re.M) and re.search(r"alice .*-?sh", out), out
        assert re.search(r"^Mem: +\d+ +\d+ +\d+", ash("free"), re.M)
        assert "proc on /proc type proc" in ash("mount")
        assert ash("cat /proc/cpuinfo | grep -c processor") == "2\n"     # smp=2
        ash("echo data-$((6 * 7)) > /tmp/alice.txt")
        assert ash("cat /tmp/alice.txt; stat -c %U /tmp/alice.txt") == "data-42\nalice\n"
        # sleep 100 &, jobs, fg, ^C: the prompt is back
        ash("sleep 100 &")
        assert re.search(r"\[1\]\+ +Running +sleep 100", ash("jobs"))
        m.line("fg", delay=0)
        m.expect("sleep 100")
        m.type("\x03", delay=0)
        m.expect(USER_PROMPT)
        assert ash("echo status $?; jobs; echo none") == "status 130\nnone\n"
        # ^Z stops cat, bg resumes it (in the background its read stops it again), fg
        m.line("echo ca''tting; cat", delay=0)
        m.expect(r"catting\r*\n")
        m.type("\x1a", delay=0)
        m.expect(USER_PROMPT)
        assert "Stopped" in m.p.before
        ash("bg")
        assert "Stopped (tty input)" in ash("sleep 1; jobs")
        m.line("fg", delay=0)
        m.expect(r"cat\r*\n")
        m.type("again\r", delay=0)
        m.expect(r"again\r*\n.*again")        # the terminal's echo, then cat's copy
        m.type("\x04", delay=0)
        m.expect(USER_PROMPT)
        assert ash("jobs; echo none") == "none\n"
        assert ash("seq 1 50 | grep 3 | sort -rn | head -n 2 | tr '\\n' ' '") == "43 39 "
        # logging out gives a new login:, and root can power off
        m.line("exit", delay=0)
        login(m)
        m.line("shutdown -p now", delay=0)
        assert m.wait_exit(timeout=120) == 0
    finally:
        m.close()


def test_users_and_shadow(shell):
    """/etc/shadow is root's alone and holds SHA-512 crypt hashes made at
    build time (user/passwords); alice is in wheel."""
    assert sh(shell, "stat -c '%a %U' /etc/shadow") == "600 root\n"
    assert sh(shell, "grep -E '^(root|alice|bob):' /etc/shadow | cut -d: -f2 | cut -c1-3") == \
        "$6$\n$6$\n$6$\n"
    assert "wheel" in sh(shell, "id -Gn alice").split()


def test_paste_larger_than_the_buffers_is_held_back_not_lost(shell):
    """24 KiB pasted while the reader sleeps: more than the terminal's 4 KiB
    and the UART's 16 KiB ring hold, so the ring fills, the receive
    interrupt is masked and QEMU holds the rest back; once cat reads,
    everything arrives, in order."""
    import hashlib
    data = "".join("%05d-%s\n" % (i, "x" * 57) for i in range(384))
    assert len(data) == 24576
    shell.line("echo RE''ADY; sleep 3; cat > /tmp/big", delay=0)
    shell.expect(r"READY\r*\n")
    shell.p.send(data)
    shell.p.send("\x04")
    shell.expect(PROMPT, timeout=180)
    out = sh(shell, "wc -c < /tmp/big; md5sum /tmp/big")
    assert out.split() == ["24576", hashlib.md5(data.encode()).hexdigest(), "/tmp/big"], out
    throttles, overruns = sh(shell, "cat /proc/sys/hw/uart/rx_throttles "
                                    "/proc/sys/hw/uart/rx_overruns").split()
    assert int(throttles) > 0 and int(overruns) == 0, (throttles, overruns)
