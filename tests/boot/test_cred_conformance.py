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

import pytest

from userland import compare_with_linux


@pytest.mark.skipif(os.geteuid() != 0, reason="Linux's answers as root are the reference")
def test_cred_conformance_matches_linux(tmp_path):
    compare_with_linux(tmp_path, "cred_conformance", 250)
