"""Kernel services in a running kernel: malloc zones and statistics, the
lock-order checker, event handlers and the module system at shutdown."""
import re


def boot_shell(image, machine, conf=""):
    image.conf('autoboot_delay="0"\n' + conf)
    m = machine(image)
    m.expect(r"# $")
    return m


def run(m, cmd):
    m.line(cmd)
    m.expect(r"# $")
    return m.p.before.replace("\r", "")


def test_malloc_zones_and_stats(image, machine):
    m = boot_shell(image, machine)
    large_re = r"large \(pages\)\s+4096\s+(\d+)\s+-\s+(\d+)"
    before = re.search(large_re, run(m, "vmstat -z"))
    out = run(m, "malloc_test")
    assert re.search(r"malloc_test: 512 allocations, 0 corrupted bytes", out)
    z = run(m, "vmstat -z")
    rows = {r[0]: r[1:] for r in re.findall(r"^(malloc-\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)", z, re.M)}
    assert set(rows) == {"malloc-%d" % s for s in (16, 32, 64, 128, 256, 512, 1024, 2048)}
    # 504 small requests from the test (every 64th of 512 is large) plus boot's own.
    assert sum(int(r[3]) for r in rows.values()) >= 504
    large = re.search(large_re, z)
    # All 8 large blocks freed: pages in use are back to before (thread stacks).
    assert large.group(1) == before.group(1)
    assert int(large.group(2)) - int(before.group(2)) == 8
    t = run(m, "vmstat -m")
    temp = re.search(r"^\s+temp\s+(\d+)\s+(\d+)K\s+(\d+)", t, re.M)
    assert temp and temp.group(1) == "0" and int(temp.group(3)) == 512
    assert re.search(r"^\s+eventhandler\s+[1-9]", t, re.M)
    assert "vmstat: usage" in run(m, "vmstat -q")


def test_witness_reports_reversal_with_both_names(image, machine):
    m = boot_shell(image, machine)
    before = run(m, "sysctl debug.witness.reversals")
    assert "debug.witness.reversals: 0" in before
    out = run(m, "witness_test")
    assert "lock order reversal:" in out
    assert re.search(r"1st 0x[0-9a-f]+ witness test B @ \S+:\d+", out)
    assert re.search(r"2nd 0x[0-9a-f]+ witness test A @ \S+:\d+", out)
    assert "lock order witness test A -> witness test B established at" in out
    assert re.search(r"at cmd_witness_test\+0x", out)
    assert "debug.witness.reversals: 1" in run(m, "sysctl debug.witness.reversals")
    # Reported once per pair; still counted.
    out = run(m, "witness_test")
    assert "lock order reversal:" not in out
    assert "debug.witness.reversals: 2" in run(m, "sysctl debug.witness.reversals")


def test_shutdown_runs_handlers_in_order(image, machine):
    m = boot_shell(image, machine, 'boot_verbose="YES"\n')
    assert re.search(r"^ 1 +\d+ 0xffffffff80200000 +[0-9a-f]+ kernel$", run(m, "kldstat"), re.M)
    m.line("shutdown -p now")
    m.expect(r"Powering off")
    assert m.wait_exit() == 0
    tail = m.output[m.output.rindex("Powering off"):]
    # The modules: the kernel, and aesni.ko and selftest.ko (tests/lib/qemu.py).
    steps = ["shutdown: running shutdown_pre_sync handlers", "module_shutdown: told 3 modules",
             "shutdown: running shutdown_post_sync handlers",
             "shutdown: running shutdown_final handlers"]
    pos = [tail.find(s) for s in steps]
    assert all(p >= 0 for p in pos), (steps, pos, tail)
    assert pos == sorted(pos)


def test_boot_v_traces_basic_services_in_order(image, machine):
    m = boot_shell(image, machine, 'boot_verbose="YES"\n')
    names = re.findall(r"sysinit: 0x[0-9a-f]{7} \S+\s+0x[0-9a-f]{7} (\w+)", m.output)
    order = ["kenv_setup", "vm_phys_init", "kmem_init", "eventhandler_init", "module_init"]
    assert [n for n in names if n in order] == order
    m.line("shutdown -p now")
    assert m.wait_exit() == 0
