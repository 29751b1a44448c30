#!/usr/bin/env python3
"""The script language of vfs_script.c (see there) run against Linux itself,
for the differential tests: the same operations through the host kernel's
system calls, printing the same lines.  Run chrooted in an empty directory
(as root, or as root of a user namespace), so that absolute paths and
symbolic links mean the same in both.

Usage: posix_script.py DIR < script      (DIR: an empty directory to chroot to)

Covers the commands whose answers Linux defines: open, mkdir, mknod,
symlink, link, unlink, rmdir, stat, lstat, write, fill, read, sum,
truncate, readlink, access, ls (sorted: readdir order is the file
system's own), cd, umask.
"""
import ctypes
import errno
import os
import stat
import sys

LIBC = ctypes.CDLL(None, use_errno=True)
LIBC.getcwd.restype = ctypes.c_char_p
AT_FDCWD, AT_EACCESS, AT_SYMLINK_FOLLOW = -100, 0x200, 0x400


def checked(r):
    """A libc call's result, or its errno as OSError (os.access hides errno)."""
    if r != 0:
        e = ctypes.get_errno()
        raise OSError(e, os.strerror(e))


OPEN = {"r": os.O_RDONLY, "w": os.O_WRONLY, "rw": os.O_RDWR}
FLAG = {"c": os.O_CREAT, "x": os.O_EXCL, "t": os.O_TRUNC, "n": os.O_NOFOLLOW,
        "d": os.O_DIRECTORY, "p": os.O_PATH, "a": os.O_APPEND}


def flags(s):
    mode = "rw" if s.startswith("rw") else s[0]
    f = OPEN[mode]
    for c in s[len(mode):]:
        f |= FLAG[c]
    return f


def typechar(m):
    for test, c in ((stat.S_ISREG, "f"), (stat.S_ISDIR, "d"), (stat.S_ISLNK, "l"),
                    (stat.S_ISCHR, "c"), (stat.S_ISBLK, "b"), (stat.S_ISFIFO, "p"),
                    (stat.S_ISSOCK, "s")):
        if test(m):
            return c
    return "?"


def show(data):
    return "".join(chr(b) if 32 <= b < 127 and b != 0x5c else "\\x%02x" % b for b in data)


def pattern(off, n):
    return bytes(ord("a") + (off + i) % 23 for i in range(n))


def checksum(data):
    s = 0
    for b in data:
        s = (s * 31 + b) & 0xffffffff
    return s


def run(av):
    op = av[0]
    if op == "open":
        fd = os.open(av[1], flags(av[2]), int(av[3], 8) if len(av) > 3 else 0)
        st = os.fstat(fd)
        os.close(fd)
        return "ok " + typechar(st.st_mode)
    if op == "mkdir":
        os.mkdir(av[1], int(av[2], 8))
    elif op == "mknod":
        t = {"c": stat.S_IFCHR, "b": stat.S_IFBLK, "p": stat.S_IFIFO, "s": stat.S_IFSOCK,
             "f": stat.S_IFREG}[av[2]]
        dev = os.makedev(int(av[4]), int(av[5])) if len(av) > 5 else 0
        os.mknod(av[1], t | int(av[3], 8), dev)
    elif op == "symlink":
        os.symlink(av[1], av[2])
    elif op == "link":
        # Python's os.link() does not reach linkat(AT_SYMLINK_FOLLOW) without dir fds.
        checked(LIBC.linkat(AT_FDCWD, av[1].encode(), AT_FDCWD, av[2].encode(),
                            AT_SYMLINK_FOLLOW if len(av) > 3 else 0))
    elif op == "rename":
        checked(LIBC.renameat2(AT_FDCWD, av[1].encode(), AT_FDCWD, av[2].encode(),
                               1 if len(av) > 3 else 0))
    elif op == "unlink":
        os.unlink(av[1])
    elif op == "rmdir":
        os.rmdir(av[1])
    elif op in ("stat", "lstat"):
        st = os.stat(av[1]) if op == "stat" else os.lstat(av[1])
        m = st.st_mode
        out = "ok %s %04o" % (typechar(m), stat.S_IMODE(m))
        if not stat.S_ISDIR(m):
            out += " nlink=%d" % st.st_nlink
        out += " uid=%d gid=%d" % (st.st_uid, st.st_gid)
        if stat.S_ISREG(m) or stat.S_ISLNK(m):
            out += " size=%d" % st.st_size
        if stat.S_ISCHR(m) or stat.S_ISBLK(m):
            out += " rdev=%d,%d" % (os.major(st.st_rdev), os.minor(st.st_rdev))
        return out
    elif op in ("write", "fill"):
        data = (av[3].encode() if len(av) > 3 else b"") if op == "write" else \
            pattern(int(av[2]), int(av[3]))
        fd = os.open(av[1], os.O_WRONLY)
        try:
            n = os.pwrite(fd, data, int(av[2]))
        finally:
            os.close(fd)
        if n != len(data):
            return "ok short %d" % n
    elif op == "read":
        fd = os.open(av[1], os.O_RDONLY)
        try:
            data = os.pread(fd, int(av[3]), int(av[2]))
        finally:
            os.close(fd)
        return "ok " + show(data)
    elif op == "sum":
        with open(av[1], "rb") as f:
            data = f.read()
        return "ok %d %08x" % (len(data), checksum(data))
    elif op == "truncate":
        os.truncate(av[1], int(av[2]))
    elif op == "readlink":
        return "ok " + os.readlink(av[1])
    elif op == "access":
        mode = 0
        for c in av[2]:
            mode |= {"r": os.R_OK, "w": os.W_OK, "x": os.X_OK, "f": os.F_OK}[c]
        checked(LIBC.faccessat(AT_FDCWD, av[1].encode(), mode,
                               AT_EACCESS if len(av) > 3 else 0))
    elif op == "ls":
        fd = os.open(av[1], os.O_RDONLY | os.O_DIRECTORY)
        os.close(fd)
        names = sorted([".", ".."] + os.listdir(av[1]))
        return "ok " + " ".join("%s:%s" % (n, typechar(os.lstat(os.path.join(av[1], n)).st_mode))
                                for n in names)
    elif op == "cd":
        os.chdir(av[1])
    elif op == "cwd":
        buf = ctypes.create_string_buffer(int(av[1]) if len(av) > 1 else 4097)
        if not LIBC.getcwd(buf, ctypes.c_size_t(len(buf))):
            checked(-1)
        return "ok " + buf.value.decode()
    elif op == "umask":
        os.umask(int(av[1], 8))
    else:
        raise SystemExit("posix_script: unknown command %r" % op)
    return "ok"


def main():
    os.chroot(sys.argv[1])
    os.chdir("/")
    os.umask(0o022)
    for line in sys.stdin:
        av = line.split()
        if not av or av[0].startswith("#"):
            continue
        try:
            print(run(av))
        except OSError as e:
            print("error " + errno.errorcode[e.errno])
        sys.stdout.flush()


if __name__ == "__main__":
    main()
