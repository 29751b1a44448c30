"""Builds GPT disk images byte by byte, for tests that need tables sgdisk
will not write: hostile ones (valid CRCs over impossible contents), other
sector sizes, odd entry sizes.  Written from the UEFI specification's
layout (fs/gpt.h), independently of the C parser it tests."""
import struct
import uuid
import zlib

EFI = "C12A7328-F81F-11D2-BA4B-00A0C93EC93B"
LINUX = "0FC63DAF-8483-4772-8E79-3D69D8477DE4"
MSDATA = "EBD0A0A2-B9E5-4433-87C0-68B6B72699C7"


def entry(type_guid, start, end, name="", guid=None, attr=0, entsz=128):
    name16 = name.encode("utf-16-le")[:72].ljust(72, b"\0")
    e = (uuid.UUID(type_guid).bytes_le + uuid.UUID(guid or str(uuid.uuid4())).bytes_le +
         struct.pack("<QQQ", start, end, attr) + name16)
    return e.ljust(entsz, b"\0")


def header(self_lba, alt_lba, first, last, table_lba, nent, entsz, table_crc,
           disk_guid="11111111-2222-3333-4444-555555555555", revision=0x00010000,
           hdr_size=92, crc=None):
    h = bytearray(struct.pack("<8sIIII", b"EFI PART", revision, hdr_size, 0, 0) +
                  struct.pack("<QQQQ", self_lba, alt_lba, first, last) +
                  uuid.UUID(disk_guid).bytes_le +
                  struct.pack("<QIII", table_lba, nent, entsz, table_crc))
    h = h.ljust(max(hdr_size, 92), b"\0")
    struct.pack_into("<I", h, 16, zlib.crc32(bytes(h[:hdr_size])) if crc is None else crc)
    return bytes(h)


def disk(nsec, parts, secsize=512, nent=128, entsz=128, primary=None, backup=None,
         table=None):
    """A disk of nsec sectors with `parts` (lists of entry() args) in both
    copies.  primary/backup: dicts of header() overrides; table: the entry
    array's bytes to use instead of the built one."""
    ents = b"".join(entry(*p, entsz=entsz) if isinstance(p, tuple) else p for p in parts)
    arr = table if table is not None else ents.ljust(nent * entsz, b"\0")
    tsecs = (len(arr) + secsize - 1) // secsize
    first, last = 2 + tsecs, nsec - 2 - tsecs
    crc = zlib.crc32(arr)
    img = bytearray(nsec * secsize)
    # protective MBR: one partition of type 0xEE over the disk
    img[446:462] = struct.pack("<BBBBBBBBII", 0, 0, 2, 0, 0xEE, 0xff, 0xff, 0xff, 1,
                               min(nsec - 1, 0xffffffff))
    img[510:512] = b"\x55\xaa"
    p = dict(self_lba=1, alt_lba=nsec - 1, first=first, last=last, table_lba=2,
             nent=nent, entsz=entsz, table_crc=crc)
    p.update(primary or {})
    b = dict(self_lba=nsec - 1, alt_lba=1, first=first, last=last,
             table_lba=nsec - 1 - tsecs, nent=nent, entsz=entsz, table_crc=crc)
    b.update(backup or {})
    img[secsize:secsize + secsize] = header(**p).ljust(secsize, b"\0")[:secsize]
    img[2 * secsize:2 * secsize + len(arr)] = arr
    bt = (nsec - 1 - tsecs) * secsize
    img[bt:bt + len(arr)] = arr
    img[(nsec - 1) * secsize:] = header(**b).ljust(secsize, b"\0")[:secsize]
    return bytes(img), first, last
