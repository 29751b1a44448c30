"""The image builder (disk-image/mkimage.sh): the ESP's FAT file system must
fill its GPT partition exactly, neither more (running over the backup GPT
at the end of the disk) nor less, and check clean with `fsck.fat -n` run on
the partition alone."""
import re
import struct
import subprocess

import pytest


def build_image(host, tmp_path):
    layout = tmp_path / "layout"
    layout.write_text("/boot/loader.conf\tdisk-image/loader.conf\n/boot/modules/\t-\n")
    out = tmp_path / "disk.img"
    r = subprocess.run([str(host.top / "disk-image/mkimage.sh"), str(layout), str(tmp_path),
                        str(out)], cwd=host.top, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    return out


def partition(img):
    """(first, last) sector of GPT partition 1, as sgdisk reads the table."""
    info = subprocess.run(["sgdisk", "--info=1", str(img)], capture_output=True,
                          text=True, check=True).stdout
    first = int(re.search(r"First sector: (\d+)", info).group(1))
    last = int(re.search(r"Last sector: (\d+)", info).group(1))
    return first, last


@pytest.fixture(scope="module")
def image(host, tmp_path_factory):
    return build_image(host, tmp_path_factory.mktemp("mkimage"))


def test_fat_fills_partition(image):
    first, last = partition(image)
    data = image.read_bytes()
    bs = data[first * 512:(first + 1) * 512]
    bytes_per_sec, = struct.unpack_from("<H", bs, 11)
    tot16, = struct.unpack_from("<H", bs, 19)
    hidden, tot32 = struct.unpack_from("<II", bs, 28)
    total = tot16 or tot32
    assert bytes_per_sec == 512
    assert total == last - first + 1, "FAT claims %d sectors, partition has %d" % (
        total, last - first + 1)
    assert hidden == first
    # The backup GPT header is still where the primary says it is.
    assert data[-512:-504] == b"EFI PART"


def test_fsck_on_partition_alone(image, tmp_path):
    first, last = partition(image)
    part = tmp_path / "esp.img"
    with open(image, "rb") as f:
        f.seek(first * 512)
        part.write_bytes(f.read((last - first + 1) * 512))
    r = subprocess.run(["fsck.fat", "-n", str(part)], capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
    # And mtools still finds the files there.
    r = subprocess.run(["mdir", "-i", str(part), "::/boot"], capture_output=True, text=True)
    assert r.returncode == 0 and "loader" in r.stdout.lower(), r.stdout + r.stderr
    # sgdisk finds both GPT copies intact.
    r = subprocess.run(["sgdisk", "--verify", str(image)], capture_output=True, text=True)
    assert "No problems found" in r.stdout, r.stdout
