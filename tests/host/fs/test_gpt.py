"""GPT discovery (fs/part_gpt.c) on the host under ASan/UBSan.

Tables written by sgdisk are read back and compared with what sgdisk says;
damaged copies fall back to the other one with a warning; hostile tables
(valid CRCs over impossible contents, built byte by byte by
tests/host/fs/gptimg.py) are refused with the reason.  Each partition's
first sector is read through its partition device and must equal the
image's bytes at the partition's offset."""
import re
import subprocess
import uuid

import pytest

import fsbuild
import gptimg


@pytest.fixture(scope="module")
def gpt(host):
    prog = fsbuild.build(host.build, "gpt_test", ["tests/host/fs/gpt_test.c"])

    def run(img, secsize=512):
        r = host.run(prog, str(img), str(secsize))
        assert r.returncode == 0, r.stdout + r.stderr
        return r.stdout
    return run


def parts(out):
    return [l.split() for l in out.splitlines() if l.startswith("part ")]


def sgdisk_image(path, size_mb=8):
    subprocess.run(["truncate", "-s", "%dM" % size_mb, str(path)], check=True)
    subprocess.run(["sgdisk", "--clear",
                    "-n", "1:2048:+1M", "-t", "1:ef00", "-c", "1:EFI System",
                    "-n", "2:0:+2M", "-t", "2:8300", "-c", "2:Données ☃",
                    "-n", "4:0:+1M", "-t", "4:a503", "-c", "4:ufs",
                    "-n", "3:0:0", "-t", "3:0700", str(path)],
                   check=True, capture_output=True)
    data = bytearray(path.read_bytes())
    # A recognisable first sector in each partition.
    for n in (1, 2, 3, 4):
        first, _ = sg_range(path, n)
        data[first * 512:first * 512 + 8] = b"PART%04d" % n
    path.write_bytes(bytes(data))
    return path


def sg_range(path, n):
    info = subprocess.run(["sgdisk", "-i", str(n), str(path)], capture_output=True,
                          text=True, check=True).stdout
    return (int(re.search(r"First sector: (\d+)", info).group(1)),
            int(re.search(r"Last sector: (\d+)", info).group(1)))


def sg_info(path, n):
    info = subprocess.run(["sgdisk", "-i", str(n), str(path)], capture_output=True,
                          text=True, check=True).stdout
    guid = re.search(r"Partition unique GUID: (\S+)", info).group(1)
    name = re.search(r"Partition name: '(.*)'", info).group(1)
    return sg_range(path, n), guid, name


def test_sgdisk_table(gpt, tmp_path):
    img = sgdisk_image(tmp_path / "d.img")
    out = gpt(img)
    assert out.startswith("ok\n"), out
    assert "warning" not in out
    got = parts(out)
    assert [p[1] for p in got] == ["1", "2", "3", "4"]
    types = {p[1]: p[4] for p in got}
    assert types == {"1": "efi", "2": "linux-data", "3": "ms-basic-data", "4": "freebsd-ufs"}
    for p in got:
        n = int(p[1])
        (first, last), guid, name = sg_info(img, n)
        assert (int(p[2]), int(p[3])) == (first, last)
        assert p[5] == guid
        label = re.search(r'"(.*)"', " ".join(p)).group(1)
        assert label == name
        assert p[-2] == "disk0p%d" % n
        assert p[-1] == "first=" + (b"PART%04d" % n).hex()
    assert "read past partition end succeeded" not in out


def corrupt(img, offset, data=b"\xff"):
    b = bytearray(img.read_bytes())
    b[offset:offset + len(data)] = data
    img.write_bytes(bytes(b))


def test_primary_header_damaged_uses_backup(gpt, tmp_path):
    img = sgdisk_image(tmp_path / "d.img")
    good = parts(gpt(img))
    corrupt(img, 512 + 40)          # first usable LBA: header CRC no longer matches
    out = gpt(img)
    assert out.startswith("ok (backup)"), out
    assert "primary GPT damaged (header CRC mismatch): using the backup" in out
    assert parts(out) == good


def test_primary_table_damaged_uses_backup(gpt, tmp_path):
    img = sgdisk_image(tmp_path / "d.img")
    good = parts(gpt(img))
    corrupt(img, 1024 + 60)         # inside entry 1's name
    out = gpt(img)
    assert "primary GPT damaged (entry array CRC mismatch): using the backup" in out
    assert parts(out) == good


