"""The FAT file system (fs/msdosfs/) on the host under ASan/UBSan, over the
buffer cache and a file-backed device (tests/host/fs/fat_tool.c).

Images come from mkfs.fat and mtools; what Sanpo writes is read back with
mcopy byte for byte and checked with `fsck.fat -n`; what mtools writes is
read by Sanpo.  Hostile images are built by corrupting real ones.  Crashes
are simulated by a device that drops every write after the Nth (a power
cut at each point in turn)."""
import re
import struct

import pytest

import fatimg
import fsbuild
from fatimg import fsck, mget, mkfs, mput, pattern

# Every FAT type, small and large clusters, big sectors.
LAYOUTS = {
    "fat12": dict(kb=1440, fat=12),
    "fat16": dict(kb=20000, fat=16),
    "fat32": dict(kb=40000, fat=32),
    "fat32-4k": dict(kb=300000, fat=32, cluster_sectors=8),
    "fat16-4ksec": dict(kb=100000, fat=16, sector=4096, cluster_sectors=1),
    "fat12-2ksec": dict(kb=4000, fat=12, sector=2048),
}


@pytest.fixture(scope="module")
def tool(host):
    prog = fsbuild.build(host.build, "fat_tool", ["tests/host/fs/fat_tool.c"])

    def run(img, script, *opts, ok=True):
        r = host.run(prog, *opts, str(img), input=script, timeout=600)
        assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-6000:]
        out = r.stdout
        if ok:
            errs = [l for l in out.splitlines() if l.startswith(("error", "mount failed",
                                                                  "unmount at exit"))]
            assert not errs, out
        return out
    return run


def clean(img):
    rc, out = fsck(img)
    assert rc == 0, out
    assert "Dirty bit" not in out and "differ" not in out, out
    return out


@pytest.fixture(params=sorted(LAYOUTS))
def layout(request, tmp_path):
    return mkfs(tmp_path / ("%s.img" % request.param), **LAYOUTS[request.param])


SIZES = [0, 1, 511, 512, 4096, (1 << 20) + 1]


def test_sanpo_writes_mtools_reads(tool, layout, tmp_path):
    """Files of the issue's sizes, a long name, a deep directory: byte for byte."""
    files = {}
    script = []
    for n in SIZES:
        data = bytes((i * 7 + n) & 0xff for i in range(n))
        src = tmp_path / ("src%d" % n)
        src.write_bytes(data)
        files["/sizes/f%d.bin" % n] = data
    script.append("mkdir /sizes")
    for name in files:
        script.append("put %s %s 3000" % (tmp_path / ("src" + name.split("/f")[1][:-4]), name))
    long_name = "A file with a rather long name, spaces, ünïcödé and — dashes.txt"
    deep = "/d1/d2/d3/d4/d5/d6/d7/d8"
    for i in range(1, 9):
        script.append("mkdir " + "/".join(deep.split("/")[:i + 1]))
    (tmp_path / "long").write_bytes(b"long name contents\n")
    script.append('put %s "/%s"' % (tmp_path / "long", long_name))
    script.append("put %s %s/bottom.txt" % (tmp_path / "long", deep))
    out = tool(layout, "\n".join(script) + "\numount\n")
    assert "mounted fat" in out
    clean(layout)
    for name, data in files.items():
        assert mget(layout, name) == data, name
    assert mget(layout, "/" + long_name) == b"long name contents\n"
    assert mget(layout, deep + "/bottom.txt") == b"long name contents\n"
    listing = fatimg.m(layout, "mdir", "-/", "-a", "::").decode(errors="replace")
    assert long_name in listing


def test_mtools_writes_sanpo_reads(tool, layout, tmp_path):
    want = {}
    for n in SIZES + [12345, 100000]:
        want["/m/size%d" % n] = pattern(n, n)
    want["/Mixed Case Name.Text"] = b"mixed"
    want["/deep/a/b/c/d/e/f/g/h/i/j/leaf"] = b"leaf"
    want["/caf\u00e9 \u2603.txt"] = b"snowman"
    want["/" + "x" * 200 + ".bin"] = b"two hundred"
    for path, data in want.items():
        mput(layout, data, path, tmp=tmp_path)
    script = []
    for path in want:
        script.append('read "%s" 0 2000000' % path)
    script.append("ls /m")
    out = tool(layout, "\n".join(script) + "\n", "-r")
    reads = re.findall(r"ok read (\d+) hash=([0-9a-f]+)", out)
    assert len(reads) == len(want)
    for (n, h), data in zip(reads, want.values()):
        assert int(n) == len(data)
        assert h == fnv(data)
    for n in SIZES:
        assert re.search(r"^size%d %d f \d+$" % (n, n), out, re.M), out


