"""FAT images for host and boot tests: made with Debian's dosfstools and
mtools (never by the code under test), checked with fsck.fat, read back
with mcopy.  Offsets are bytes into the image file (a partition)."""
import os
import pathlib
import re
import struct
import subprocess


def mkfs(path, kb, fat=None, cluster_sectors=None, sector=None, label=None, extra=()):
    """A fresh FAT file system of `kb` KiB in file `path`."""
    path = pathlib.Path(path)
    if path.exists():
        path.unlink()
    cmd = ["mkfs.fat", "-C"]
    if fat:
        cmd += ["-F", str(fat)]
    if cluster_sectors:
        cmd += ["-s", str(cluster_sectors)]
    if sector:
        cmd += ["-S", str(sector)]
    if label:
        cmd += ["-n", label]
    cmd += [*extra, str(path), str(kb)]
    subprocess.run(cmd, check=True, capture_output=True)
    return path


# mtools refuses FAT32 volumes with fewer clusters than the specification's
# minimum (mkfs.fat makes them, with a warning) unless told to skip its checks.
MTOOLS_ENV = dict(os.environ, MTOOLS_SKIP_CHECK="1")


def m(path, *args, offset=0):
    img = "%s@@%d" % (path, offset) if offset else str(path)
    r = subprocess.run([args[0], "-i", img, *args[1:]], capture_output=True, env=MTOOLS_ENV)
    if r.returncode != 0:
        raise AssertionError("%s: %s" % (" ".join(args), r.stderr.decode(errors="replace")))
    return r.stdout


def mput(path, data, fat_path, offset=0, tmp=None):
    """Writes bytes to fat_path with mcopy (parents made with mmd)."""
    parts = [p for p in fat_path.split("/") if p][:-1]
    for i in range(1, len(parts) + 1):
        img = "%s@@%d" % (path, offset) if offset else str(path)
        subprocess.run(["mmd", "-D", "s", "-i", img, "::/" + "/".join(parts[:i])],
                       capture_output=True, env=MTOOLS_ENV)
    src = pathlib.Path(tmp or os.path.dirname(path)) / "mput.tmp"
    src.write_bytes(data)
    m(path, "mcopy", "-o", str(src), "::" + fat_path, offset=offset)


def mget(path, fat_path, offset=0, tmp=None):
    dst = pathlib.Path(tmp or os.path.dirname(path)) / "mget.tmp"
    if dst.exists():
        dst.unlink()
    m(path, "mcopy", "-o", "::" + fat_path, str(dst), offset=offset)
    return dst.read_bytes()


def fsck(path):
    """(exit status, output) of fsck.fat -n on the file system in `path`."""
    r = subprocess.run(["fsck.fat", "-n", str(path)], capture_output=True, text=True)
    return r.returncode, r.stdout + r.stderr


def pattern(seed, n, off=0):
    """The bytes tests/host/fs/fat_tool.c's `write` command writes."""
    out = bytearray(n)
    M = (1 << 64) - 1
    for i in range(n):
        x = (((off + i + 1) * 0x9e3779b97f4a7c15) & M) ^ seed
        x ^= x >> 29
        out[i] = ((x * 0xbf58476d1ce4e5b9) & M) >> 56
    return bytes(out)


def bpb(path, offset=0):
    """A few boot sector fields, for tests that corrupt them (the volume
    at byte `offset` of the file)."""
    with open(path, "rb") as fp:
        fp.seek(offset)
        b = fp.read(512)
    f = {}
    f["bps"], f["spc"], f["rsvd"], f["nfats"], f["rootents"], f["tot16"], f["media"], \
        f["fatsz16"] = struct.unpack_from("<HBHBHHBH", b, 11)
    f["tot32"], = struct.unpack_from("<I", b, 32)
    f["fatsz32"], f["extflags"], f["fsver"], f["rootclus"], f["fsinfo"] = \
        struct.unpack_from("<IHHIH", b, 36)
    f["fatsz"] = f["fatsz16"] or f["fatsz32"]
    f["rootsecs"] = (f["rootents"] * 32 + f["bps"] - 1) // f["bps"]
    f["datasec"] = f["rsvd"] + f["nfats"] * f["fatsz"] + f["rootsecs"]
    tot = f["tot16"] or f["tot32"]
    clusters = (tot - f["datasec"]) // f["spc"]
    f["fat"] = 32 if f["fatsz16"] == 0 else 12 if clusters < 4085 else 16
    return f


def mark_dirty(path, offset=0):
    """Clears the "cleanly unmounted" bit of FAT entry 1 in every FAT copy
    of the volume at byte `offset` (FAT16 0x8000, FAT32 0x08000000), as a
    crash while it was mounted read-write leaves it.  FAT12 has no such bit."""
    f = bpb(path, offset)
    if f["fat"] == 12:
        raise ValueError("FAT12 has no dirty flag")
    size, fmt, bit = (2, "<H", 0x8000) if f["fat"] == 16 else (4, "<I", 0x08000000)
    with open(path, "r+b") as fp:
        for k in range(f["nfats"]):
            fp.seek(offset + (f["rsvd"] + k * f["fatsz"]) * f["bps"] + size)
            v, = struct.unpack(fmt, fp.read(size))
            fp.seek(-size, os.SEEK_CUR)
            fp.write(struct.pack(fmt, v & ~bit))


