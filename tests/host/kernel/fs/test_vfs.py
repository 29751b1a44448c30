"""The VFS on the host: name lookup, tmpfs and the path operations, compiled
from the kernel's sources with ASan/UBSan (tests/lib/kernhost.py) and
driven by scripts (tests/host/kernel/fs/vfs_script.c says the language).

The differential tests run each script twice -- through Sanpo's VFS, and
through Linux's own system calls in an empty chroot
(tests/host/kernel/fs/posix_script.py) -- and want the same answers line for
line, errors included: Linux is the specification.  The other tests check
what a differential cannot: tmpfs's own numbers (directory link counts,
readdir cookies, page budgets), several users, mounts, and memory coming
back when files go.
"""
import os
import pathlib
import subprocess

import pytest

import kernhost

HERE = pathlib.Path(__file__).parent


@pytest.fixture(scope="module")
def prog(host):
    return kernhost.build(host.build, "vfs_script", "tests/host/kernel/fs/vfs_script.c")


@pytest.fixture(scope="module")
def vfs(host, prog):
    def run(script, check=True):
        r = host.run(prog, input="mount\n" + script)
        if check:
            assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-6000:]
        lines = r.stdout.splitlines()
        assert lines and lines[0] == "ok", r.stdout
        return lines[1:]
    return run


