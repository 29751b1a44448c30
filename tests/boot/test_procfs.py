"""devfs at /dev and procfs at /proc under busybox (Debian's busybox-static,
unmodified): the kernel mounts devfs on /dev, /etc/rc mounts /proc from
/etc/fstab, and busybox's ps, top, mount, free, uptime and dmesg -- which read
/proc/<pid>/stat and cmdline, /proc/stat, /proc/mounts, /proc/meminfo,
sysinfo(2) and syslog(2) -- print what is true of the running system.
One boot, two CPUs."""
import re

import pytest

from busybox import boot_userland, sh


@pytest.fixture(scope="module")
def shell(tmp_path_factory):
    m = boot_userland(tmp_path_factory.mktemp("procfs"), "procfs", smp=2)
    yield m
    m.close()


def test_dev_lists_the_devices(shell):
    out = sh(shell, "ls -l /dev")
    for mode, num, name in (("crw-------", "5, +1", "console"), ("crw-rw-rw-", "5, +0", "tty"),
                            ("crw-rw-rw-", "1, +3", "null"), ("crw-rw-rw-", "1, +5", "zero"),
                            ("crw-rw-rw-", "1, +7", "full"), ("crw-rw-rw-", "1, +8", "random"),
                            ("crw-rw-rw-", "1, +9", "urandom"), ("crw-r--r--", "1, +11", "kmsg")):
        assert re.search(r"%s +1 root +root +%s .* %s\n" % (mode, num, name), out), (name, out)
    assert sh(shell, "echo gone > /dev/null; head -c 5 /dev/zero | od -An -tx1") == \
        " 00 00 00 00 00\n"
    assert sh(shell, "head -c 32 /dev/urandom | wc -c") == "32\n"
    assert "No space left on device" in sh(shell, "echo x > /dev/full")


def test_mount_reads_proc_mounts(shell):
    out = sh(shell, "mount")
    for line in ("tmpfs on / type tmpfs (rw)", "devfs on /dev type devfs (rw)",
                 "proc on /proc type proc (rw)"):
        assert line + "\n" in out, out
    assert sh(shell, "grep ' /proc ' /proc/mounts") == "proc /proc proc rw 0 0\n"


def test_ps_shows_processes_and_arguments(shell):
    sh(shell, "sleep 300 &")
    out = sh(shell, "ps")
    assert out.startswith("PID   USER     COMMAND\n"), out
    assert re.search(r"^ +1 root +/sbin/init$", out, re.M), out
    assert re.search(r"^ +\d+ root +sleep 300$", out, re.M), out
    pid = sh(shell, "pidof sleep").strip()
    assert pid.isdigit(), pid
    stat = sh(shell, "cat /proc/%s/stat" % pid)
    m = re.match(r"(\d+) \(sleep\) S (\d+) ", stat)
    assert m and m.group(1) == pid, stat
    assert sh(shell, "tr '\\0' ' ' < /proc/%s/cmdline; echo" % pid) == "sleep 300 \n"
    assert "State:\tS (sleeping)\n" in sh(shell, "cat /proc/%s/status" % pid)
    sh(shell, "kill %s; wait" % pid)
    assert "No such file" in sh(shell, "cat /proc/%s/stat" % pid)


def test_proc_self_and_exe(shell):
    # /proc/self is the reader: cat's own pid, so its stat names cat.
    assert re.match(r"\d+ \(cat\) R ", sh(shell, "cat /proc/self/stat"))
    assert sh(shell, "ls -1 /proc/self/").split() == \
        ["cmdline", "comm", "cwd", "environ", "exe", "fd", "gid_map", "maps", "mounts",
         "ns", "root", "setgroups", "stat", "status", "uid_map"]
    assert re.search(r"^[0-9a-f]{8,}-[0-9a-f]{8,} rw-p 00000000 00:00 0 +\[stack\]$",
                     sh(shell, "cat /proc/self/maps"), re.M)
    env = sh(shell, "tr '\\0' '\\n' < /proc/self/environ").split("\n")
    # the environment login gave the shell (its PATH for root, HOME, USER)
    assert "HOME=/root" in env and "USER=root" in env, env
    assert any(e.startswith("PATH=/sbin:") for e in env), env


