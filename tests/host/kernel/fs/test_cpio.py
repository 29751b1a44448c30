"""The newc cpio unpacker (kernel/kern/subr_cpio.c, vfs_cpio.c) on the host,
through the VFS script driver (vfs_script.c's `unpack` and `tree`).

Archives come from GNU cpio, an independent writer, made from a tree on the
host; what the unpacker builds must match that tree: every name, type,
permission bits (set-id and sticky too), owner, modification time, symlink
target, device number, file contents, and hard links sharing one inode.
Corrupt archives are refused with a reason naming the member, and leave
nothing behind.
"""
import os
import pathlib
import stat
import subprocess

import pytest

import kernhost


@pytest.fixture(scope="module")
def prog(host):
    return kernhost.build(host.build, "vfs_script", "tests/host/kernel/fs/vfs_script.c")


def unpack(host, prog, archive, extra=""):
    r = host.run(prog, input="mount\nunpack %s\ntree\n%s" % (archive, extra))
    assert r.returncode == 0, r.stdout[-2000:] + r.stderr[-4000:]
    return r.stdout.splitlines()


def checksum(data):
    s = 0
    for b in data:
        s = (s * 31 + b) & 0xffffffff
    return s


def make_tree(root):
    """A little of everything an archive can hold."""
    (root / "bin").mkdir()
    (root / "etc/rc.d").mkdir(parents=True)
    (root / "empty").mkdir(mode=0o700)
    (root / "tmp").mkdir()
    os.chmod(root / "tmp", 0o1777)
    (root / "bin/prog").write_bytes(bytes(range(256)) * 300)      # 76800 bytes
    os.chmod(root / "bin/prog", 0o4755)
    (root / "etc/passwd").write_text("root:x:0:0::/root:/bin/sh\n")
    (root / "etc/zero").write_bytes(b"")
    (root / "etc/rc.d/big").write_bytes(os.urandom(300000))
    os.link(root / "bin/prog", root / "bin/prog2")                 # hard links
    os.link(root / "bin/prog", root / "etc/prog3")
    os.symlink("prog", root / "bin/sh")
    os.symlink("/etc/passwd", root / "etc/abs")
    os.symlink("../nowhere/at/all", root / "etc/dangling")
    os.mkfifo(root / "etc/fifo", 0o620)
    os.utime(root / "etc/passwd", (1234567890, 1234567890))
    if os.geteuid() == 0:
        os.chown(root / "etc/passwd", 1000, 100)
        os.chown(root / "etc/rc.d", 0, 5)
        os.lchown(root / "etc/abs", 7, 8)
        os.mknod(root / "etc/console", 0o600 | stat.S_IFCHR, os.makedev(5, 1))
        os.mknod(root / "etc/disk", 0o640 | stat.S_IFBLK, os.makedev(254, 1048575))


