"""The system-call conformance program (tests/conformance/syscall_conformance.c):
the same static musl binary runs on the Linux host and inside Sanpo (4
CPUs), and the two outputs must be identical line for line -- memory
(brk, mmap holes, mprotect faults with si_addr, copy-on-write after fork),
processes (exit and signal statuses, 100 zombies, an orphan adopted by pid
1, stop/continue), signals (handlers, masks, nesting, the alternate stack,
EINTR versus SA_RESTART, faults, FPU state), bad input (EFAULT for kernel,
non-canonical and unmapped pointers, EBADF, EINVAL, ENOSYS, E2BIG),
threads (8 x 100000 increments under a futex mutex; one thread per CPU
seen running on all of them at once), interval timers (setitimer,
getitimer, alarm), mremap's moves and errors, sendfile, flock and
sethostname.

On the host it runs as pid 1 of a new PID namespace, as it is pid 1 in
Sanpo, so orphans are adopted by it on both sides."""
import re
import subprocess

import pytest

from kshell import run, run_settled
from userland import boot_program, program, wait_init_exit

BEGIN = "=== syscall conformance begin ==="
END = "=== syscall conformance end ==="


def lines_between(text):
    text = text.replace("\r", "")
    i, j = text.find(BEGIN), text.find(END)
    assert i >= 0 and j > i, "no complete conformance output:\n" + text[-3000:]
    return text[i:j + len(END)].split("\n")


@pytest.fixture(scope="module")
def host_output():
    prog = str(program("syscall_conformance"))
    r = subprocess.run(["unshare", "--pid", "--fork", "--kill-child", prog],
                       capture_output=True, text=True, timeout=300, cwd="/tmp")
    assert r.returncode == 0, "host run failed (%d): %s" % (r.returncode, r.stderr)
    return lines_between(r.stdout)


def test_conformance_matches_linux(tmp_path, host_output):
    m = boot_program(tmp_path, "syscall_conformance", smp=4, machine_name="conformance")
    try:
        m.expect(END, timeout=900)
        sanpo = lines_between(m.output)
        how = wait_init_exit(m, timeout=60)
        # The kernel shell, after init: TLB shootdowns reached other CPUs
        # (under TCG a stale entry is not observable from user space, so
        # the threads.tlb lines alone cannot show it).
        m.expect(r"\n# ", timeout=30)
        m.line("sysctl vm.pmap.remote_invalidations", delay=0.001)
        remote = int(m.expect(r"vm.pmap.remote_invalidations: (\d+)").group(1))
        m.expect(r"\n# ", timeout=30)
        # Unknown numbers: counted per number, logged once per number.
        enosys = run(m, "sysctl kern.syscalls.enosys kern.syscalls.enosys_out_of_range")
        dmesg = run_settled(m, "dmesg")
    finally:
        m.close()
    assert len(host_output) > 240
    diff = [(h, s) for h, s in zip(host_output, sanpo) if h != s]
    assert not diff and len(host_output) == len(sanpo), \
        "\n".join("linux: %s\nsanpo: %s" % d for d in diff[:20]) + \
        "\n(%d linux lines, %d sanpo lines)" % (len(host_output), len(sanpo))
    assert how == ("exit", 0)
    assert remote > 0
    assert re.search(r"kern.syscalls.enosys: (.* )?400:2( |\n|$)", enosys), enosys
    assert int(re.search(r"enosys_out_of_range: (\d+)", enosys).group(1)) >= 2, enosys
    assert len(re.findall(r"system call 400 is not implemented: ENOSYS", dmesg)) == 1, dmesg
    assert len(re.findall(r"is out of range: ENOSYS \(logged once\)", dmesg)) == 1, dmesg
