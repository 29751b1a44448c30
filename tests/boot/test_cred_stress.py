"""Credentials changing under fire (tests/user/cred_stress.c as init, 4 CPUs):
a process changes its effective uid, gid and groups 100 000 times while its
second thread asks getuid and three processes read its /proc/<pid>/status,
signal it and ask its capabilities.  Those readers take no lock: the
changer's credential is read under RCU (kern/subr_rcu.c) and each old one
is freed through call_rcu, poisoned first (debug.rcu.poison), so a reader
that saw freed memory would count a poison hit.  Every answer is one the
changer could have had, nothing crashes, no reader met poison, grace
periods completed and every credential queued for freeing was freed by its
callback, none is left allocated, and witness reported nothing."""
import re

from kshell import run
from userland import boot_program, wait_init_exit


def sysctl_u(text, name):
    m = re.search(r"^%s: (\d+)\s*$" % re.escape(name), text, re.M)
    assert m, (name, text)
    return int(m.group(1))


def test_cred_changes_under_fire(tmp_path):
    m = boot_program(tmp_path, "cred_stress", conf='debug.rcu.poison="1"\n', smp=4,
                     machine_name="cred_stress")
    try:
        m.expect("cred_stress: end", timeout=900)
        how = wait_init_exit(m, timeout=60)
        m.expect(r"\n# ", timeout=60)
        # Every callback queued so far, and the poisoned credentials' second stage, run.
        run(m, "sysctl debug.rcu.barrier=1", timeout=120)
        vmstat = run(m, "vmstat -m")
        sysctl = run(m, "sysctl debug.witness.reversals debug.witness.sleep_in_rcu "
                        "debug.rcu.poison debug.rcu.poison_hits kern.rcu.gp_completed "
                        "kern.rcu.callbacks_queued kern.rcu.callbacks_run "
                        "kern.cred.rcu_queued kern.cred.rcu_freed")
        out = m.output
    finally:
        m.close()
    st = re.search(r"cred_stress: 100000 changes; status read (\d+) times \((\d+) unexpected\), "
                   r"(\d+) signals, (\d+) capgets; the changer's thread asked (\d+) times "
                   r"\((\d+) unexpected\)", out)
    assert st, out[-2000:]
    assert int(st.group(1)) > 0 and int(st.group(2)) == 0, st.group(0)
    assert int(st.group(5)) > 0 and int(st.group(6)) == 0, st.group(0)
    assert how == ("exit", 0)
    assert "lock order reversal" not in out and "duplicate lock" not in out
    assert "inside an RCU read section" not in out and "read after it was freed" not in out
    assert sysctl_u(sysctl, "debug.witness.reversals") == 0
    assert sysctl_u(sysctl, "debug.witness.sleep_in_rcu") == 0
    assert sysctl_u(sysctl, "debug.rcu.poison") == 1
    assert sysctl_u(sysctl, "debug.rcu.poison_hits") == 0
    assert sysctl_u(sysctl, "kern.rcu.gp_completed") > 0
    assert sysctl_u(sysctl, "kern.rcu.callbacks_run") == sysctl_u(sysctl, "kern.rcu.callbacks_queued")
    # At least one credential per change went through call_rcu, and all came back.
    queued = sysctl_u(sysctl, "kern.cred.rcu_queued")
    assert queued >= 100000, sysctl
    assert sysctl_u(sysctl, "kern.cred.rcu_freed") == queued, sysctl
    # proc0's credential (root's, for kernel-started processes) is all that stays.
    row = re.search(r"^\s*cred\s+(\d+)\s", vmstat, re.M)
    assert row and int(row.group(1)) <= 1, vmstat
