#!/usr/bin/env python3
"""Writes the seed corpus of fuzz_cpio into tests/fuzz/corpus/cpio/.

Each seed is one newc archive, written with tools/mkcpio.py's writer (the
one that builds the root file system): a small root file system, hard
links, symbolic links, devices, deep directories, a member replacing
another, CRC members, and a few broken ones, so the fuzzer starts from
archives that reach every branch of the unpacker.

Usage: gen_cpio_corpus.py [OUTDIR]   (default: the in-tree corpus)
"""
import pathlib
import stat
import sys

TOP = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(TOP / "tools"))
import mkcpio  # noqa: E402
import corpus_io  # noqa: E402

D, F, L = stat.S_IFDIR, stat.S_IFREG, stat.S_IFLNK


def archive(entries):
    a = mkcpio.Archive(mtime=1700000000)
    for e in entries:
        a.add(*e[:2], **e[2] if len(e) > 2 else {})
    out = bytearray()

    class W:
        def write(self, b):
            out.extend(b)
    a.write(W())
    return bytes(out)


CRASH_54F2EB7B = (
    "303730373032303030303030303130303030383161343030303030303030303030303030"
    "303030303030303030313635353030303030353030303030303030303030303030303030"
    "303030303030303030303030303030303030303030303030303030303032303030303032"
    "3134660068656c6c6f000000303730373031303030303030303030303030303030303030"
    "303030303030303030303030303030303030303030303030303030303030303030303030"
    "3030303030303030303030303030303030303030303030ff50000000ffffffffffffffff"
    "ffffffffffffffff30303030303030303030303030303030303062303030303030303054"
    "5241494c455221212100000000")


def seeds():
    yield "rootfs", archive([(".", D | 0o755), ("bin", D | 0o755),
                             ("bin/busybox", F | 0o755, {"data": b"\x7fELF" + bytes(60)}),
                             ("bin/sh", L | 0o777, {"data": b"busybox"}),
                             ("etc", D | 0o755), ("etc/rc", F | 0o755, {"data": b"#!/bin/sh\n"}),
                             ("dev", D | 0o755),
                             ("dev/console", stat.S_IFCHR | 0o600, {"rdev": (5, 1)}),
                             ("tmp", D | 0o1777)])
    yield "hardlinks", archive([("a", F | 0o644, {"data": b"shared", "ino": 7}),
                                ("b", F | 0o644, {"ino": 7}), ("c", F | 0o600, {"ino": 7})])
    yield "symlinks", archive([("d", D | 0o755), ("d/abs", L | 0o777, {"data": b"/d/rel"}),
                               ("d/rel", L | 0o777, {"data": b"../d/abs"}),
                               ("d/up", L | 0o777, {"data": b".."})])
    yield "deep", archive([("/".join("d%d" % i for i in range(n + 1)), D | 0o755)
                           for n in range(12)])
    yield "replace", archive([("x", D | 0o755), ("x/y", F | 0o644, {"data": b"1"}),
                              ("x", F | 0o644, {"data": b"2"})])
    yield "sparse_big", archive([("big", F | 0o644, {"data": bytes(9000) + b"end"})])
    yield "specials", archive([("p", stat.S_IFIFO | 0o600), ("s", stat.S_IFSOCK | 0o600),
                               ("b", stat.S_IFBLK | 0o660, {"rdev": (8, 1)})])
    yield "modes", archive([("su", F | 0o4755, {"uid": 0, "gid": 0}),
                            ("sg", D | 0o2775, {"gid": 100}), ("st", D | 0o1777),
                            ("su/child", F | 0o644)])
    whole = archive([("f", F | 0o644, {"data": b"hello"})])
    # 070702: the first member's check field (bytes 102..110) is its data's byte sum.
    yield "crc", b"070702" + whole[6:102] + b"%08x" % sum(b"hello") + whole[110:]
    yield "truncated", whole[:len(whole) // 2]
    yield "no_trailer", whole[:-124]
    yield "garbage_after", whole + b"070701" + b"zz" * 60
    # A crash input libFuzzer left from an earlier shift, byte for byte: the crc
    # seed with its file size turned into 0x50000000, far past the archive's
    # end.  cpio_next refuses it before summing the data; without that bound
    # the checksum loop reads past the buffer (ASan: heap-buffer-overflow).
    yield "crash_54f2eb7b_crc_size_past_end", bytes.fromhex(CRASH_54F2EB7B)
    yield "dotdot", archive([("a/../b", F | 0o644)])
    yield "empty", b""


def main():
    corpus_io.write_seeds("cpio", seeds(), ".cpio")


if __name__ == "__main__":
    main()
