"""Kernel robustness from user space (tests/user/stress.c as init, 4 CPUs):
1000 x fork+exec+exit of a trivial program, then a trinity-like system-call
fuzzer (24 children one after another, 3000 calls each), then a child that touches memory until none is left (it is
killed, the kernel goes on).  Afterwards the kernel still answers (its shell, after
init ends), witness reported nothing, every process structure, address
space, thread, FPU area, signal table and exec buffer is freed (vmstat -m),
no page of process memory is left (vm.stats.page.anon), and free memory came back
within a small bound around both phases."""
import re

from kshell import run
from userland import boot_program, wait_init_exit

MEM_BOUND_KIB = 1024	# caches (malloc zones, kernel-stack cache) may keep this much
USER_TYPES = ["proc", "fpu", "sigacts", "vmobject", "vmmap", "exec"]


def test_forkexec_and_fuzz(tmp_path):
    m = boot_program(tmp_path, "stress", smp=4, machine_name="stress")
    try:
        m.expect("stress: end", timeout=900)
        how = wait_init_exit(m, timeout=60)
        m.expect(r"\n# ", timeout=60)
        vmstat = run(m, "vmstat -m")
        sysctl = run(m, "sysctl debug.witness.reversals vm.stats.page.anon vm.stats.vmspaces")
        out = m.output
    finally:
        m.close()
    assert how == ("exit", 0)
    fe = re.search(r"fork\+exec\+exit x1000: (\d+) failed; free memory \d+ KiB before, "
                   r"([+-]\d+) KiB after the first half, ([+-]\d+) KiB after the second", out)
    assert fe, out[-2000:]
    assert int(fe.group(1)) == 0
    assert abs(int(fe.group(2))) <= MEM_BOUND_KIB and abs(int(fe.group(3))) <= MEM_BOUND_KIB
    fz = re.search(r"fuzz: (\d+) children of (\d+), (\d+) killed after \d+ ms, (\d+) died of "
                   r"signals; free memory \d+ KiB before, \d+ KiB after \(([+-]\d+) KiB\)", out)
    assert fz, out[-2000:]
    assert int(fz.group(1)) == int(fz.group(2)) > 0     # every fork of the fuzzer worked
    assert abs(int(fz.group(5))) <= MEM_BOUND_KIB
    oom = re.search(r"memory exhaustion: the child (.*); free memory \d+ KiB before, \d+ KiB "
                    r"after \(([+-]\d+) KiB\)", out)
    assert oom and oom.group(1) == "was killed (SIGKILL)", out[-2000:]
    assert re.search(r"pid \d+ \(stress\): out of memory at 0x[0-9a-f]+: killed", out)
    assert abs(int(oom.group(2))) <= MEM_BOUND_KIB
    assert "lock order reversal" not in out and "duplicate lock" not in out
    assert "debug.witness.reversals: 0" in sysctl
    assert "vm.stats.page.anon: 0" in sysctl and "vm.stats.vmspaces: 0" in sysctl
    for t in USER_TYPES:
        row = re.search(r"^\s*%s\s+(\d+)\s" % t, vmstat, re.M)
        assert row and int(row.group(1)) == 0, "%s still in use:\n%s" % (t, vmstat)
    thread = re.search(r"^\s*thread\s+(\d+)\s", vmstat, re.M)
    assert thread is None or int(thread.group(1)) <= 13	# kernel threads only (rcu among them)
