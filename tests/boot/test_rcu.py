"""RCU (kern/subr_rcu.c) from the kernel shell, 4 CPUs (selftest.ko): a
reader thread on every CPU reads a shared object under rcu_read_lock while
the shell replaces it and frees each old one through call_rcu, poisoning it
first -- no reader sees the poison, and grace periods complete.  The same
with the poison applied at once (no grace period) is seen by the readers,
so the check is not vacuous.  A might-sleep inside a read section is
reported, as Linux's lockdep does, and a real switch there panics."""
import re


def boot(image, machine, smp):
    image.conf('autoboot_delay="0"\n')
    m = machine(image, smp=smp)
    m.expect(r"# $", timeout=180)
    return m


def run(m, cmd, timeout=300):
    m.line(cmd)
    m.expect(r"# $", timeout=timeout)
    return m.p.before.replace("\r", "")


def test_rcu_readers_never_see_a_freed_object(image, machine):
    m = boot(image, machine, 4)
    before = int(re.search(r"kern.rcu.gp_completed: (\d+)",
                           run(m, "sysctl kern.rcu.gp_completed")).group(1))
    out = run(m, "rcu_test 20000")
    t = re.search(r"rcu_test: (\d+) replacements, (\d+) reads on (\d+) CPUs, (\d+) saw poison", out)
    assert t, out
    assert int(t.group(1)) >= 20000 and int(t.group(2)) > 0 and int(t.group(3)) == 4, out
    assert int(t.group(4)) == 0, out
    s = run(m, "sysctl kern.rcu.gp_completed kern.rcu.callbacks_queued kern.rcu.callbacks_run "
               "debug.witness.reversals debug.witness.sleep_in_rcu")
    assert int(re.search(r"kern.rcu.gp_completed: (\d+)", s).group(1)) > before, s
    q = int(re.search(r"kern.rcu.callbacks_queued: (\d+)", s).group(1))
    assert q >= 20000 and ("kern.rcu.callbacks_run: %d" % q) in s, s
    assert "debug.witness.reversals: 0" in s and "debug.witness.sleep_in_rcu: 0" in s, s


def test_rcu_poison_check_sees_a_missing_grace_period(image, machine):
    m = boot(image, machine, 4)
    out = run(m, "rcu_test_broken 2000000")
    t = re.search(r"rcu_test_broken: (\d+) replacements, (\d+) reads on 4 CPUs, (\d+) saw poison", out)
    assert t and int(t.group(3)) > 0, out


def test_sleep_inside_rcu_read_section_reported(image, machine):
    m = boot(image, machine, 1)
    out = run(m, "rcu_sleep_test")
    assert "sleeping (test) inside an RCU read section" in out, out
    assert "rcu_sleep_test: reported" in out, out
    assert "debug.witness.sleep_in_rcu: 1" in run(m, "sysctl debug.witness.sleep_in_rcu")


def test_switch_inside_rcu_read_section_panics(image, machine):
    m = boot(image, machine, 2)
    m.line("rcu_switch_test")
    m.expect(r"rcu_switch_test: sleeping inside an RCU read section", timeout=60)
    m.expect(r"sleeping inside an RCU read section @", timeout=60)
    m.expect(r"panic: rcu: thread \d+ \(shell\) switches out inside an RCU read section", timeout=60)
