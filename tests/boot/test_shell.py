"""The kernel's serial shell: sysctl, kenv, dmesg, sysinit, uptime, errors,
the verbose SYSINIT trace, and `shutdown -p now` ending QEMU with status 0."""
import re

import pytest

from guest import guest
from kshell import PROMPT_AT_END


@pytest.fixture(scope="module")
def shell(tmp_path_factory):
    """One verbose boot shared by the shell tests of this file (a sysctl set is put back)."""
    with guest(tmp_path_factory.mktemp("shell"), "shell",
               'autoboot_delay="0"\nboot_verbose="YES"\nsanpo.test.kenv="kenv works"\n',
               ready=PROMPT_AT_END) as m:
        yield m


def run(m, cmd):
    """Types a command at the shell and returns its output (without the echo)."""
    m.line(cmd)
    m.expect(r"# $")
    out = m.p.before.replace("\r", "")
    return out.split("\n", 1)[1] if "\n" in out else ""


def test_verbose_sysinit_trace_is_sorted(shell):
    trace = re.findall(r"sysinit: 0x([0-9a-f]{7}) (\S+)\s+0x([0-9a-f]{7}) (\w+)", shell.output)
    assert len(trace) >= 6
    keys = [(int(s, 16), int(o, 16)) for s, _, o, _ in trace]
    assert keys == sorted(keys)
    names = [t[3] for t in trace]
    assert names[0] == "kenv_setup" and names[-1] == "run_shell"
    assert names.index("vm_phys_init") < names.index("acpi_setup") < names.index("tsc_calibrate")


def test_sysctl_values(shell):
    out = run(shell, "sysctl kern.ostype kern.osrelease kern.bootflags kern.boothowto hw.ncpu")
    assert "kern.ostype: Sanpo" in out
    assert re.search(r"kern.osrelease: \d+\.\d+\.\d+", out)
    assert "kern.bootflags: RB_VERBOSE" in out
    assert "kern.boothowto: 2048" in out
    assert re.search(r"hw.ncpu: [1-9]", out)


def test_sysctl_all_sorted_and_required(shell):
    out = run(shell, "sysctl -a")
    # Names have a dot: the lines of multi-line values (hw.intrs' "irq4: ",
    # dev.vtnet.queues' "vtnet0: ") are not names.
    names = re.findall(r"^([a-z]\w*\.[\w.]+): ", out, re.M)
    assert names == sorted(names) and len(names) >= 15
    for n in ["kern.ostype", "kern.osrelease", "kern.version", "kern.boothowto",
              "kern.bootflags", "hw.ncpu", "kern.smp.cpus", "kern.smp.active",
              "hw.physmem", "hw.model", "kern.hz", "kern.boottime",
              "kern.boot_ms.loader", "kern.boot_ms.kernel"]:
        assert n in names, n
    ms = int(re.search(r"kern.boot_ms.kernel: (\d+)", out).group(1))
    assert ms > 0   # load-proof: it was measured; how many is make bench-boot's figure
    phys = int(re.search(r"hw.physmem: (\d+)", out).group(1))
    assert 480 << 20 <= phys <= 512 << 20


def test_sysctl_subtree_and_unknown(shell):
    out = run(shell, "sysctl kern.smp")
    assert "kern.smp.cpus:" in out and "kern.ostype" not in out
    out = run(shell, "sysctl no.such.oid")
    assert "sysctl: unknown oid 'no.such.oid'" in out


def test_sysctl_sets_a_writable_one(shell):
    """name=value sets a sysctl that takes writes, checked by the sysctl
    (kern.overflowgid: 0..65535, as Linux's); put back afterwards."""
    assert "kern.overflowgid: 1000" in run(shell, "sysctl kern.overflowgid=1000")
    assert "sysctl: kern.overflowgid: EINVAL" in run(shell, "sysctl kern.overflowgid=70000")
    assert "sysctl: kern.ostype: EACCES" in run(shell, "sysctl kern.ostype=x")
    assert "sysctl: no.such.oid: ENOENT" in run(shell, "sysctl no.such.oid=1")
    assert "kern.overflowgid: 65534" in run(shell, "sysctl kern.overflowgid=65534")


def test_kenv(shell):
    assert 'sanpo.test.kenv="kenv works"' in run(shell, "kenv")
    assert run(shell, "kenv sanpo.test.kenv").strip() == "kenv works"
    assert "kenv: unable to get nope" in run(shell, "kenv nope")


def test_dmesg_has_boot_messages(shell):
    out = run(shell, "dmesg")
    assert "Sanpo kernel" in out and "real memory" in out and "boot time:" in out


def test_sysinit_command_lists_run_order(shell):
    out = run(shell, "sysinit")
    rows = re.findall(r"^\d+\s+0x([0-9a-f]{7}) \S+\s+0x([0-9a-f]{7})\s+(\S+)\s+(\w+)$", out, re.M)
    assert len(rows) >= 6
    keys = [(int(a, 16), int(b, 16)) for a, b, _, _ in rows]
    assert keys == sorted(keys)
    assert rows[-1][2] == "running" and rows[-1][3] == "run_shell"
    assert all(r[2].isdigit() for r in rows[:-1])


