"""The kld system calls and FreeBSD's kldload, kldunload and kldstat
programs (user/sbin/kld*) from Sanpo's user land (issue 17), on one boot
to the busybox prompt: example.ko loaded at the loader prompt as README
shows it (linked by the kernel, listed, unloaded), the preloaded aesni.ko
listed, example.ko loaded
from /boot/kernel (the ESP, mounted at /boot by /etc/rc) and unloaded,
FreeBSD's messages and exit statuses for the failures, dependencies loaded
first and protected, 100 load/unload cycles, and EPERM for a process that
is not root, with the calls' bad pointers and ids (tests/user/kld_calls.c); README's busybox examples last.

The kernel prints the reason for a refusal on the console itself, so a
command's output here may hold that line too; the tests look for the
program's own lines in it."""
import pathlib
import re

import pytest

from busybox import ROOTFS_CONF, login, sh
from qemu import Image, Machine

KLD = "/usr/tests/sanpo/kld"
README = pathlib.Path(__file__).resolve().parents[2] / "README.md"
HEADER = "Id Refs Address                Size Name\n"
FILE = re.compile(r"^ ?(\d+) +(\d+) (0x[0-9a-f]{16}) +([0-9a-f]+) (\S+)$", re.M)


def readme_examples(prompt):
    """[(command, [output lines])] of README.md's examples in its "Kernel
    modules" section, typed at `prompt` ("OK " or "sanpo:/# ")."""
    out, section, cur = [], False, None
    for line in README.read_text().splitlines():
        if line.startswith("## "):
            section = line == "## Kernel modules"
            continue
        if not section or not line.startswith("    "):
            cur = None
            continue
        if line.startswith("    " + prompt):
            cur = (re.split(r"\s+#\s", line[4 + len(prompt):])[0], [])
            out.append(cur)
        elif cur is not None:
            cur[1].append(line[4:])
    return out


@pytest.fixture(scope="module")
def booted(tmp_path_factory):
    """Stopped at the loader prompt, README's loader examples typed there
    (`load example`, `lsmod`, `boot`), then booted to the busybox prompt."""
    img = Image(tmp_path_factory.mktemp("kld_user"))
    img.conf('autoboot_delay="NO"\nbeastie_disable="YES"\n' + ROOTFS_CONF +
             'module_path="/boot/kernel;%s"\n' % KLD, kshell=False)
    m = Machine(img, name="kld_user", timeout=180)
    loader = {}
    try:
        m.expect(r"OK $")
        for cmd, _ in readme_examples("OK "):
            m.line(cmd)
            if cmd == "boot":
                break
            m.expect(r"OK $")
            loader[cmd] = m.p.before.replace("\r", "")
        login(m)
    except BaseException:
        m.close()
        raise
    yield m, loader
    m.close()


@pytest.fixture(scope="module")
def shell(booted):
    return booted[0]


def kldstat(m):
    """{name: (id, refs, address, size)} from the kldstat program."""
    out = sh(m, "kldstat")
    assert HEADER in out, out
    return {n: (int(i), int(r), a, int(s, 16)) for i, r, a, s, n in FILE.findall(out)}


def test_loaded_at_the_loader_prompt(booted):
    """README's `OK load example`: the loader lists it, the kernel links it
    before start-up goes on, kldstat shows it, and it unloads."""
    m, loader = booted
    assert [c for c, _ in readme_examples("OK ")] == ["load example", "lsmod", "boot"]
    assert re.search(r"/boot/kernel/example\.ko \(elf obj module, 0x[0-9a-f]+\)",
                     loader["lsmod"]), loader
    assert "example: MOD_LOAD" in m.output
    files = kldstat(m)
    assert "example.ko" in files, files
    out = sh(m, "kldstat -v -n example.ko")
    assert "example.ko (/boot/kernel/example.ko)\n" in out, out
    out = sh(m, "kldunload -v example; echo rc=$?")
    assert "example: MOD_UNLOAD" in out and out.endswith("rc=0\n"), out
    assert "example.ko" not in kldstat(m)