def fnv(data):
    h = 0xcbf29ce484222325
    for b in data:
        h = ((h ^ b) * 0x100000001b3) & ((1 << 64) - 1)
    return "%016x" % h


def test_operations(tool, tmp_path):
    img = mkfs(tmp_path / "ops.img", 20000, fat=16)
    out = tool(img, """
mkdir /a
mkdir /a/b
write /a/f1 0 5000 1
write /a/f2 0 300 2
mv /a/f1 /a/b/moved
mv /a/f2 /renamed.dat
write /other 0 10 3
mv /renamed.dat /other
mv /a/b /c
truncate /c/moved 1000
truncate /c/moved 70000
write /grow 100000 1 9
mkdir /e
write /e/x 0 1 1
touch /other 1600000000
ro /other 1
umount
""")
    assert "error" not in out
    clean(img)
    assert mget(img, "/c/moved") == pattern(1, 1000) + bytes(69000)
    assert mget(img, "/other") == pattern(2, 300)
    assert mget(img, "/grow") == bytes(100000) + pattern(9, 1, 100000)
    names = fatimg.m(img, "mdir", "-b", "::/").decode().split()
    assert sorted(names) == ["::/a/", "::/c/", "::/e/", "::/grow", "::/other"], names
    info = fatimg.m(img, "mdir", "::/other").decode()
    assert "2020-09-13  12:26" in info      # 1600000000 = 2020-09-13 12:26:40 UTC
    attrs = fatimg.m(img, "mattrib", "::/other").decode()
    assert attrs.split() == ["A", "R", "::/other"], attrs


def test_errors(tool, tmp_path):
    img = mkfs(tmp_path / "err.img", 1440, fat=12)
    out = tool(img, """
mkdir /d
write /d/f 0 10 1
rmdir /d
rm /d
rmdir /d/f
mkdir /d
create /D
create /d/F
write /d/x 0 1 1
mv /d /d/sub
mv /d/f /d
mkdir /e
mv /e /d/f
mkdir /e2
write /e2/y 0 1 1
mv /e /e2
create "/bad:name"
create "/trailing."
create /..
create /%s
create /%s
ls /nonexistent
rm /d/missing
write /big 4294967295 1 1
""" % ("n" * 255, "n" * 256), ok=False)
    errs = re.findall(r"^error (\w+): (\w+)$", out, re.M)
    assert errs == [
        ("rmdir", "ENOTEMPTY"), ("rm", "EISDIR"), ("rmdir", "ENOTDIR"), ("mkdir", "EEXIST"),
        ("create", "EEXIST"), ("create", "EEXIST"), ("mv", "EINVAL"), ("mv", "EISDIR"),
        ("mv", "ENOTDIR"), ("mv", "ENOTEMPTY"), ("create", "EINVAL"), ("create", "EINVAL"),
        ("create", "EINVAL"), ("create", "ENAMETOOLONG"), ("ls", "ENOENT"), ("rm", "ENOENT"),
        ("write", "EFBIG")], out
    clean(img)


def test_short_names_unique_and_directory_growth(tool, tmp_path):
    """300 names with the same 6-character start: unique ~N tails (fsck checks),
    directories growing over many clusters, and mtools sees every long name."""
    img = mkfs(tmp_path / "many.img", 40000, fat=32)
    script = ["mkdir /many"] + ["create /many/longname_%04d.text" % i for i in range(300)]
    script += ["rm /many/longname_%04d.text" % i for i in range(0, 300, 3)]
    script += ["create /many/LONGNA~1.TEX", "create /many/again_%d.text" % 1]
    tool(img, "\n".join(script) + "\numount\n")
    clean(img)
    names = fatimg.m(img, "mdir", "-b", "::/many").decode().split()
    longs = sorted(n.split("/")[-1] for n in names)
    assert len(longs) == 202
    assert "longname_0001.text" in longs and "longname_0000.text" not in longs


def test_root_full_and_disk_full(tool, tmp_path):
    """FAT12's fixed root (16 entries: upper-case 8.3 names take one each),
    then a write larger than the volume: ENOSPC, and nothing damaged."""
    img = mkfs(tmp_path / "full.img", 200, fat=12, extra=["-r", "16"])
    out = tool(img, "\n".join("create /F%02d" % i for i in range(20)) +
               "\nwrite /F00 0 400000 1\nwrite /F01 0 10 2\numount\n", ok=False)
    errs = re.findall(r"^error (\w+): (\w+)$", out, re.M)
    assert errs == [("create", "ENOSPC")] * 4 + [("write", "ENOSPC")], out
    clean(img)
    assert mget(img, "/F01") == pattern(2, 10)
    assert mget(img, "/F00") == b""


