#!/usr/bin/python3
"""Makes a bad module out of a good one, for the kernel linker's boot tests:

  mutate.py truncated|machine|exec|reloc IN OUT

truncated: the first 60% of the file; machine: e_machine 3 (i386); exec:
e_type 2 (ET_EXEC); reloc: the first relocation of .rela.text gets type
42 (R_X86_64_REX_GOTPCRELX, which needs a GOT a module does not have).
"""
import struct
import sys


def section(data, name):
    shoff, = struct.unpack_from("<Q", data, 0x28)
    shnum, shstrndx = struct.unpack_from("<HH", data, 0x3c)
    stroff, = struct.unpack_from("<Q", data, shoff + 64 * shstrndx + 24)
    for i in range(shnum):
        n, = struct.unpack_from("<I", data, shoff + 64 * i)
        if data[stroff + n:data.index(b"\0", stroff + n)].decode() == name:
            return struct.unpack_from("<Q", data, shoff + 64 * i + 24)[0]
    raise SystemExit("mutate.py: no section " + name)


def main(kind, src, dst):
    data = bytearray(open(src, "rb").read())
    if kind == "truncated":
        data = data[:len(data) * 6 // 10]
    elif kind == "machine":
        struct.pack_into("<H", data, 18, 3)
    elif kind == "exec":
        struct.pack_into("<H", data, 16, 2)
    elif kind == "reloc":
        struct.pack_into("<I", data, section(data, ".rela.text") + 8, 42)
    else:
        raise SystemExit("mutate.py: unknown kind " + kind)
    open(dst, "wb").write(data)


if __name__ == "__main__":
    main(*sys.argv[1:])