def test_kldstat_lists_kernel_and_preloaded(shell):
    out = sh(shell, "kldstat; echo rc=$?")
    assert out.startswith(HEADER) and out.endswith("rc=0\n"), out
    files = kldstat(shell)
    assert files["kernel"][0] == 1 and files["kernel"][2].startswith("0xffffffff8")
    assert "aesni.ko" in files, files
    out = sh(shell, "kldstat -v -n aesni")
    assert re.search(r"aesni\.ko \(/boot/kernel/aesni\.ko\)\n\tContains modules:\n"
                     r"\t\t Id Name\n\t\t +\d+ aesni\n", out), out
    out = sh(shell, "kldstat -m kernel")
    assert re.fullmatch(r"Id  Refs Name\n +\d+ +1 kernel\n", out), out
    out = sh(shell, "kldstat -h -i 1")
    assert re.fullmatch(r"Id Refs Address             Size Name\n"
                        r" 1 +\d+ 0xffffffff8[0-9a-f]{7} +\d+(\.\d)?[KM] kernel\n", out), out


def test_load_from_boot_kernel_and_unload(shell):
    assert sh(shell, "ls /boot/kernel/example.ko") == "/boot/kernel/example.ko\n"
    assert "example.ko" not in kldstat(shell)
    out = sh(shell, "kldload -v example; echo rc=$?")
    assert "example: MOD_LOAD\n" in out, out
    mm = re.search(r"^Loaded example, id=(\d+)\nrc=0\n", out, re.M)
    assert mm, out
    fid = int(mm.group(1))
    files = kldstat(shell)
    assert files["example.ko"][:2] == (fid, 1), files
    assert files["example.ko"][2].startswith("0xffffffff"), files
    out = sh(shell, "kldstat -v -i %d" % fid)
    mod = re.search(r"example\.ko \(/boot/kernel/example\.ko\)\n\tContains modules:\n"
                    r"\t\t Id Name\n\t\t +(\d+) example\n", out)
    assert mod, out
    out = sh(shell, "kldstat -m example")
    assert re.fullmatch(r"Id  Refs Name\n +%s +1 example\n" % mod.group(1), out), out
    out = sh(shell, "kldstat -d -m example")
    assert re.fullmatch(r"Id  Refs Name data\.\.\(int, uint, ulong\)\n +%s +1 example "
                        r"\(1, 1, 0x1\)\n" % mod.group(1), out), out
    out = sh(shell, "kldunload -v example; echo rc=$?")
    assert "Unloading example.ko, id=%d\n" % fid in out and "example: MOD_UNLOAD\n" in out, out
    assert out.endswith("rc=0\n"), out
    assert "example.ko" not in kldstat(shell)
    assert sh(shell, "kldstat -q -n example; echo rc=$?") == "rc=1\n"
    assert sh(shell, "kldstat -q -m example; echo rc=$?") == "rc=1\n"


def test_failures_with_freebsd_messages(shell):
    out = sh(shell, "kldload nosuch; echo rc=$?")
    assert "kldload: can't load nosuch: No such file or directory\nrc=1\n" in out, out
    out = sh(shell, "kldload example; kldload example; echo rc=$?")
    assert ("kldload: can't load example: module already loaded or in kernel\nrc=1\n"
            in out), out
    assert sh(shell, "kldload -n example; echo rc=$?").endswith("rc=0\n")
    out = sh(shell, "kldload %s/kld_undef.ko; echo rc=$?" % KLD)
    assert "undefined symbol 'kld_no_such_function'" in out, out    # the kernel's line
    assert re.search(r"^kldload: (can't load \S+kld_undef\.ko: .*|an error occurred while "
                     r"loading module \S+kld_undef\.ko\. .*)\nrc=1\n", out, re.M), out
    assert "kld_undef.ko" not in kldstat(shell)
    out = sh(shell, "kldunload nosuch; echo rc=$?")
    assert "kldunload: can't find file nosuch: No such file or directory\nrc=1\n" in out, out
    out = sh(shell, "kldunload -i 1; echo rc=$?")
    assert "kldunload: can't unload file: Resource busy\nrc=1\n" in out, out
    out = sh(shell, "kldunload -i x; echo rc=$?")
    assert "kldunload: Invalid ID x\nrc=1\n" in out, out
    out = sh(shell, "kldstat -i 999; echo rc=$?")
    assert "kldstat: can't stat file id 999: No such file or directory\n" in out, out
    assert out.endswith("rc=1\n"), out
    assert sh(shell, "kldunload example; echo rc=$?").endswith("rc=0\n")
    assert "example.ko" not in kldstat(shell)


