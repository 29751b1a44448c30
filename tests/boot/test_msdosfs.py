"""The ESP mounted at /boot, used from the busybox shell, checked on the host.

One boot into user space: /etc/rc mounts the ESP's /boot directory at
/boot (/etc/fstab, mount -a).  Files put on the image with mtools before
the boot are read in Sanpo byte for byte (sha256sum); files written in
Sanpo (sizes 0 to 1 MiB + 1, a long name, a deep directory, renames,
removals, truncation) are read back with mtools after `poweroff -f`, and
`fsck.fat -n` finds nothing to fix -- the volume was marked clean by the
unmount at shutdown.  loader.conf edited in Sanpo changes the next boot.

A second boot, in the kernel shell, mounts damaged and hostile FAT images
given as a second disk: each refused or mounted read-only with its reason,
reading a broken chain is an I/O error, and nothing is written to them."""
import hashlib
import os
import re
import subprocess
import sys

import pytest

import kshell
from busybox import PROMPT, ROOTFS_CONF, sh
from qemu import ESP_OFFSET

sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parents[1] / "host" / "fs"))
import fatimg  # noqa: E402

CONF = 'autoboot_delay="0"\n' + ROOTFS_CONF
SIZES = [0, 1, 511, 512, 4096, (1 << 20) + 1]
LONG = "A rather long file name, with spaces and ünïcödé — 2026.txt"
DEEP = "/boot/deep/a/b/c/d/e/f/g/h/i"


def seq_bytes(n):
    """What `seq 1 300000 | head -c n` writes."""
    text = "".join("%d\n" % i for i in range(1, 300001)).encode()
    assert len(text) >= n
    return text[:n]


def host_files():
    rnd = __import__("random").Random(21)
    files = {"/boot/host/empty": b"", "/boot/host/one": b"\x00",
             "/boot/host/Mixed Case.Bin": bytes(rnd.getrandbits(8) for _ in range(3000)),
             "/boot/host/deep/x/y/z/leaf.dat": bytes(rnd.getrandbits(8) for _ in range(70000)),
             "/boot/host/caf\u00e9 \u2603.txt": "snowman ☃\n".encode()}
    files["/boot/host/big.bin"] = bytes(rnd.getrandbits(8) for _ in range(600000))
    return files


@pytest.fixture(scope="module")
def esp(tmp_path_factory):
    from qemu import Image, Machine
    d = tmp_path_factory.mktemp("msdosfs")
    img = Image(d)
    img.conf(CONF, kshell=False)
    for path, data in host_files().items():
        img.put(path, data)
    m = Machine(img, name="msdosfs", timeout=180)
    m.expect(PROMPT)
    yield img, m
    m.close()


def test_mounted_by_rc(esp):
    img, m = esp
    assert "rc: mounting local file systems" in m.output
    assert "rc: some file systems were not mounted" not in m.output
    out = sh(m, "stat -f -c '%T %s %b' /boot")
    fstype, bsize, blocks = out.split()
    assert fstype == "msdos" and int(bsize) == 512 and int(blocks) > 100000, out
    listing = sh(m, "ls /boot")
    assert {"loader.conf", "kernel", "lua", "rootfs.cpio"} <= set(listing.split()), listing


def test_host_files_read_in_sanpo(esp):
    img, m = esp
    for path, data in host_files().items():
        out = sh(m, "sha256sum '%s'" % path)
        assert out.split()[0] == hashlib.sha256(data).hexdigest(), (path, out)


def test_sanpo_writes(esp):
    img, m = esp
    sh(m, "mkdir /boot/w && cd /boot/w")
    for n in SIZES:
        assert sh(m, "seq 1 300000 | head -c %d > f%d; wc -c < f%d" % (n, n, n)).strip() == str(n)
    sh(m, "echo long > '%s'" % LONG)
    sh(m, "mkdir -p %s && echo deep > %s/leaf" % (DEEP, DEEP))
    sh(m, "echo temporary > tmpfile && mv tmpfile renamed && echo gone > gone && rm gone")
    sh(m, "mkdir emptydir && rmdir emptydir && mkdir keptdir && mv keptdir moveddir")
    sh(m, "seq 1 10000 > trunc && truncate -s 1000 trunc && truncate -s 5000 trunc")
    out = sh(m, "ls -la /boot/w")
    for name in ["f0", "f1048577", "renamed", "moveddir"]:
        assert name in out, (name, out)
    # (ls shows the name's non-ASCII bytes as '?': the file opens by its exact name)
    # (the long command line wraps in the echo: look at the last line only)
    assert sh(m, "cat '%s'" % LONG).strip().split("\n")[-1] == "long"
    assert "gone" not in out and "emptydir" not in out and "tmpfile" not in out
    assert sh(m, "cat %s/leaf" % DEEP).strip() == "deep"
    sh(m, "cd /")


