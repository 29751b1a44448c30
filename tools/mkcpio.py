#!/usr/bin/env python3
"""Writes a newc cpio archive (the root file system's format) from a staging
directory plus a list of entries that cannot live in one without root:
device nodes, and owners or modes other than the staging tree's.

Usage: mkcpio.py OUT STAGING [SPEC...]

Every file under STAGING goes in, owned by root (uid 0, gid 0), with its
permission bits, its modification time (or SOURCE_DATE_EPOCH when set, for
reproducible archives), symbolic links as they are, and hard links as
hard links (one inode number; the data travels with the first name).
Directories come before what they hold; names are sorted, so the same tree
always gives the same bytes.

SPEC files hold lines in the manner of Linux's gen_init_cpio:
    dir   PATH MODE UID GID
    nod   PATH MODE UID GID c|b MAJOR MINOR
    slink PATH TARGET MODE UID GID
    file  PATH SOURCE MODE UID GID
    owner PATH MODE UID GID          (set an entry's mode and owner)
MODE is octal; `#` starts a comment.  A spec entry replaces a staged one of
the same path.
"""
import os
import stat
import sys


class Archive:
    """newc members in memory; write() appends the trailer."""

    def __init__(self, mtime=None):
        self.members = {}               # path -> [mode, uid, gid, mtime, data, rdev, ino]
        self.next_ino = 1
        self.mtime = mtime

    def add(self, path, mode, uid=0, gid=0, data=b"", rdev=(0, 0), mtime=0, ino=None):
        path = path.strip("/") or "."
        if ino is None:
            ino = self.next_ino
            self.next_ino += 1
        self.members[path] = [mode, uid, gid, self.mtime if self.mtime is not None else mtime,
                              data, rdev, ino]

    def owner(self, path, mode, uid, gid):
        m = self.members[path.strip("/") or "."]
        m[0] = stat.S_IFMT(m[0]) | mode
        m[1], m[2] = uid, gid

    def add_tree(self, top):
        """Everything under directory top, root-owned."""
        seen = {}                       # (st_dev, st_ino) -> our inode number
        self.add(".", stat.S_IFDIR | stat.S_IMODE(os.lstat(top).st_mode),
                 mtime=int(os.lstat(top).st_mtime))
        for dirpath, dirnames, filenames in os.walk(top):
            dirnames.sort()
            for name in sorted(dirnames + filenames):
                full = os.path.join(dirpath, name)
                rel = os.path.relpath(full, top)
                st = os.lstat(full)
                mode, mtime = st.st_mode, int(st.st_mtime)
                if stat.S_ISLNK(mode):
                    self.add(rel, mode, data=os.readlink(full).encode(), mtime=mtime)
                elif stat.S_ISDIR(mode):
                    self.add(rel, mode, mtime=mtime)
                elif stat.S_ISREG(mode):
                    key = (st.st_dev, st.st_ino)
                    if key in seen:
                        self.add(rel, mode, mtime=mtime, ino=seen[key])
                    else:
                        with open(full, "rb") as f:
                            self.add(rel, mode, data=f.read(), mtime=mtime)
                        seen[key] = self.members[rel][6]
                else:
                    raise SystemExit("mkcpio: %s: unsupported file type" % full)

    def spec(self, lines):
        for n, line in enumerate(lines, 1):
            w = line.split("#", 1)[0].split()
            if not w:
                continue
            try:
                if w[0] == "dir":
                    self.add(w[1], stat.S_IFDIR | int(w[2], 8), int(w[3]), int(w[4]))
                elif w[0] == "nod":
                    t = {"c": stat.S_IFCHR, "b": stat.S_IFBLK}[w[5]]
                    self.add(w[1], t | int(w[2], 8), int(w[3]), int(w[4]),
                             rdev=(int(w[6]), int(w[7])))
                elif w[0] == "slink":
                    self.add(w[1], stat.S_IFLNK | int(w[3], 8), int(w[4]), int(w[5]),
                             data=w[2].encode())
                elif w[0] == "file":
                    with open(w[2], "rb") as f:
                        self.add(w[1], stat.S_IFREG | int(w[3], 8), int(w[4]), int(w[5]),
                                 data=f.read())
                elif w[0] == "owner":
                    self.owner(w[1], int(w[2], 8), int(w[3]), int(w[4]))
                else:
                    raise ValueError("unknown keyword %r" % w[0])
            except (IndexError, KeyError, ValueError, OSError) as e:
                raise SystemExit("mkcpio: spec line %d: %s: %s" % (n, line.strip(), e))

    def _order(self):
        """Parents before children; otherwise by name."""
        return sorted(self.members, key=lambda p: (p != ".", p.split("/")))

    def write(self, out):
        links = {}
        for m in self.members.values():
            links[m[6]] = links.get(m[6], 0) + 1
        written = set()
        for path in self._order():
            mode, uid, gid, mtime, data, rdev, ino = self.members[path]
            nlink = links[ino] if stat.S_ISREG(mode) else (2 if stat.S_ISDIR(mode) else 1)
            if stat.S_ISREG(mode) and ino in written:
                data = b""              # a further name of a file already written
            written.add(ino)
            out.write(member(path, mode, uid, gid, mtime, data, rdev, ino, nlink))
        out.write(member("TRAILER!!!", 0, 0, 0, 0, b"", (0, 0), 0, 1))


def member(name, mode, uid, gid, mtime, data, rdev, ino, nlink):
    nm = name.encode() + b"\0"
    fields = (ino, mode, uid, gid, nlink, mtime, len(data), 0, 0, rdev[0], rdev[1], len(nm), 0)
    hdr = b"070701" + b"".join(b"%08x" % f for f in fields) + nm
    hdr += b"\0" * (-len(hdr) % 4)
    return hdr + data + b"\0" * (-len(data) % 4)


def main(argv):
    if len(argv) < 3:
        raise SystemExit(__doc__)
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    a = Archive(int(epoch) if epoch else None)
    a.add_tree(argv[2])
    for spec in argv[3:]:
        with open(spec) as f:
            a.spec(f.readlines())
    tmp = argv[1] + ".tmp"
    with open(tmp, "wb") as f:
        a.write(f)
    os.replace(tmp, argv[1])


if __name__ == "__main__":
    main(sys.argv)