def test_uptime_and_errors(shell):
    assert re.search(r"up 0 days, 00:\d\d:\d\d", run(shell, "uptime"))
    assert "sh: frob: command not found" in run(shell, "frob --now")
    assert "shutdown: usage" in run(shell, "shutdown -x now")
    out = run(shell, "help")
    for cmd in ["sysctl", "kenv", "dmesg", "sysinit", "uptime", "shutdown"]:
        assert re.search(r"^\s+%s\b" % cmd, out, re.M), cmd


def test_line_editing(shell):
    shell.type("sysctl kern.ostypXX")
    shell.type("\x7f\x7f")             # two backspaces remove XX
    shell.type("e\r")
    shell.expect(r"# $")
    assert "kern.ostype: Sanpo" in shell.p.before
    shell.type("garbage\x15")           # Ctrl-U kills the line
    shell.line("uptime")
    shell.expect(r"# $")
    assert "up 0 days" in shell.p.before and "garbage" not in shell.p.before.split("\n")[-2]


def test_shutdown_poweroff_exits_qemu(image, machine):
    image.conf('autoboot_delay="0"\nboot_single="YES"\n')
    m = machine(image)
    m.expect(r"Single-user mode: no network services are started")
    m.expect(r"# $")
    m.line("shutdown -p now")
    m.expect(r"Powering off")
    assert m.wait_exit() == 0


def test_shell_panic_backtrace(image, machine):
    image.conf('autoboot_delay="0"\n')
    m = machine(image)
    m.expect(r"# $")
    m.line("panic oops")
    m.expect(r"panic: oops")
    m.expect(r"at cmd_panic\+0x")
    m.expect(r"at shell_execute\+0x")
    m.expect(r"cpu halted")


def test_command_lines_split_as_sh(shell):
    """';' runs commands in turn (a failing one does not stop the next),
    quotes and backslashes make words, "" is an empty word, '#' comments."""
    out = run(shell, "frob ; sysctl 'kern.ostype' \"hw.ncpu\" # kern.version")
    assert "sh: frob: command not found" in out
    assert "kern.ostype: Sanpo" in out and "hw.ncpu:" in out
    assert "kern.version" not in out
    out = run(shell, 'cryptotest -a sha256 -p ""')
    assert "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" in out, out
    out = run(shell, "cryptotest -a sha256 -p 6162\\63")    # "abc": the backslash goes
    assert "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" in out, out
    assert "sh: unterminated quote" in run(shell, "sysctl 'kern.ostype")
    assert "sh: too many arguments" in run(shell, "kenv" + " x" * 40)


# (command, a wrong call of it): each prints the usage of its table entry.
WRONG_CALLS = [("kenv", "kenv a b"), ("date", "date now"), ("gpart", "gpart"),
               ("diskinfo", "diskinfo"), ("disktest", "disktest vtbd0 0"),
               ("kprof", "kprof go"), ("random", "random -n 0"),
               ("random", "random -n 1048577"), ("random", "random -n 1x")]


def test_usage_errors_print_the_table_entry(shell):
    """A command called wrongly prints "CMD: usage: ..." from its table entry,
    the very text `help CMD` shows: one copy of each usage, never two."""
    for cmd, wrong in WRONG_CALLS:
        usage = re.search(r"^usage: (.*)$", run(shell, "help " + cmd), re.M)
        assert usage, cmd
        out = run(shell, wrong)
        assert "%s: usage: %s" % (cmd, usage.group(1)) in out, (wrong, out)
    # and a right one still works (random's count: the shared parse_uint)
    assert re.search(r"^[0-9a-f]{6}$", run(shell, "random -n 3 -x"), re.M)


def test_sysctl_lists(shell):
    """List-valued sysctls (built in the caller's buffer by sbuf_new_fixed):
    a run-queue length per CPU, and every ENOSYS count as number:count."""
    ncpu = int(re.search(r"hw.ncpu: (\d+)", run(shell, "sysctl hw.ncpu")).group(1))
    runq = re.search(r"kern.sched.runq: ([\d ]*)$", run(shell, "sysctl kern.sched.runq"), re.M)
    assert runq and len(runq.group(1).split()) == ncpu, runq
    out = run(shell, "sysctl kern.syscalls.enosys")
    assert re.fullmatch(r"kern.syscalls.enosys:( \d+:\d+)*", out.strip()), out


def test_help_and_flag_errors(shell):
    """help CMD prints the usage from the command table; getopt's errors
    name the flag and print that usage; grouped flags work."""
    out = run(shell, "help vmstat")
    assert re.search(r"^usage: vmstat \[-bimz\]", out, re.M), out
    assert "help: no command 'nosuch'" in run(shell, "help nosuch")
    out = run(shell, "vmstat -q")
    assert "vmstat: illegal option -- q" in out and "vmstat: usage: vmstat [-bimz]" in out
    out = run(shell, "random -n")
    assert "random: option requires an argument -- n" in out
    out = run(shell, "vmstat -mz")
    assert "large (pages)" in out and re.search(r"^\s+temp\s+\d", out, re.M), out