def expected(root):
    """The `tree` lines the unpacked copy must show (sorted), and the hard-link groups."""
    lines, groups = [], {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            p = pathlib.Path(dirpath) / name
            st = os.lstat(p)
            rel = "/" + str(p.relative_to(root))
            t = {stat.S_IFREG: "f", stat.S_IFDIR: "d", stat.S_IFLNK: "l", stat.S_IFCHR: "c",
                 stat.S_IFBLK: "b", stat.S_IFIFO: "p"}[stat.S_IFMT(st.st_mode)]
            ln = "%s %s %04o %d %d nlink=%d" % (rel, t, stat.S_IMODE(st.st_mode), st.st_uid,
                                                st.st_gid, st.st_nlink)
            if t == "d":
                ln = ln.rsplit(" ", 1)[0]       # directory link counts: checked apart
            if t == "f":
                ln += " size=%d sum=%08x mtime=%d" % (st.st_size, checksum(p.read_bytes()),
                                                      int(st.st_mtime))
                groups.setdefault(st.st_ino, []).append(rel)
            elif t == "l":
                ln += " -> " + os.readlink(p)
            elif t in "cb":
                ln += " rdev=%d,%d" % (os.major(st.st_rdev), os.minor(st.st_rdev))
            lines.append(ln)
    return sorted(lines), [g for g in groups.values() if len(g) > 1]


def our_tree(out):
    """Tree lines without inode numbers (and dirs without nlink), and path -> inode."""
    lines, inos = [], {}
    for ln in out:
        if not ln.startswith("/"):
            continue
        words = ln.split()
        if words[1] == "d":
            ln = " ".join(words[:5])
        if " ino=" in ln:
            ln, ino = ln.rsplit(" ino=", 1)
            inos[words[0]] = ino
        lines.append(ln)
    return sorted(lines), inos


def archive(root, dest, order="find"):
    names = subprocess.run("cd %s && find ." % root, shell=True, capture_output=True,
                           text=True, check=True).stdout
    with open(dest, "wb") as f:
        subprocess.run(["cpio", "-o", "-H", "newc", "--quiet"], cwd=root, input=names.encode(),
                       stdout=f, check=True)
    return dest


def test_gnu_cpio_archive_unpacks_exactly(host, prog, tmp_path):
    root = tmp_path / "tree"
    root.mkdir()
    make_tree(root)
    out = unpack(host, prog, archive(root, tmp_path / "a.cpio"))
    assert out[1].startswith("ok files="), out[:3]
    assert "errors=0" in out[1], out[1]
    want, groups = expected(root)
    have, inos = our_tree(out)
    assert have == want
    assert groups, "the tree has hard links"
    for g in groups:
        assert len({inos[p] for p in g}) == 1, (g, inos)


def test_crc_format_and_checksum(host, prog, tmp_path):
    """070702 members carry a byte sum of their data; a wrong one is refused."""
    root = tmp_path / "tree"
    root.mkdir()
    (root / "f").write_bytes(b"hello world")
    names = "f\n"
    a = tmp_path / "crc.cpio"
    with open(a, "wb") as f:
        subprocess.run(["cpio", "-o", "-H", "crc", "--quiet"], cwd=root, input=names.encode(),
                       stdout=f, check=True)
    out = unpack(host, prog, a)
    assert out[1].startswith("ok files=1 ") and out[2].startswith("/f f 0644"), out
    data = bytearray(a.read_bytes())
    data[data.index(b"hello")] ^= 1
    bad = tmp_path / "bad.cpio"
    bad.write_bytes(bytes(data))
    out = unpack(host, prog, bad)
    assert out[1] == ("error EFTYPE: entry 0 at offset 0x0: f: checksum 0x%08x, the data "
                      "sums to 0x%08x" % (sum(b"hello world"), sum(b"hello world") + 1)), out
    assert out[2] == "ok", "nothing unpacked: %r" % out


def newc(name, data=b"", mode=0o100644, ino=1, nlink=1, uid=0, gid=0, rdev=(0, 0),
         magic=b"070701", namesize=None, filesize=None):
    """One newc member, written by hand (fields can lie, for the corrupt cases)."""
    nm = name.encode() + b"\0"
    fields = [ino, mode, uid, gid, nlink, 0, len(data) if filesize is None else filesize,
              0, 0, rdev[0], rdev[1], len(nm) if namesize is None else namesize, 0]
    hdr = magic + b"".join(b"%08x" % f for f in fields)
    out = hdr + nm
    out += b"\0" * (-len(out) % 4) + data
    return out + b"\0" * (-len(out) % 4)


TRAILER = newc("TRAILER!!!", ino=0, mode=0)


def test_hand_written_archive_with_devices_and_dot(host, prog, tmp_path):
    """"." sets the root's attributes; "./" and "/" prefixes are dropped;
    devices keep their numbers; a later member replaces an earlier one."""
    a = (newc(".", mode=0o40700) + newc("./dev", mode=0o40755) +
         newc("dev/console", mode=0o20600, rdev=(5, 1)) +
         newc("/dev/null", mode=0o20666, rdev=(1, 3)) +
         newc("f", b"first", ino=9) + newc("f", b"second", ino=10) +
         newc("d", mode=0o40755) + newc("d", mode=0o100600, data=b"file now") + TRAILER)
    (tmp_path / "h.cpio").write_bytes(a)
    out = unpack(host, prog, tmp_path / "h.cpio", "stat /\nstat /dev/null\nread /f 0 10\n")
    assert out[1] == ("ok files=3 dirs=2 symlinks=0 hardlinks=0 special=2 errors=0 "
                      "bytes=19"), out
    assert out[-3:] == ["ok d 0700 uid=0 gid=0", "ok c 0666 nlink=1 uid=0 gid=0 rdev=1,3",
                        "ok second"], out


CORRUPT = [
    ("empty", b"", "entry 0 at offset 0x0: truncated header (0 bytes left, a header is 110):"
     " no TRAILER!!! member"),
    ("bad magic", b"070707" + newc("f")[6:] + TRAILER,
     "entry 0 at offset 0x0: bad magic (not a newc cpio member)"),
    ("bad hex", newc("f")[:14] + b"g" + newc("f")[15:] + TRAILER,
     "entry 0 at offset 0x0: field mode is not 8 hex digits"),
    ("no trailer", newc("f", b"x"), "entry 1 at offset 0x74: truncated header (0 bytes left,"
     " a header is 110): no TRAILER!!! member"),
    ("data past end", newc("f", b"abc", filesize=0x10000) + TRAILER,
     "entry 0 at offset 0x0: f: file size 0x10000 runs past the end of the archive"),
    ("crc data past end", newc("f", b"hello", magic=b"070702", filesize=0x50000000) + TRAILER,
     "entry 0 at offset 0x0: f: file size 0x50000000 runs past the end of the archive"),
    ("name not terminated", newc("ab", namesize=2) + TRAILER,
     "entry 0 at offset 0x0: name is not terminated where its size (2) says"),
    ("name too short", newc("a", namesize=1) + TRAILER,
     "entry 0 at offset 0x0: name size 1 is too small"),
    ("name too long", newc("a", namesize=5000) + TRAILER,
     "entry 0 at offset 0x0: name size 5000 exceeds 4096"),
    ("dotdot", newc("a/../../etc/passwd") + TRAILER, "entry 0: a/../../etc/passwd: a \"..\" "
     "component"),
    ("symlink with NUL", newc("l", b"ab\0c", mode=0o120777) + TRAILER,
     "entry 0: l: symlink target of 4 bytes has a NUL"),
    ("empty symlink", newc("l", b"", mode=0o120777) + TRAILER,
     "entry 0: l: symlink target of 0 bytes"),
    ("data on a directory", newc("d", b"xx", mode=0o40755) + TRAILER,
     "entry 0: d: 2 bytes of data on a directory"),
    ("unknown type", newc("x", mode=0o170644) + TRAILER, "entry 0: x: unknown file type 0170000"),
    ("long component", newc("d/" + "n" * 256) + TRAILER,
     "entry 0: d/%s: a component longer than 255 bytes" % ("n" * 98)),
    ("late corruption", newc("ok1", b"fine") + newc("ok2") + b"070701zz" + TRAILER,
     "entry 2 at offset 0x%x: field ino is not 8 hex digits"
     % len(newc("ok1", b"fine") + newc("ok2"))),
]


@pytest.mark.parametrize("name,data,why", CORRUPT, ids=[c[0] for c in CORRUPT])
def test_corrupt_archive_is_refused_whole(host, prog, tmp_path, name, data, why):
    (tmp_path / "bad.cpio").write_bytes(data)
    out = unpack(host, prog, tmp_path / "bad.cpio")
    assert out[1] == "error EFTYPE: " + why, out
    assert out[2:] == ["ok"], "something was unpacked: %r" % out


def test_members_that_cannot_be_made_are_reported(host, prog, tmp_path):
    """A sound archive whose member has no parent directory, or that runs the
    file system out of room: reported one by one, the rest unpacked."""
    a = (newc("nodir/f", b"x") + newc("big", b"y" * 40000) + newc("after", mode=0o40755) +
         TRAILER)
    (tmp_path / "s.cpio").write_bytes(a)
    r = host.run(prog, input="mount 6\nunpack %s\ntree\n" % (tmp_path / "s.cpio"))
    assert r.returncode == 0, r.stderr[-3000:]
    out = r.stdout.splitlines()
    assert out[1:4] == ["cpio: nodir/f: cannot create: error 2",
                        "cpio: big: cannot write: error 28",
                        "ok files=0 dirs=1 symlinks=0 hardlinks=0 special=0 errors=2 "
                        "bytes=0"], out
    assert [ln.split()[0] for ln in out[4:-1]] == ["/big", "/after"], out
