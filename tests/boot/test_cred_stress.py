"""Credentials changing under fire (tests/user/cred_stress.c as init, 4 CPUs):
a process changes its effective uid and groups 100 000 times while its
second thread asks getuid and three processes of another user read its
/proc/<pid>/status, signal it and ask its capabilities.  Every answer is one
the changer could have had, nothing crashes, and afterwards no credential
or user namespace is left allocated and witness reported nothing."""
import re

from kshell import run
from userland import boot_program, wait_init_exit


def test_cred_changes_under_fire(tmp_path):
    m = boot_program(tmp_path, "cred_stress", smp=4, machine_name="cred_stress")
    try:
        m.expect("cred_stress: end", timeout=900)
        how = wait_init_exit(m, timeout=60)
        m.expect(r"\n# ", timeout=60)
        vmstat = run(m, "vmstat -m")
        sysctl = run(m, "sysctl debug.witness.reversals")
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
    assert "debug.witness.reversals: 0" in sysctl
    # proc0's credential (root's, for kernel-started processes) is all that stays.
    row = re.search(r"^\s*cred\s+(\d+)\s", vmstat, re.M)
    assert row and int(row.group(1)) <= 1, vmstat
