"""Credentials, Sanpo against Linux (tests/conformance/cred_conformance.c):
the same static musl binary runs on this host as root and in Sanpo as init,
and the two outputs must be identical line for line -- setuid, setgid,
setreuid, setregid, setresuid, setresgid, setfsuid, setfsgid, setgroups and
getgroups on their allowed and refused paths (as root and as uid 1000),
the capability sets as they follow the uids, capget/capset, prctl's
capability options and no_new_privs, the dumpable flag, /proc/self/status,
file permissions (owner/group/other, root's overrides, access() with the
real ids, the fs ids, sticky directories, chown/chmod and the set-id
bits), set-user-ID and set-group-ID exec with AT_SECURE, and kill's
permission rule."""
import os
import subprocess

import pytest

from userland import boot_program, program, wait_init_exit

BEGIN = "=== cred conformance begin ==="
END = "=== cred conformance end ==="


def lines_between(text):
    text = text.replace("\r", "")
    i, j = text.find(BEGIN), text.find(END)
    assert i >= 0 and j > i, "no complete conformance output:\n" + text[-3000:]
    return text[i:j + len(END)].split("\n")


@pytest.mark.skipif(os.geteuid() != 0, reason="Linux's answers as root are the reference")
def test_cred_conformance_matches_linux(tmp_path):
    prog = str(program("cred_conformance"))
    r = subprocess.run([prog], capture_output=True, text=True, timeout=120, cwd="/tmp")
    assert r.returncode == 0, "host run failed (%d): %s" % (r.returncode, r.stderr)
    host = lines_between(r.stdout)
    m = boot_program(tmp_path, "cred_conformance", smp=2)
    try:
        m.expect(END, timeout=300)
        sanpo = lines_between(m.output)
        how = wait_init_exit(m, timeout=60)
    finally:
        m.close()
    assert len(host) > 250
    diff = [(h, s) for h, s in zip(host, sanpo) if h != s]
    assert not diff and len(host) == len(sanpo), \
        "\n".join("linux: %s\nsanpo: %s" % d for d in diff[:30]) + \
        "\n(%d linux lines, %d sanpo lines)" % (len(host), len(sanpo))
    assert how == ("exit", 0)