def test_free_reads_meminfo(shell):
    out = sh(shell, "free")
    m = re.search(r"Mem: +(\d+) +(\d+) +(\d+) ", out)
    assert m, out
    total, used, free = map(int, m.groups())
    total_kb = int(re.search(r"MemTotal: +(\d+) kB", sh(shell, "cat /proc/meminfo")).group(1))
    assert total == total_kb and used + free == total and 0 < used < total, out
    assert re.search(r"Swap: +0 +0 +0", out), out


def test_uptime_and_proc_uptime(shell):
    out = sh(shell, "uptime")
    assert re.search(r"up +\d+ min, +0 users, +load average: \d+\.\d\d, \d+\.\d\d, "
                     r"\d+\.\d\d$", out, re.M), out
    up = float(sh(shell, "cat /proc/uptime").split()[0])
    assert 0 < up < 3600


LOADAVG = re.compile(r"^(\d+\.\d\d) (\d+\.\d\d) (\d+\.\d\d) (\d+)/(\d+) (\d+)\n$")


def test_loadavg_fields(shell):
    """/proc/loadavg: three averages, running/total threads, the last pid
    given.  The reader (cat) itself runs; cat is the newest process."""
    out = sh(shell, "sh -c 'cat /proc/loadavg; echo $$'")
    line, shpid = out.split("\n", 1)
    m = LOADAVG.match(line + "\n")
    assert m, out
    running, total, last = int(m.group(4)), int(m.group(5)), int(m.group(6))
    assert 1 <= running <= total, out
    assert last > int(shpid), out
    # kernel threads count too, as on Linux: more threads than user processes
    nprocs = int(sh(shell, "ls -d /proc/[0-9]* | wc -l"))
    assert total > nprocs, (total, nprocs)


def test_busy_loop_raises_the_load(shell):
    """A thread that never sleeps is counted at every 5-second sample, so
    the 1-minute average climbs toward 1 (and, once past 0.25, stays past
    it while the loop runs): poll for it with a generous bound.  uptime
    (sysinfo(2)) shows the same averages."""
    sh(shell, "sh -c 'while :; do :; done' & spin=$!")
    out = sh(shell, "i=0; while [ $i -lt 150 ]; do read a b < /proc/loadavg; "
                    "case $a in 0.0*|0.1*|0.2[0-4]) ;; *) break;; esac; sleep 1; "
                    "i=$((i+1)); done; echo $a", timeout=200)
    # (A command line this long wraps on the console: its echo takes two lines.)
    assert float(out.strip().split("\n")[-1]) >= 0.25, out
    out = sh(shell, "uptime")
    m = re.search(r"load average: (\d+\.\d\d), (\d+\.\d\d), (\d+\.\d\d)$", out, re.M)
    assert m and float(m.group(1)) >= 0.25, out
    m = LOADAVG.match(sh(shell, "cat /proc/loadavg"))
    assert m and float(m.group(1)) >= 0.25 and int(m.group(4)) >= 2, m
    sh(shell, "kill $spin; wait")


def test_cpuinfo_has_every_cpu(shell):
    assert sh(shell, "grep -c processor /proc/cpuinfo") == "2\n"
    assert sh(shell, "grep -c '^flags.* sse2' /proc/cpuinfo") == "2\n"


def test_dmesg_reads_the_kernel_log(shell):
    out = sh(shell, "dmesg")
    assert out.startswith("Sanpo kernel "), out[:200]
    assert re.search(r"rootfs: /boot/rootfs.cpio: \d+ files", out), out[-2000:]
    assert sh(shell, "head -n 1 /dev/kmsg").startswith("Sanpo kernel ")
    sh(shell, "echo hello from user space > /dev/kmsg")
    assert sh(shell, "dmesg | tail -n 1") == "hello from user space\n"


