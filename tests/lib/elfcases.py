"""ELF64 files for tests: a small valid executable, and the malformed
variants every loader must refuse, each with the message it must give.

The mutations work on any valid ELF64 executable, so the boot tests apply
them to the real kernel and the host tests to a synthetic one.
"""
import struct

EHDR = struct.Struct("<16sHHIQQQIHHHHHH")
PHDR = struct.Struct("<IIQQQQQQ")
PT_LOAD, PF_X, PF_W, PF_R = 1, 1, 2, 4


def synthetic_elf(entry_off=0, base=0xffffffff80200000, nseg=3):
    """A minimal valid x86_64 ET_EXEC with nseg page-aligned PT_LOAD segments."""
    phoff, seg_size = 64, 0x1000
    data_off = 0x1000
    phdrs = b""
    body = b""
    for i in range(nseg):
        flags = PF_R | (PF_X if i == 0 else PF_W if i == nseg - 1 else 0)
        memsz = seg_size * (2 if i == nseg - 1 else 1)    # last one has "bss"
        phdrs += PHDR.pack(PT_LOAD, flags, data_off + i * seg_size,
                           base + i * 0x2000, base + i * 0x2000,
                           seg_size, memsz, 0x1000)
        body += bytes([0x90 + i]) * seg_size
    ident = b"\x7fELF" + bytes([2, 1, 1, 0]) + b"\0" * 8
    eh = EHDR.pack(ident, 2, 62, 1, base + entry_off, phoff, 0, 0, 64, 56,
                   nseg, 64, 0, 0)
    head = eh + phdrs
    return head + b"\0" * (data_off - len(head)) + body


def _phdrs(elf):
    e = EHDR.unpack_from(elf, 0)
    phoff, phnum = e[5], e[10]
    return [(phoff + i * 56, list(PHDR.unpack_from(elf, phoff + i * 56)))
            for i in range(phnum)]


def _loads(elf):
    return [(i, off, ph) for i, (off, ph) in enumerate(_phdrs(elf)) if ph[0] == PT_LOAD]


def _set_ph(elf, off, ph):
    b = bytearray(elf)
    PHDR.pack_into(b, off, *ph)
    return bytes(b)


def _set_eh(elf, field, value):
    e = list(EHDR.unpack_from(elf, 0))
    e[field] = value
    b = bytearray(elf)
    EHDR.pack_into(b, 0, *e)
    return bytes(b)


def truncated(elf):
    """Cut in the middle of the last loaded segment's file bytes."""
    i, off, ph = _loads(elf)[-1]
    if ph[5] == 0:
        i, off, ph = [s for s in _loads(elf) if s[2][5] > 0][-1]
    return elf[:ph[2] + ph[5] // 2], "segment %d extends past end of file" % i


def bad_magic(elf):
    return b"\x7fELG" + elf[4:], "not an ELF file (bad magic)"


def wrong_machine(elf):
    return _set_eh(elf, 2, 183), "wrong machine type 183 (expected 62, x86_64)"


def segment_past_eof(elf):
    i, off, ph = _loads(elf)[0]
    ph[2] = len(elf) - 16            # p_offset near the end, p_filesz unchanged
    return _set_ph(elf, off, ph), "segment %d extends past end of file" % i


def overlapping(elf):
    """Move the second loaded segment onto the first (keeping p_vaddr
    congruent with p_offset modulo the page size, so only the overlap is wrong)."""
    (i, _, a), (j, off, b) = _loads(elf)[0], _loads(elf)[1]
    b[3] = a[3] + ((b[2] - a[2]) % 0x1000)
    return _set_ph(elf, off, b), "segments %d and %d overlap" % (i, j)


def entry_outside(elf):
    hi = max(ph[3] + ph[6] for _, _, ph in _loads(elf))
    entry = (hi + 0x10000) & ~0xf
    return _set_eh(elf, 4, entry), "entry point 0x%x is outside every executable segment" % entry


def entry_in_zero_fill(elf):
    """The executable segment holding the entry keeps only the bytes before
    it in the file: the entry is its first zero-filled byte."""
    entry = EHDR.unpack_from(elf, 0)[4]
    i, off, ph = [(i, off, ph) for i, off, ph in _loads(elf)
                  if ph[1] & PF_X and ph[3] <= entry < ph[3] + ph[6]][0]
    ph[5] = entry - ph[3]
    return _set_ph(elf, off, ph), \
        "entry point 0x%x is in the zero-filled part of segment %d" % (entry, i)


def empty(elf):
    return b"", "empty file (0 bytes)"


def not_elf(elf):
    return b"#!/bin/sh\necho this is not a kernel\n" * 10, "not an ELF file (bad magic)"


def short_header(elf):
    return elf[:40], "truncated: 40 bytes is shorter than the ELF header"


def filesz_over_memsz(elf):
    i, off, ph = _loads(elf)[0]
    ph[6] = ph[5] - 0x10 if ph[5] > 0x10 else 0
    ph[6] = max(ph[6], 1)
    ph[5] = ph[6] + 0x10
    return _set_ph(elf, off, ph), "segment %d has file size larger than memory size" % i


def wrong_class(elf):
    return elf[:4] + b"\x01" + elf[5:], "not a 64-bit ELF file (class 1)"


def phdrs_past_eof(elf):
    return _set_eh(elf, 5, len(elf) - 8), "program header table extends past end of file"


# name -> mutation; the list first, then extra ones.
CASES = {
    "truncated": truncated,
    "bad_magic": bad_magic,
    "wrong_machine": wrong_machine,
    "segment_past_eof": segment_past_eof,
    "overlapping": overlapping,
    "entry_outside": entry_outside,
    "entry_in_zero_fill": entry_in_zero_fill,
    "empty": empty,
    "not_elf": not_elf,
    "short_header": short_header,
    "filesz_over_memsz": filesz_over_memsz,
    "wrong_class": wrong_class,
    "phdrs_past_eof": phdrs_past_eof,
}