def linux(script, tmp_path):
    """The script's answers from Linux, chrooted in an empty directory."""
    root = tmp_path / "root"
    root.mkdir()
    prefix = [] if os.geteuid() == 0 else ["unshare", "-U", "-r"]
    r = subprocess.run([*prefix, "/usr/bin/python3", str(HERE / "posix_script.py"),
                        str(root)], input=script, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    return r.stdout.splitlines()


def script_lines(script):
    return [ln for ln in script.splitlines() if ln.strip() and not ln.startswith("#")]


def same_as_linux(vfs, tmp_path, script):
    ours, theirs = vfs(script), linux(script, tmp_path)
    cmds = script_lines(script)
    assert len(ours) == len(theirs) == len(cmds), (ours, theirs)
    diffs = ["%-40s sanpo: %-30s linux: %s" % (c[:40], o, t)
             for c, o, t in zip(cmds, ours, theirs) if o != t]
    assert not diffs, "\n" + "\n".join(diffs)
    return ours


NAMES = """
mkdir /a 755
mkdir /a 755
mkdir /a/b/c 755
open /a/f rwc 644
open /a/f rwcx 644
open /a/f/ r
open /a/f/x r
open /a/new/ rwc 644
open /a r
open /a w
open /a rc
open /a/f rd
open /a/ rd
mkdir /a/f 755
mkdir /a/d/ 700
stat /a/d/
stat /a/f/
stat /a/missing
stat /a/./d/../f
stat /../../a/f
stat //a//f
rmdir /a
rmdir /a/f
rmdir /a/d/.
rmdir /a/d/..
rmdir /a/missing
unlink /a/d
unlink /a/d/
unlink /a/missing
unlink /a/f/
unlink /a/f
stat /a/f
rmdir /a/d
ls /a
ls /
open /nodir/x rc 600
"""

SYMLINKS = """
mkdir /d 755
open /d/f rwc 600
write /d/f 0 data
symlink f /d/rel
symlink /d/f /d/abs
symlink ../d /d/up
symlink nowhere /d/dangling
symlink /d /dl
stat /d/rel
lstat /d/rel
read /d/abs 0 10
read /d/up/up/up/rel 0 10
stat /dl/f
stat /dl/
lstat /dl/
stat /d/dangling
lstat /d/dangling
open /d/dangling rwc 640
lstat /d/nowhere
stat /d/nowhere
unlink /d/nowhere
open /d/dangling rwcx 640
open /d/rel rn
open /d/rel rnp
open /dl rd
open /dl rdn
readlink /d/rel
readlink /d/f
readlink /d/missing
readlink /dl/
symlink x /d/rel
symlink x /d/new/
mkdir /dl/sub 755
stat /d/sub
unlink /dl
stat /d/sub
rmdir /d/rel
unlink /d/up/
"""

LINKS_AND_DATA = """
open /f rwc 644
write /f 0 hello
link /f /g
link /f /g
link /f /missing/x
link /missing /x
mkdir /dir 755
link /dir /dir2
stat /f
stat /g
unlink /f
stat /g
read /g 1 3
symlink g /s
link /s /t
lstat /t
link /s /u follow
stat /u
fill /g 5000 3000
read /g 4998 6
sum /g
truncate /g 10
read /g 0 20
truncate /g 9000
sum /g
read /g 8990 20
read /g 100000 4
write /g 20000 end
stat /g
truncate /g 0
stat /g
truncate /missing 3
truncate /dir 3
open /g rwt
stat /u
"""


def test_names_like_linux(vfs, tmp_path):
    same_as_linux(vfs, tmp_path, NAMES)


def test_symlinks_like_linux(vfs, tmp_path):
    same_as_linux(vfs, tmp_path, SYMLINKS)


def test_links_and_data_like_linux(vfs, tmp_path):
    same_as_linux(vfs, tmp_path, LINKS_AND_DATA)


def test_rename_like_linux(vfs, tmp_path):
    same_as_linux(vfs, tmp_path, """
mkdir /a 755
mkdir /a/sub 755
mkdir /b 755
open /a/f rwc 644
write /a/f 0 data
open /a/g rwc 600
rename /a/f /b/f
stat /a/f
read /b/f 0 10
rename /b/f /a/g
stat /a/g
rename /a/g /a/g
rename /a/missing /b/x
rename /a/g /missing/x
rename /a/g /b/sub/
rename /a /a/sub/inside
rename /a /a
mkdir /b/full 755
open /b/full/x rwc 644
rename /a/sub /b/full
rename /a/sub /a/g
rename /a/g /b/full
mkdir /b/empty 755
rename /a/sub /b/empty
ls /a
ls /b
stat /b/empty
rename /b/empty /a/back
ls /a/back/..
rename /a/g /b/new noreplace
open /b/other rwc 644
rename /b/new /b/other noreplace
rename /b/new /b/other
ls /b
link /b/other /b/same
rename /b/other /b/same
stat /b/same
rename /a/. /b/x
rename /b/x /a/..
symlink /a /b/ln
rename /b/ln /b/ln2
lstat /b/ln2
""")


def test_limits_like_linux(vfs, tmp_path):
    """ENAMETOOLONG at 256-byte components and 4096-byte paths; ELOOP after 40 links."""
    lines = ["mkdir /d 755", "open /d/%s rwc 644" % ("n" * 255),
             "open /d/%s rwc 644" % ("n" * 256), "stat /d/%s" % ("n" * 256),
             "mkdir /d/%s 755" % ("m" * 256)]
    # 4095 bytes of path: ENOENT (it fits); 4096: ENAMETOOLONG.
    for n in (4095, 4096, 5000):
        lines.append("stat " + "/d/" + "x/" * ((n - 3) // 2) + "y" * ((n - 3) % 2))
    lines.append("open /d/t rwc 600")
    for i in range(41):
        lines.append("symlink %s /d/l%d" % ("t" if i == 40 else "l%d" % (i + 1), i))
    lines += ["stat /d/l1", "stat /d/l0", "lstat /d/l0", "open /d/l0 r", "read /d/l1 0 1",
              "symlink self /d/self", "stat /d/self", "open /d/self/x rc 644"]
    out = same_as_linux(vfs, tmp_path, "\n".join(lines) + "\n")
    assert out[2] == "error ENAMETOOLONG" and out[6] == "error ENAMETOOLONG", out
    assert out[-8:-6] == ["ok f 0600 nlink=1 uid=0 gid=0 size=0", "error ELOOP"], out


def test_cwd_and_relative_paths_like_linux(vfs, tmp_path):
    same_as_linux(vfs, tmp_path, """
mkdir /a 755
mkdir /a/b 755
cwd
cd /a/b
cwd
cwd 5
cwd 6
open f rwc 600
stat ../b/f
stat ./f
cd ..
stat b/f
cd /a/b/f
cd /missing
symlink b /a/lb
cd /a/lb
cwd
stat f
stat ../b/f
cd /
rmdir a/b
mkdir /a/gone 755
mkdir /a/gone/deeper 755
cd /a/gone/deeper
rmdir /a/gone/deeper
rmdir /a/gone
cwd
stat .
stat ..
open x rwc 644
cd ..
stat .
cd ..
cwd
ls /a
""")


def test_access_like_linux(vfs, tmp_path):
    same_as_linux(vfs, tmp_path, """
open /x rwc 600
open /y rwc 755
mkdir /d 000
access /x f
access /x r
access /x rw
access /x x
access /y x
access /d x
access /d rwx
access /missing f
""")


def test_umask_like_linux(vfs, tmp_path):
    same_as_linux(vfs, tmp_path, """
umask 077
open /f rwc 666
mkdir /d 777
mknod /p p 666
stat /f
stat /d
stat /p
umask 0
open /g rwc 4777
mkdir /e 1777
stat /g
stat /e
""")


def test_directory_link_counts_and_sizes(vfs):
    """tmpfs counts a directory's links as Linux's tmpfs: 2 + subdirectories."""
    out = vfs("""mkdir /d 755
mkdir /d/a 755
mkdir /d/b 755
open /d/f rwc 644
tree
rmdir /d/a
tree
""")
    assert out[4] == "/d d 0755 0 0 nlink=4", out
    assert out[10] == "/d d 0755 0 0 nlink=3", out


def test_readdir_cookies_are_stable(vfs):
    """Entries removed or added while a directory is read neither repeat nor skip others."""
    script = "mkdir /d 755\n" + "".join("open /d/f%02d rwc 644\n" % i for i in range(10))
    script += "lsfrom /d 0 5\nunlink /d/f00\nunlink /d/f04\nlsfrom /d 6 100\n"
    script += "open /d/late rwc 644\nlsfrom /d 12 100\nlsorder /d\n"
    out = vfs(script)
    assert out[11] == "ok .:d ..:d f00:f f01:f f02:f next=5", out
    assert out[14] == "ok f04:f f05:f f06:f f07:f f08:f f09:f next=12".replace("f04:f ", ""), out
    assert out[16] == "ok late:f next=13", out
    assert out[17] == ("ok .:d ..:d f01:f f02:f f03:f f05:f f06:f f07:f f08:f f09:f late:f"), out


def test_permissions_as_users(vfs):
    """Owner/group/other bits, root's exceptions, sticky directories, chown rules."""
    out = vfs("""umask 0
mkdir /pub 1777
mkdir /priv 700
open /priv/f rwc 644
cred 1000 100
open /priv/f r
mkdir /priv/x 755
open /pub/mine rwc 600
open /pub/mine r
cred 1001 100
open /pub/mine r
unlink /pub/mine
open /pub/his rwc 640
cred 1000 100 100
open /pub/his r
cred 1000 50
open /pub/his r
cred 0 0
open /pub/his r
unlink /pub/mine
open /priv/x rwc 644
access /priv/x x
""")
    assert out == ["ok", "ok", "ok", "ok f",
                   "ok", "error EACCES", "error EACCES", "ok f", "ok f",   # uid 1000
                   "ok", "error EACCES", "error EPERM", "ok f",            # uid 1001
                   "ok", "ok f", "ok", "error EACCES",                    # groups
                   "ok", "ok f", "ok", "ok f", "error EACCES"], out       # root


def test_times_as_users(vfs):
    """Setting a file's times: "now" (utimensat with no times) for anyone who
    may write it, EACCES for others; a given time only for the owner (EPERM)
    or root -- Linux's rules."""
    out = vfs("""umask 0
mkdir /d 777
open /d/open rwc 666
open /d/closed rwc 644
cred 1000 100
utimes /d/open
utimes /d/open 5
utimes /d/closed
utimes /d/closed 5
open /d/mine rwc 600
utimes /d/mine 5
utimes /d/mine
cred 0 0
utimes /d/closed 5
utimes /d/missing
""")
    assert out == ["ok", "ok", "ok f", "ok f", "ok",
                   "ok", "error EPERM", "error EACCES", "error EPERM",       # uid 1000
                   "ok f", "ok", "ok",                                       # its own file
                   "ok", "ok", "error ENOENT"], out                           # root


def test_mounts_and_dotdot(vfs):
    """A second tmpfs on a directory: lookups cross into it, ".." crosses back,
    unmount waits until nothing in it is used, and the directory shows again."""
    out = vfs("""mkdir /m 755
open /m/hidden rwc 644
mnt /m
stat /m/hidden
open /m/inside rwc 644
stat /m/../m/inside
ls /m/..
rmdir /m
cd /m
umount
cd /
umount
stat /m/hidden
stat /m/inside
""")
    assert out == ["ok", "ok f", "ok", "error ENOENT", "ok f",
                   "ok f 0644 nlink=1 uid=0 gid=0 size=0", "ok .:d ..:d m:d", "error EBUSY",
                   "ok", "error EBUSY", "ok", "ok",
                   "ok f 0644 nlink=1 uid=0 gid=0 size=0", "error ENOENT"], out


def test_chroot_contains_dotdot(vfs):
    out = vfs("""mkdir /jail 755
mkdir /jail/etc 755
open /secret rwc 600
chroot /jail
cd /
stat /../../secret
stat ../secret
ls /..
symlink /../.. /up
stat /up/secret
ls /up
""")
    assert out[5:] == ["error ENOENT", "error ENOENT", "ok .:d ..:d etc:d", "ok",
                       "error ENOENT", "ok .:d ..:d etc:d up:l"], out


def test_page_budget(host, prog):
    """A mount of 8 pages: a write stops short, then ENOSPC; removing the file
    gives the pages back; nothing is left allocated at the end."""
    r = host.run(prog, input="""mount 8 100
open /f rwc 644
fill /f 0 65536
stat /f
statfs
fill /f 65536 4096
fill /f 0 4096
unlink /f
statfs
pages
open /g rwc 644
fill /g 0 20000
unlink /g
pages
""")
    assert r.returncode == 0, r.stderr[-4000:]
    out = r.stdout.splitlines()
    # 8 pages: one index array and 7 pages of data.
    assert out == ["ok", "ok f", "ok short 28672", "ok f 0644 nlink=1 uid=0 gid=0 size=28672",
                   "ok blocks=8 bfree=0 files=100 ffree=98", "error ENOSPC", "ok", "ok",
                   "ok blocks=8 bfree=8 files=100 ffree=99", "ok 0",
                   "ok f", "ok", "ok", "ok 0"], out


def test_out_of_physical_pages(host, prog):
    """The page allocator running dry is ENOSPC for the writer, never a crash."""
    r = host.run(prog, input="""mount
open /f rwc 644
pagelimit 3
fill /f 0 20000
stat /f
pagelimit 0
truncate /f 0
pages
""")
    assert r.returncode == 0, r.stderr[-4000:]
    out = r.stdout.splitlines()
    assert out == ["ok", "ok f", "ok", "ok short 12288",
                   "ok f 0644 nlink=1 uid=0 gid=0 size=12288", "ok", "ok", "ok 0"], out


def test_getpage_for_shared_mappings(vfs):
    """Pages exist for bytes inside the file (a hole gets a zeroed page), none past
    the end; a page handed to a mapping outlives truncation, and the file itself,
    until the mapping lets go."""
    out = vfs("""open /f rwc 644
write /f 10000 x
getpage /f 0
getpage /f 2
getpage /f 3
truncate /f 0
pages
read /f 0 10
unmapall
pages
write /f 0 again
getpage /f 0
unlink /f
pages
unmapall
pages
""")
    assert out == ["ok f", "ok", "ok", "ok", "error EINVAL", "ok", "ok 2", "ok ", "ok",
                   "ok 0", "ok", "ok", "ok", "ok 1", "ok", "ok 0"], out