def test_dirty_flag(tool, tmp_path):
    img = mkfs(tmp_path / "dirty.img", 40000, fat=32)
    # A write that never reaches an unmount: the volume stays marked dirty.
    tool(img, "write /x 0 10 1\ncrash 0\n")
    rc, out = fsck(img)
    assert "Dirty bit is set" in out
    out = tool(img, "write /y 0 1 1\n", ok=False)
    assert "mounted fat32 ro" in out and "not cleanly unmounted" in out
    assert "error write: EROFS" in out
    out = tool(img, "write /y 0 1 1\numount\n", "-f")
    assert "mounted fat32 rw" in out and "lost=1 " in out
    # Forcing does not repair: the cluster the crash lost is still lost.
    rc, out = fsck(img)
    assert "Dirty bit" not in out and "Reclaimed 1 unused cluster" in out
    assert not fatimg.crash_damage(out), out


def test_check_frees_lost_clusters(tool, tmp_path):
    """A volume a crash left dirty with a lost cluster, mounted with the
    check (-k, mount -o check): the walk finds it sound, the lost cluster
    is freed and the mount is read-write; afterwards fsck.fat finds nothing
    at all.  A cluster marked bad is no lost cluster: it stays bad."""
    img = mkfs(tmp_path / "check.img", 40000, fat=32)
    tool(img, "write /keep 0 5000 3\numount\n")
    tool(img, "write /x 0 10 1\ncrash 0\n")
    f = fatimg.bpb(img)
    raw = bytearray(img.read_bytes())
    bad = f["rootclus"] + 1000          # far past what the two files use
    for k in range(f["nfats"]):
        struct.pack_into("<I", raw, (f["rsvd"] + k * f["fatsz"]) * f["bps"] + 4 * bad, 0x0ffffff7)
    img.write_bytes(bytes(raw))
    rc, out = fsck(img)
    assert "Dirty bit is set" in out and "Reclaimed 1 unused cluster" in out, out
    out = tool(img, "statfs\nwrite /y 0 1 1\numount\n", "-k")
    assert "checked, 1 lost cluster freed" in out and "mounted fat32 rw" in out, out
    assert re.search(r"^ok fat32 rw .* lost=0 ", out, re.M), out
    clean(img)
    assert "Reclaimed" not in fsck(img)[1]
    assert mget(img, "/keep") == pattern(3, 5000) and mget(img, "/y") == pattern(1, 1)
    raw = img.read_bytes()
    assert struct.unpack_from("<I", raw, f["rsvd"] * f["bps"] + 4 * bad)[0] == 0x0ffffff7


def test_check_leaves_a_damaged_volume_alone(tool, tmp_path):
    """A dirty volume the walk finds damaged: read-only with the reason, the
    check frees nothing (a write through a bad chain is never made)."""
    img = fatimg.hostile("crosslink", tmp_path / "x.img", tmp_path)
    fatimg.mark_dirty(img)
    before = img.read_bytes()
    out = tool(img, "write /new 0 1 1\n", "-k", ok=False)
    assert "mounted fat16 ro" in out and "is in two chains" in out, out
    assert "freed" not in out and "error write: EROFS" in out, out
    assert img.read_bytes() == before


def test_fsinfo_kept_right(tool, tmp_path):
    img = mkfs(tmp_path / "fsi.img", 40000, fat=32)
    tool(img, "write /a 0 300000 1\nwrite /b 0 5000 2\nrm /a\numount\n")
    out = clean(img)
    assert "Free cluster summary" not in out
    raw = img.read_bytes()
    free, nxt = struct.unpack_from("<II", raw, 512 + 488)
    out = tool(img, "statfs\n", "-r")
    assert "free=%d " % free in out, (free, out)