def test_proc_unmounts_and_mounts_again(shell):
    assert sh(shell, "umount /proc && ls /proc | wc -l") == "0\n"
    assert sh(shell, "mount -t proc proc /proc && cat /proc/1/comm") == "init\n"
    assert "Device or resource busy" in sh(shell, "cd /proc/1 && umount /proc; cd /")


def test_top_reads_proc_stat(shell):
    stat = sh(shell, "cat /proc/stat")
    cpus = re.findall(r"^cpu(\d*) +(\d+) 0 (\d+) (\d+) 0 ", stat, re.M)
    assert [c[0] for c in cpus] == ["", "0", "1"], stat
    total = [sum(int(c[i]) for c in cpus[1:]) for i in (1, 2, 3)]
    assert total == [int(x) for x in cpus[0][1:]] and total[2] > 0, stat
    out = sh(shell, "top -b -n 1")
    assert re.search(r"^CPU: +\d+% usr +\d+% sys .* \d+% idle", out, re.M), out
    assert re.search(r"^ +1 +0 root +S +\d+ .* /sbin/init$", out, re.M), out


def test_proc_sys_is_the_sysctl_tree(shell):
    """/proc/sys shows the sysctl tree, dots as slashes: busybox's sysctl
    reads it (`busybox sysctl`: /sbin/sysctl is
    FreeBSD's, over sysctl(2)).  Directories nest as deep as the names, and ".." climbs back."""
    assert sh(shell, "cat /proc/sys/kern/ostype") == "Sanpo\n"
    assert sh(shell, "cat /proc/sys/hw/ncpu /proc/sys/kern/smp/cpus") == "2\n2\n"
    assert sh(shell, "busybox sysctl kern.ostype") == "kern.ostype = Sanpo\n"
    names = sh(shell, "ls /proc/sys").split()
    for d in ("compat", "debug", "hw", "kern", "vfs", "vm"):
        assert d in names, names
    assert sh(shell, "ls /proc/sys/compat/linux") == "osrelease\n"
    out = sh(shell, "busybox sysctl -a")
    for line in ("kern.ostype = Sanpo", "kern.smp.cpus = 2", "hw.ncpu = 2"):
        assert line + "\n" in out, out
    assert re.search(r"^vm\.stats\.page\.user = \d+$", out, re.M), out
    assert sh(shell, "cat /proc/sys/kern/smp/../../hw/ncpu") == "2\n"
    assert sh(shell, "cd /proc/sys/kern/smp && pwd -P") == "/proc/sys/kern/smp\n"
    assert sh(shell, "cd /proc/sys/kern; stat -c '%A %F' smp ostype") == \
        "dr-xr-xr-x directory\n-r--r--r-- regular empty file\n"
    for bad in ("kern/nonexistent", "kern.ostype", "kern/ostype/x"):
        assert sh(shell, "cat /proc/sys/%s 2>/dev/null; echo $?" % bad) == "1\n", bad
    assert sh(shell, "echo x > /proc/sys/kern/ostype; cat /proc/sys/kern/ostype") \
        .endswith("Sanpo\n")


def test_proc_fd_and_dev_fd(shell):
    """/proc/<pid>/fd/ links name the open files (the shell's are the console
    init opened), cwd names the working directory, and /dev/fd, /dev/stdin...
    lead there: opening one opens the file."""
    out = sh(shell, "ls -l /proc/$$/fd")
    for fd in (0, 1, 2):
        assert re.search(r"^lrwx------ +1 root +root .* %d -> /dev/console$" % fd, out, re.M), out
    assert sh(shell, "cd /tmp && readlink /proc/self/cwd") == "/tmp\n"
    assert sh(shell, "echo to-stderr > /dev/stderr") == "to-stderr\n"
    assert sh(shell, "cat /dev/stdin < /etc/hostname") == "sanpo\n"
    assert sh(shell, "exec 7>/tmp/fd7; echo seven >&7; readlink /proc/$$/fd/7") == \
        "/tmp/fd7\n"
    assert sh(shell, "cat /dev/fd/7; exec 7>&-; cat /tmp/fd7") == "seven\nseven\n"