def test_edit_loader_conf(esp):
    img, m = esp
    sh(m, "cp /boot/loader.conf /boot/loader.conf.orig")
    sh(m, "echo 'sanpo.storage.marker=\"edited in sanpo\"' >> /boot/loader.conf")
    sh(m, "echo 'kern.kshell=\"YES\"' >> /boot/loader.conf")
    assert "edited in sanpo" in sh(m, "tail -2 /boot/loader.conf")


def test_poweroff_leaves_a_clean_volume(esp, tmp_path):
    img, m = esp
    m.line("cd / && poweroff -f")
    assert m.wait_exit(timeout=120) == 0
    assert "Syncing disks... done" in m.output
    part = tmp_path / "esp.img"
    with open(img.path, "rb") as f:
        f.seek(ESP_OFFSET)
        part.write_bytes(f.read(128991 * 512))
    rc, out = fatimg.fsck(part)
    assert rc == 0 and "Dirty" not in out, out
    for n in SIZES:
        assert fatimg.mget(part, "/boot/w/f%d" % n, tmp=tmp_path) == seq_bytes(n), n
    assert fatimg.mget(part, "/boot/w/" + LONG, tmp=tmp_path) == b"long\n"
    assert fatimg.mget(part, DEEP + "/leaf", tmp=tmp_path) == b"deep\n"
    assert fatimg.mget(part, "/boot/w/renamed", tmp=tmp_path) == b"temporary\n"
    trunc = fatimg.mget(part, "/boot/w/trunc", tmp=tmp_path)
    assert trunc == seq_bytes(1000) + bytes(4000)
    names = fatimg.m(part, "mdir", "-b", "::/boot/w").decode()
    assert "gone" not in names and "emptydir" not in names and "moveddir" in names


def test_next_boot_sees_the_edit(esp):
    """The edited loader.conf: the marker reaches the kernel, kern.kshell its shell."""
    from qemu import Machine
    img, _ = esp
    m = Machine(img, name="msdosfs_reboot", timeout=180)
    try:
        m.expect(r"kern.kshell is set")
        m.expect(r"\n# ")
        out = kshell.run(m, "kenv")
        assert 'sanpo.storage.marker="edited in sanpo"' in out, out
    finally:
        m.close()


# --- damaged and hostile volumes as a second disk ---------------------------

KINDS = sorted(fatimg.HOSTILE)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    from qemu import Image, Machine
    d = tmp_path_factory.mktemp("hostilefat")
    img = Image(d)
    img.conf(CONF)          # the root file system's /mnt and /tmp are the mount points
    disks, before = [], {}
    for k in KINDS:
        p = fatimg.hostile(k, d / (k + ".img"), d)
        before[k] = p.read_bytes()
        disks.append(str(p))
    m = Machine(img, name="hostile_fat", disks=disks, timeout=180)
    m.expect(r"\n# ")
    yield m, d, before
    m.close()


@pytest.mark.parametrize("kind", KINDS)
def test_hostile_volume(hostile, kind):
    m, d, before = hostile
    dev = "vtbd%d" % (KINDS.index(kind) + 1)
    why, refused = fatimg.HOSTILE[kind]
    out = kshell.run(m, "mount -t msdosfs %s /mnt" % dev)
    assert why in out, out
    if refused:
        assert "mount: %s on /mnt: invalid argument" % dev in out, out
        return
    try:
        assert re.search(r"^%s on /mnt \(msdosfs, read-only\)" % dev,
                         kshell.run(m, "mount"), re.M)
        cat = kshell.run(m, "cat /mnt/A.TXT")
        if kind in ("escape", "loop", "free_in_chain"):
            assert "cat: /mnt/A.TXT: error 5" in cat, cat
        else:
            assert cat.strip() == "A" * 1499, cat[:100]
        if kind == "huge_size":
            assert "cat: /mnt/B.TXT: error 5" in kshell.run(m, "cat /mnt/B.TXT")
    finally:
        assert kshell.run(m, "umount /mnt") == ""
    if kind == "dirty":     # forced read-write: the warning goes
        out = kshell.run(m, "mount -o force -t msdosfs %s /mnt" % dev)
        assert "not cleanly" not in out
        assert re.search(r"^%s on /mnt \(msdosfs\)" % dev, kshell.run(m, "mount"), re.M)
        assert kshell.run(m, "umount /mnt") == ""
    else:
        assert (d / (kind + ".img")).read_bytes() == before[kind]     # untouched


def test_mount_errors(hostile):
    m, _, _ = hostile
    assert "no such file or device" in kshell.run(m, "mount -t msdosfs vtbd9 /mnt")
    assert "unknown file system type" in kshell.run(m, "mount -t nofs vtbd1 /mnt")
    assert "not a mount point" in kshell.run(m, "umount /tmp")
    # the same device twice
    kshell.run(m, "mount -t msdosfs %s /mnt" % "vtbd%d" % (KINDS.index("dirty") + 1))
    out = kshell.run(m, "mount -t msdosfs %s /tmp" % "vtbd%d" % (KINDS.index("dirty") + 1))
    assert "busy" in out, out
    assert kshell.run(m, "umount /mnt") == ""