def test_backup_damaged_is_reported(gpt, tmp_path):
    img = sgdisk_image(tmp_path / "d.img")
    size = img.stat().st_size
    corrupt(img, size - 512 + 8)    # backup header's revision
    out = gpt(img)
    assert out.startswith("ok\n")
    assert re.search(r"warning: backup GPT at LBA %d damaged" % (size // 512 - 1), out), out
    assert len(parts(out)) == 4


def test_both_damaged_left_alone(gpt, tmp_path):
    img = sgdisk_image(tmp_path / "d.img")
    size = img.stat().st_size
    corrupt(img, 512 + 40)
    corrupt(img, size - 512 + 40)
    out = gpt(img)
    assert out.startswith("error EINVAL: primary GPT: header CRC mismatch; "
                          "backup GPT: header CRC mismatch"), out
    assert parts(out) == []


def test_no_gpt(gpt, tmp_path):
    img = tmp_path / "z.img"
    img.write_bytes(bytes(1 << 20))
    assert gpt(img).startswith("error ENOENT: no GPT")
    tiny = tmp_path / "t.img"
    tiny.write_bytes(bytes(1024))
    assert gpt(tiny).startswith("error ENOENT")


def test_built_table_and_4k_sectors(gpt, tmp_path):
    """The independent builder agrees with the parser, at 512 and 4096 bytes a sector."""
    for secsize in (512, 4096):
        data, first, last = gptimg.disk(2048, [
            (gptimg.EFI, first_of(secsize), first_of(secsize) + 99, "esp"),
            (gptimg.LINUX, first_of(secsize) + 100, first_of(secsize) + 199, "ル" * 36)],
            secsize=secsize)
        img = tmp_path / ("b%d.img" % secsize)
        img.write_bytes(data)
        out = gpt(img, secsize)
        assert out.startswith("ok\n"), out
        got = parts(out)
        assert [(p[2], p[3]) for p in got] == [
            (str(first_of(secsize)), str(first_of(secsize) + 99)),
            (str(first_of(secsize) + 100), str(first_of(secsize) + 199))]
        assert '"' + "ル" * 36 + '"' in out
        assert "disk %d-%d " % (first, last) in out


def first_of(secsize):
    return 2 + (128 * 128 + secsize - 1) // secsize


HOSTILE = [
    # (name, disk() keyword arguments, expected reason)
    ("overlap", dict(parts=[(gptimg.EFI, 40, 100), (gptimg.LINUX, 100, 200)]),
     "partitions 1 and 2 overlap"),
    ("past_usable", dict(parts=[(gptimg.EFI, 40, 4070)]),
     "partition 1 (40-4070) outside the usable area 34-4062"),
    ("before_usable", dict(parts=[(gptimg.EFI, 1, 10)]), "outside the usable area"),
    ("start_after_end", dict(parts=[(gptimg.EFI, 100, 50)]), "outside the usable area"),
    ("huge_count", dict(parts=[], primary=dict(nent=0xffffffff),
                        backup=dict(nent=0xffffffff)), "4294967295 entries"),
    ("zero_count", dict(parts=[], primary=dict(nent=0), backup=dict(nent=0)), "0 entries"),
    ("entry_size", dict(parts=[], primary=dict(entsz=100), backup=dict(entsz=100)),
     "entry size 100"),
    ("header_size", dict(parts=[], primary=dict(hdr_size=600), backup=dict(hdr_size=600)),
     "header size 600"),
    ("revision", dict(parts=[], primary=dict(revision=0x20000), backup=dict(revision=0x20000)),
     "revision 0x20000"),
    ("self_lba", dict(parts=[], primary=dict(self_lba=5), backup=dict(self_lba=7)),
     "says it is at"),
    ("first_after_last", dict(parts=[], primary=dict(first=3000, last=100),
                              backup=dict(first=3000, last=100)), "usable area 3000-100"),
    ("last_past_disk", dict(parts=[], primary=dict(last=1 << 40), backup=dict(last=1 << 40)),
     "usable area"),
    ("table_in_usable", dict(parts=[], primary=dict(table_lba=100),
                             backup=dict(table_lba=100)), "overlap"),
    ("table_past_disk", dict(parts=[], primary=dict(table_lba=(1 << 63)),
                             backup=dict(table_lba=(1 << 63))), "outside the disk"),
    ("alt_past_disk", dict(parts=[], primary=dict(alt_lba=1 << 50),
                           backup=dict(alt_lba=1 << 50)), "alternate header LBA"),
]


@pytest.mark.parametrize("name,kw,reason", HOSTILE, ids=[h[0] for h in HOSTILE])
def test_hostile_table_left_alone(gpt, tmp_path, name, kw, reason):
    data, _, _ = gptimg.disk(4096, **kw)
    img = tmp_path / (name + ".img")
    img.write_bytes(data)
    out = gpt(img)
    assert out.startswith("error EINVAL: primary GPT: "), out
    assert reason in out, out
    assert parts(out) == []


def test_too_many_partitions(gpt, tmp_path):
    ents = [(gptimg.LINUX, 200 + 2 * i, 200 + 2 * i) for i in range(129)]
    data, _, _ = gptimg.disk(8192, ents, nent=256)
    img = tmp_path / "many.img"
    img.write_bytes(data)
    out = gpt(img)
    assert "more than 128 partitions" in out, out
    ok, _, _ = gptimg.disk(8192, ents[:128], nent=256)
    img.write_bytes(ok)
    assert len(parts(gpt(img))) == 128


def test_hostile_primary_valid_backup(gpt, tmp_path):
    """A primary whose CRCs hold but whose contents are impossible: the backup saves it."""
    good, _, _ = gptimg.disk(4096, [(gptimg.EFI, 40, 100)])
    bad, _, _ = gptimg.disk(4096, [(gptimg.EFI, 40, 100), (gptimg.LINUX, 90, 200)])
    img = bytearray(good)
    img[512:2 * 512 + 128 * 128] = bad[512:2 * 512 + 128 * 128]
    p = tmp_path / "mixed.img"
    p.write_bytes(bytes(img))
    out = gpt(p)
    assert "primary GPT damaged (partitions 1 and 2 overlap): using the backup" in out, out
    assert [x[2:4] for x in parts(out)] == [["40", "100"]]


def test_guid_text(gpt, tmp_path):
    g = str(uuid.uuid4()).upper()
    data, _, _ = gptimg.disk(4096, [(gptimg.EFI, 40, 100, "x", g)])
    p = tmp_path / "g.img"
    p.write_bytes(data)
    assert parts(gpt(p))[0][5] == g