# --- hostile images, built by corrupting a real one -------------------------

def _fat16_base(path, tmp):
    """A FAT16 volume (512-byte clusters) with two files of three clusters
    and one of one, written by mtools."""
    img = mkfs(path, 2200, fat=16, cluster_sectors=1)
    mput(img, b"A" * 1499 + b"\n", "/A.TXT", tmp=tmp)
    mput(img, b"B" * 1499 + b"\n", "/B.TXT", tmp=tmp)
    mput(img, b"C" * 99 + b"\n", "/C.TXT", tmp=tmp)
    return img


def _entry(raw, f, name):
    """(offset of the root directory entry called name, its first cluster)."""
    root = f["datasec"] * f["bps"] - f["rootsecs"] * f["bps"]
    for off in range(root, root + f["rootsecs"] * f["bps"], 32):
        if raw[off:off + 11] == name:
            return off, struct.unpack_from("<H", raw, off + 26)[0]
    raise KeyError(name)


def _set_fat16(raw, f, cn, val):
    for k in range(f["nfats"]):
        struct.pack_into("<H", raw, (f["rsvd"] + k * f["fatsz"]) * f["bps"] + 2 * cn, val)


HOSTILE = {
    # name: (what the kernel says, whether the mount is refused)
    "bad_bpb": ("bytes per sector 0", True),
    "escape": ("A.TXT: chain leaves the volume", False),
    "loop": ("A.TXT: cluster", False),
    "crosslink": ("is in two chains (cross-linked or looping)", False),
    "free_in_chain": ("is in use but free in the FAT", False),
    "huge_size": ("B.TXT: 100000 bytes in a chain of 3 clusters", False),
    "dirty": ("volume not cleanly unmounted: read-only until checked", False),
    "too_big": ("is larger than", False),
}


def hostile(kind, path, tmp):
    """A damaged or hostile FAT image of the given kind (HOSTILE's keys)."""
    img = _fat16_base(pathlib.Path(path), tmp)
    raw = bytearray(img.read_bytes())
    f = bpb(img)
    _, a = _entry(raw, f, b"A       TXT")
    boff, b = _entry(raw, f, b"B       TXT")
    if kind == "bad_bpb":
        struct.pack_into("<H", raw, 11, 0)
    elif kind == "escape":          # A's second link points past the last cluster
        _set_fat16(raw, f, a + 1, 0xfff0 - 1)
    elif kind == "loop":            # A's last cluster points back at its first
        _set_fat16(raw, f, a + 2, a)
    elif kind == "crosslink":       # B's chain runs into A's last cluster
        _set_fat16(raw, f, b + 1, a + 2)
    elif kind == "free_in_chain":   # A's second cluster marked free
        _set_fat16(raw, f, a + 1, 0)
    elif kind == "huge_size":       # B claims far more than its three clusters
        struct.pack_into("<I", raw, boff + 28, 100000)
    elif kind == "dirty":           # FAT[1]'s "cleanly unmounted" bit clear
        pass                        # (mark_dirty, once the image is written)
    elif kind == "too_big":         # the device holds only part of the volume
        raw = raw[:len(raw) // 2]
    else:
        raise KeyError(kind)
    img.write_bytes(bytes(raw))
    if kind == "dirty":
        mark_dirty(img)
    return img


# --- after a crash --------------------------------------------------------------

# fsck.fat output lines a crash may leave: the dirty flag, lost clusters, a
# chain longer than its file (fsck frees the tail), an orphaned long-name
# fragment (a lost directory slot), FAT copies written one after the other,
# a stale FSInfo hint.  Anything else (cross-links, free clusters in a
# chain, a size larger than the chain, bad entries) is damage.
CRASH_ALLOWED = [
    r"Dirty bit is set", r"Automatically removing dirty bit", r"Leaving filesystem unchanged",
    r"Reclaimed \d+ unused clusters?", r"Orphaned long file name part", r"Auto-deleting",
    r"Free cluster summary", r"^\s+Auto-correcting", r"FATs differ but appear to be intact",
    r"Using first FAT", r"fsck.fat \d", r"\d+ files, \d+/\d+ clusters",
    r"File size is \d+ bytes, cluster chain length is > ", r"Truncating file to \d+ bytes",
    r"^\s*$", r"^\s*/",
]


def crash_damage(fsck_output):
    """The lines of fsck.fat -n's output that are worse than lost clusters."""
    return [l for l in fsck_output.splitlines()
            if not any(re.search(a, l) for a in CRASH_ALLOWED)]
