"""AF_INET sockets under hostile use (tests/user/inet_fuzz.c as init, as
root): random binds, connects, sends (raw packets with made-up IP headers,
random ICMP, random lengths, flags and control messages), options and
closes on UDP and raw sockets.  The kernel answers every call and stays
up, a plain UDP exchange over 127.0.0.1 still works afterwards, no socket
memory is left once the program has exited, and witness reports no lock
order reversal (the stack's net lock is taken before a socket's mutex,
never after)."""
import re

from kshell import run
from userland import boot_program, wait_init_exit


def test_inet_sockets_survive_a_fuzzer(tmp_path):
    m = boot_program(tmp_path, "inet_fuzz", smp=2, machine_name="inet_fuzz")
    try:
        m.expect("inet_fuzz: end", timeout=900)
        how = wait_init_exit(m, timeout=60)
        m.expect(r"\n# ", timeout=60)
        vmstat = run(m, "vmstat -m")
        sysctl = run(m, "sysctl debug.witness.reversals")
        out = m.output
    finally:
        m.close()
    assert "inet_fuzz: end, the stack still works" in out, out[-2000:]
    assert how == ("exit", 0)
    assert "panic" not in out
    assert "lock order reversal" not in out and "duplicate lock" not in out
    assert "debug.witness.reversals: 0" in sysctl
    row = re.search(r"^\s*socket\s+(\d+)\s", vmstat, re.M)
    assert row and int(row.group(1)) == 0, vmstat