def test_many_files_small_cache_async(tool, tmp_path):
    """A 64 KiB buffer cache (constant recycling and write-back) and a device
    completing requests out of order on another thread."""
    img = mkfs(tmp_path / "async.img", 80000, fat=32, cluster_sectors=2)
    script = ["mkdir /d%d" % i for i in range(4)]
    for i in range(120):
        script.append("write /d%d/file%d 0 %d %d" % (i % 4, i, 700 * i + 1, i))
    script += ["rm /d1/file%d" % i for i in range(1, 120, 4)]
    script += ["write /d0/file0 1000000 20000 77", "truncate /d2/file2 3"]
    tool(img, "\n".join(script) + "\numount\n", "-a", "-c", "65536")
    clean(img)
    for i in range(120):
        path = "/d%d/file%d" % (i % 4, i)
        if i % 4 == 1:
            with pytest.raises(AssertionError):
                mget(img, path)
            continue
        want = pattern(i, 700 * i + 1)
        if i == 0:
            want = want + bytes(1000000 - len(want)) + pattern(77, 20000, 1000000)
        if i == 2:
            want = want[:3]
        assert mget(img, path) == want, path


# --- crash safety -------------------------------------------------------------

CRASH_WORKLOAD = """
mkdir /dir
write /dir/a 0 3000 1
fsync /dir/a
write /dir/b 0 70000 2
write /grow 0 2000 3
fsync /grow
write /grow 2000 9000 4
mv /dir/a /dir/a2
rm /dir/b
truncate /grow 100
mkdir /dir/sub
write /dir/sub/c 0 600 5
fsync /dir/sub/c
mv /dir/sub /moved
rm /moved/c
rmdir /moved
write /last 0 5 6
"""

def test_crash_at_every_write(tool, tmp_path):
    """A power cut after the Nth device write, for every N the workload makes:
    fsck finds nothing worse than lost clusters, the mount check agrees, and
    files whose fsync returned are intact."""
    base = mkfs(tmp_path / "base.img", 2000, fat=12)
    full = tmp_path / "full.img"
    full.write_bytes(base.read_bytes())
    out = tool(full, CRASH_WORKLOAD + "umount\n")
    total = int(re.search(r"dev_writes=(\d+)", out).group(1))
    assert total > 40
    img = tmp_path / "crash.img"
    for n in range(0, total + 1):
        img.write_bytes(base.read_bytes())
        script = "crash %d\n%s" % (n, CRASH_WORKLOAD)
        out = tool(img, script, ok=False)
        # fsyncs that returned before the power went
        fsync_done = sum(1 for w in re.findall(r"ok fsync writes=(\d+)", out) if int(w) <= n)
        rc, fo = fsck(img)
        bad = fatimg.crash_damage(fo)
        assert not bad, "crash after write %d: %s\n%s" % (n, bad, fo)
        out = tool(img, "statfs\n", "-f", "-r", ok=False)
        assert "damaged" not in out, "crash after write %d: %s" % (n, out)
        # fsync'd files, as long as the workload has not changed them since
        if fsync_done >= 1:
            data = try_get(img, "/dir/a") or try_get(img, "/dir/a2")
            assert data in (pattern(1, 3000),), "write %d: /dir/a lost" % n
        if fsync_done >= 2:
            g = try_get(img, "/grow")
            assert g is not None and g[:100] == pattern(3, 100), "write %d: /grow" % n


def try_get(img, path):
    try:
        return mget(img, path)
    except AssertionError:
        return None


# --- hostile images -----------------------------------------------------------

@pytest.mark.parametrize("kind", sorted(fatimg.HOSTILE))
def test_hostile_image(tool, tmp_path, kind):
    """Refused, or mounted read-only with the reason; reading through a broken
    chain is EIO; nothing is written."""
    img = fatimg.hostile(kind, tmp_path / (kind + ".img"), tmp_path)
    before = img.read_bytes()
    why, refused = fatimg.HOSTILE[kind]
    out = tool(img, "read /A.TXT 0 5000\nread /B.TXT 0 200000\nread /C.TXT 0 100\n"
               "write /new 0 10 1\nmkdir /d\n", ok=False)
    assert why in out, out
    if refused:
        assert out.startswith("mount failed EINVAL"), out
        return
    assert "mounted fat16 ro" in out, out
    assert re.findall(r"^error (\w+): (\w+)$", out, re.M)[-2:] == [("write", "EROFS"),
                                                                   ("mkdir", "EROFS")]
    reads = re.findall(r"^(?:ok read (\d+)|error read: (\w+))", out, re.M)
    broken = {"escape": [0], "loop": [0], "free_in_chain": [0], "huge_size": [1],
              "crosslink": [1]}.get(kind, [])
    for i, (n, err) in enumerate(reads):
        if i in broken and kind != "crosslink":
            assert err == "EIO", (kind, i, out)
        elif kind != "too_big":
            assert err == "" and int(n) in (1500, 100), (kind, i, out)
    assert img.read_bytes() == before      # not a byte written
