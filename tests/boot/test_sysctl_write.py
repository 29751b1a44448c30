"""Writable sysctls and the host name: /proc/sys/<a>/<b> files of the
sysctls that take writes (kern.hostname, kern.overflowuid, kern.overflowgid)
are 0644, a write(2) sets the sysctl through the sysctl layer's own checks
(root only: EACCES for others at open, EPERM without CAP_SYS_ADMIN over the
initial namespace, EINVAL for a value the sysctl refuses), and busybox's
`sysctl -w name=value` uses them (named `busybox sysctl`: /sbin/sysctl is
FreeBSD's, tests/boot/test_sysctl_user.py).  /etc/rc sets the host name from rc.conf's
hostname= (loader.conf, as all of Sanpo's rc.conf settings), which
`hostname` and `uname -n` show.  One boot."""
import pytest

from busybox import boot_userland, sh


@pytest.fixture(scope="module")
def shell(tmp_path_factory):
    m = boot_userland(tmp_path_factory.mktemp("sysctl_write"), "sysctl_write", smp=1,
                      conf='hostname="kumo"\n')
    yield m
    m.close()


def test_rc_sets_the_host_name_from_rc_conf(shell):
    assert "rc: setting hostname: kumo\n" in shell.output.replace("\r", "")
    assert sh(shell, "hostname; uname -n; cat /proc/sys/kern/hostname") == "kumo\nkumo\nkumo\n"


def test_writable_sysctls_are_0644(shell):
    assert sh(shell, "cd /proc/sys/kern; stat -c '%A %n' hostname overflowuid ostype") == \
        "-rw-r--r-- hostname\n-rw-r--r-- overflowuid\n-r--r--r-- ostype\n"


def test_write_sets_the_sysctl(shell):
    assert sh(shell, "echo sora > /proc/sys/kern/hostname; hostname; uname -n") == \
        "sora\nsora\n"
    assert sh(shell, "busybox sysctl -w kern.hostname=kumo") == "kern.hostname = kumo\n"
    assert sh(shell, "hostname") == "kumo\n"
    # What an unmapped uid reads as, in a user namespace with no map.
    assert sh(shell, "busybox sysctl -w kern.overflowuid=1234") == "kern.overflowuid = 1234\n"
    assert sh(shell, "unshare -U id -u") == "1234\n"
    assert sh(shell, "echo 65534 > /proc/sys/kern/overflowuid; unshare -U id -u") == "65534\n"


def test_bad_values_are_refused_and_change_nothing(shell):
    for bad in ("70000", "-1", "12x", "", "99999999999999999999"):
        out = sh(shell, "echo '%s' > /proc/sys/kern/overflowgid; echo $?" % bad)
        assert out.endswith("Invalid argument\n1\n"), (bad, out)
    assert sh(shell, "cat /proc/sys/kern/overflowgid") == "65534\n"
    assert sh(shell, "echo %s > /proc/sys/kern/hostname; echo $?; hostname" % ("x" * 65)) \
        .endswith("Invalid argument\n1\nkumo\n")
    out = sh(shell, "busybox sysctl -w kern.overflowuid=70000; echo $?")
    assert "Invalid argument" in out and out.endswith("1\n"), out


def test_only_root_with_cap_sys_admin_writes(shell):
    # Others cannot open the file for writing (its mode), as on Linux.
    out = sh(shell, "su -c 'echo x > /proc/sys/kern/hostname; echo $?' alice")
    assert out.endswith("Permission denied\n1\n"), out
    # Root of a user namespace may open it, but has no CAP_SYS_ADMIN over the system's.
    out = sh(shell, "unshare -U -r sh -c 'echo x > /proc/sys/kern/hostname; echo $?'")
    assert out.endswith("Operation not permitted\n1\n"), out
    # A read-only sysctl refuses root's write too.
    out = sh(shell, "echo x > /proc/sys/kern/ostype; echo $?; cat /proc/sys/kern/ostype")
    assert out.endswith("Permission denied\n1\nSanpo\n"), out
    assert sh(shell, "hostname") == "kumo\n"
