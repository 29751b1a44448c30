"""Threads and the scheduler on every CPU: busy threads spread over all
CPUs (preempted on the tick, stolen by idle CPUs), and a lock stress test
with sleep mutexes, sx locks, condition variables and sleeps finishes with
every count right, no hang and no lock-order report."""
import re

import pytest


def boot(image, machine, smp, **kw):
    image.conf('autoboot_delay="0"\n')
    m = machine(image, smp=smp, **kw)
    m.expect(r"# $", timeout=180)
    return m


def run(m, cmd, timeout=120):
    m.line(cmd)
    m.expect(r"# $", timeout=timeout)
    return m.p.before.replace("\r", "")


@pytest.mark.parametrize("smp", [1, 2, 4, 8])
def test_busy_threads_run_on_every_cpu(image, machine, smp):
    m = boot(image, machine, smp)
    assert ("hw.ncpu: %d" % smp) in run(m, "sysctl hw.ncpu")
    out = run(m, "threadtest %d 1500" % (2 * smp))
    counts = [int(c) for c in re.findall(r"^cpu\d+: (\d+)$", out, re.M)]
    assert len(counts) == smp, out
    assert all(c > 0 for c in counts), out
    assert "threadtest: %d threads ran on %d of %d CPUs" % (2 * smp, smp, smp) in out
    # Busy threads never yield: a thread is switched in more than once only
    # when the tick preempts it (100 ms slices over 1.5 s).  On one CPU both
    # must alternate; on more, one may happen to have a CPU to itself.
    fewest, total = map(int, re.search(r"switch-ins: fewest (\d+), total (\d+)", out).groups())
    assert total >= 2 * (2 * smp), out
    if smp == 1:
        assert fewest >= 3, out
    ps = run(m, "ps")
    assert re.search(r"sleep\s+\S+\s+\d+\s+\d+\s+softclock", ps), ps
    assert len(re.findall(r"idle: cpu\d+", ps)) == smp
    m.line("shutdown -p now")
    assert m.wait_exit() == 0


def test_lock_stress_all_cpus(image, machine):
    m = boot(image, machine, 4)
    # Repeated: the race this once had (two CPUs each waiting for the
    # other's outgoing thread) showed up only now and then.
    for _ in range(3):
        out = run(m, "lockstress 8 3", timeout=90)
        assert "lockstress: ok" in out, out
    mutex_ops = int(re.search(r"mutex ops (\d+)", out).group(1))
    items = int(re.search(r"items (\d+)", out).group(1))
    print("lockstress: mutex ops %d, items %d" % (mutex_ops, items))
    assert mutex_ops > 0 and items > 0, out     # how many in 3 s is a figure, not a verdict
    w = run(m, "sysctl debug.witness")
    assert "debug.witness.reversals: 0" in w and "debug.witness.sleep_with_spin: 0" in w, w
    m.line("shutdown -p now")
    assert m.wait_exit() == 0


def test_witness_sleep_with_spin_reported(image, machine):
    m = boot(image, machine, 1)
    out = run(m, "witness_sleep_test")
    assert 'sleeping (test) with spin lock "witness sleep test" held' in out
    assert "witness_sleep_test: reported" in out


def test_kernel_stack_overflow_hits_the_guard_page(image, machine):
    """A thread that runs off its stack is stopped by the guard page below it
    and reported, instead of silently overwriting the memory below."""
    m = boot(image, machine, 2)
    m.line("kstacktest")
    m.expect(r"kstacktest: recursing until the guard page stops it")
    m.expect(r"Fatal trap 8: double fault while in kernel mode")
    m.expect(r'kernel stack overflow: 0x[0-9a-f]{16} is the guard page below thread "kstacktest"')
    m.expect(r"cpu halted")
