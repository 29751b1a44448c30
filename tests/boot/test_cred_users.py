"""Users and credentials under busybox (Debian's busybox-static, unmodified):
/etc/passwd, /etc/group and /etc/shadow know alice (1000) and bob (1001),
/bin/su is a separate set-user-ID root copy of busybox (every other applet
runs from the plain one), and the kernel's credentials do the rest: id and
whoami report what getuid/getgroups answer, su checks bob's password from
alice's unprivileged shell and switches ids, a wrong password says
`su: incorrect password` with status 1, login takes alice's password, a
root-only file refuses alice, kill refuses another user's process,
/proc/<pid>/status and ps show the ids, `unshare -U -r` makes alice
root in a user namespace of her own, and `nsenter -U` takes root into it.
One boot, two CPUs."""
import re

import pytest

from busybox import PROMPT, boot_userland, sh


@pytest.fixture(scope="module")
def shell(tmp_path_factory):
    m = boot_userland(tmp_path_factory.mktemp("credusers"), "cred_users", smp=2)
    yield m
    m.close()


def su_with_password(m, cmd, password):
    """Type cmd (which asks for a password), answer it; the output after the answer."""
    m.line(cmd, delay=0)
    m.expect("Password: ", timeout=60)
    m.line(password, delay=0)
    m.expect(PROMPT, timeout=60)
    return re.sub(r"\x1b\[[0-9;?]*[a-zA-Z]", "", m.p.before).replace("\r", "")


def test_root_and_the_files(shell):
    assert sh(shell, "id -u; id -g; whoami") == "0\n0\nroot\n"
    assert sh(shell, "ls -l /bin/su | cut -c1-10; ls -l /bin/busybox | cut -c1-10") == \
        "-rwsr-xr-x\n-rwxr-xr-x\n"
    assert sh(shell, "stat -c '%a %U %G' /etc/shadow /home/alice") == \
        "600 root root\n700 alice alice\n"


def test_id_as_alice(shell):
    # root needs no password: su runs id as alice.
    assert sh(shell, "su -c id alice") == \
        "uid=1000(alice) gid=1000(alice) groups=10(wheel),100(users),1000(alice)\n"
    assert sh(shell, "su -c whoami bob") == "bob\n"
    out = sh(shell, "su -c 'grep -E \"^(Uid|Gid|Groups|CapEff):\" /proc/self/status' alice")
    assert out == "Uid:\t1000\t1000\t1000\t1000\nGid:\t1000\t1000\t1000\t1000\n" \
        "Groups:\t10 100 1000 \nCapEff:\t0000000000000000\n", out


def test_root_only_file(shell):
    sh(shell, "echo topsecret > /tmp/ro; chmod 600 /tmp/ro")
    assert sh(shell, "cat /tmp/ro") == "topsecret\n"
    out = sh(shell, "su -c 'cat /tmp/ro; echo status $?' alice")
    assert "Permission denied" in out and "status 1" in out, out
    out = sh(shell, "su -c 'echo x >> /etc/passwd; echo status $?' alice")
    assert "status 1" in out, out


def test_su_between_users(shell):
    # alice runs su (set-user-ID root) and must give bob's password.  By its
    # path: busybox's shell runs an applet named alone from its own (plain)
    # binary, which refuses with "must be suid to work properly".
    out = su_with_password(shell, "su -c '/bin/su -c id bob' alice", "bob")
    assert "uid=1001(bob) gid=1001(bob) groups=100(users),1001(bob)" in out, out
    out = su_with_password(shell, "su -c '/bin/su -c id bob; echo status $?' alice", "wrong")
    assert "su: incorrect password" in out and "status 1" in out, out
    assert "uid=1001" not in out, out


def test_kill_another_users_process(shell):
    out = sh(shell, "su -c 'sleep 30 & echo $!' bob")
    pid = out.strip().splitlines()[-1] if out.strip() else ""
    assert pid.isdigit(), out
    assert sh(shell, "grep ^Uid: /proc/%s/status" % pid) == "Uid:\t1001\t1001\t1001\t1001\n"
    out = sh(shell, "su -c 'kill %s; echo status $?' alice" % pid)
    assert "status 1" in out, out
    assert sh(shell, "kill %s; echo status $?" % pid) == "status 0\n"


def test_unshare_user_namespace(shell):
    # busybox's unshare -r: a user namespace where alice is root.
    out = sh(shell, "su -c 'unshare -U -r id' alice")
    assert out.startswith("uid=0(root) gid=0(root)"), out
    out = sh(shell, "su -c 'unshare -U -r cat /proc/self/uid_map' alice")
    assert out == "         0       1000          1\n", out
    # root's file stays closed to her, root inside or not; her own opens.
    out = sh(shell, "su -c 'unshare -U -r cat /tmp/ro' alice")
    assert "Permission denied" in out, out
    out = sh(shell, "su -c 'unshare -U -r stat -c %u:%g /tmp/ro /home/alice' alice")
    assert out == "65534:65534\n0:0\n", out


def test_nsenter_user_namespace(shell):
    # busybox's nsenter: root joins alice's namespace through /proc/<pid>/ns/user
    # (setns), becomes its root (her uid outside) and sees its map.
    out = sh(shell, "su -c 'unshare -U -r sleep 30 & echo $!' alice")
    pid = out.strip().splitlines()[-1] if out.strip() else ""
    assert pid.isdigit(), out
    out = sh(shell, "nsenter -U -t %s id" % pid)
    assert out.startswith("uid=0(root) gid=0(root)"), out
    out = sh(shell, "nsenter -U -t %s cat /proc/self/uid_map" % pid)
    assert out == "         0       1000          1\n", out
    out = sh(shell, "nsenter -U -t %s readlink /proc/self/ns/user; readlink /proc/%s/ns/user; "
                    "readlink /proc/self/ns/user" % (pid, pid))
    inside, target, root = out.splitlines()[-3:]
    assert inside == target and inside != root and root == "user:[4026531837]", out
    assert sh(shell, "kill %s; echo status $?" % pid) == "status 0\n"


def test_ps_shows_owners(shell):
    out = sh(shell, "su -c 'sleep 20 & sleep 1; ps -o user,comm' bob")
    assert re.search(r"^bob +sleep$", out, re.M), out
    assert re.search(r"^root +init$", out, re.M), out


def test_login(shell):
    # busybox login, run by root: alice's password, her shell, back to root's.
    shell.line("login alice", delay=0)
    shell.expect("Password: ", timeout=60)
    shell.line("alice", delay=0)
    shell.expect(r"sanpo:~\$ ", timeout=60)
    shell.line("id; exit", delay=0)
    shell.expect(PROMPT, timeout=60)
    out = shell.p.before.replace("\r", "")
    assert "uid=1000(alice) gid=1000(alice) groups=10(wheel),100(users),1000(alice)" in out, out
    assert sh(shell, "id -u") == "0\n"