def test_dependencies(shell):
    out = sh(shell, "kldload -v kld_b; echo rc=$?")
    assert re.search(r"^Loaded kld_b, id=\d+\nrc=0\n", out, re.M), out
    files = kldstat(shell)
    assert files["kld_a.ko"][1] == 2 and files["kld_b.ko"][1] == 1, files
    assert files["kld_a.ko"][0] < files["kld_b.ko"][0], files
    out = sh(shell, "kldunload kld_a; echo rc=$?")
    assert "kldunload: can't unload file: Resource busy\nrc=1\n" in out, out
    assert "kld_a.ko" in kldstat(shell)
    assert sh(shell, "kldunload kld_b; echo rc=$?").endswith("rc=0\n")
    files = kldstat(shell)
    assert "kld_a.ko" not in files and "kld_b.ko" not in files, files


def test_hundred_load_unload_cycles(shell):
    before = kldstat(shell)
    out = sh(shell, "n=0; while [ $n -lt 100 ] && kldload example >/dev/null && "
             "kldunload example; do n=$((n+1)); done; echo cycles=$n", timeout=600)
    assert out.endswith("cycles=100\n"), out[-500:]
    assert kldstat(shell) == before


def test_calls_edges_and_eperm(shell):
    out = sh(shell, "/usr/tests/sanpo/kld_calls; echo rc=$?")
    expect = ["kldload NULL: Bad address",
              "kldload unterminated: Bad address",
              "kldload long: Filename too long",     # (musl's words)
              "kldfind unterminated: Bad address",
              "modfind long: No such file or directory",
              "kldstat NULL: Bad address",
              "kldstat version 1: Invalid argument",
              "kldstat 999: No such file or directory",
              "kldstat past the end: Bad address",
              "modstat bad version: Invalid argument",
              "modstat NULL: Bad address",
              "kldnext 999: No such file or directory",
              "modnext 999: No such file or directory",
              "modfnext 999: No such file or directory",
              "kldfirstmod 999: No such file or directory",
              "kldunloadf bad flags: Invalid argument",
              "kldunload 999: No such file or directory",
              "root kldnext: 1",
              # root in a user namespace of its own: no CAP_SYS_MODULE where it counts
              "userns uid: 0",
              "userns kldload example: Operation not permitted",
              "userns kldunload 1: Operation not permitted",
              "userns kldnext: 1",
              "uid: 65534",
              "kldload example: Operation not permitted",
              "kldload nosuch: Operation not permitted",
              "kldunload 1: Operation not permitted",
              "kldunloadf aesni: Operation not permitted",
              "kldnext: 1", "kldstat: 0", "kldstat name: kernel",
              "kldfind example: No such file or directory",
              "modfind kernel: 1",
              "setuid 0: Operation not permitted", "rc=0"]
    assert out.splitlines() == expect, out
    assert "example.ko" not in kldstat(shell)


def test_readme_examples(shell):
    """The README's examples run as written and print what it shows, ids,
    addresses and sizes aside (they depend on what was loaded before)."""
    ex = readme_examples("sanpo:/# ")
    assert [c for c, _ in ex][:2] == ["kldload -v example", "kldstat"], ex
    for cmd, lines in ex:
        out = sh(shell, cmd + "; echo rc=$?")
        assert out.endswith("rc=0\n"), (cmd, out)
        for line in lines:
            if re.match(r" ?\d+ +\d+ 0x", line) and "example.ko" not in line:
                continue        # another file: this boot may have others loaded
            pat = r"\s+".join(r"\S+" if re.search(r"\d", w) else re.escape(w)
                              for w in line.split())
            assert re.search(r"^\s*" + pat + "$", out, re.M), (cmd, line, out)


def test_power_off_tells_modules(shell):
    """Last (it ends the boot): a loaded module hears power-off -- its
    shutdown_pre_sync handler runs and it gets MOD_SHUTDOWN -- and the
    machine stops."""
    assert "example: MOD_LOAD" in sh(shell, "kldload example")
    shell.line("poweroff -f")
    assert shell.wait_exit(timeout=120) == 0
    out = shell.output[shell.output.rindex("poweroff -f"):]
    assert "example: shutdown_pre_sync\n" in out.replace("\r", ""), out
    assert "example: MOD_SHUTDOWN\n" in out.replace("\r", ""), out
