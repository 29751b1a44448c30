"""The ESP mounted at /boot, used from the busybox shell, checked on the host.

One boot into user space: /etc/rc mounts the ESP's /boot directory at
/boot (/etc/fstab, mount -a); busybox's mount, df and umount show and
take it.  Files put on the image with mtools before the boot are read in
Sanpo byte for byte (sha256sum); files written in Sanpo (sizes 0 to
1 MiB + 1, a long name, a deep directory, renames, removals, truncation,
timestamps) are read back with mtools after `shutdown -p now` (init ends
every process, the kernel syncs and unmounts), and `fsck.fat -n` finds
nothing to fix -- the volume was marked clean by the unmount at shutdown.
loader.conf edited in Sanpo changes the next boot.  Another boot, with
the ESP marked dirty as a crash leaves it: /etc/rc mounts it read-only
until `mount -o check` checks it (its lost cluster freed, read-write).

A second boot, in the kernel shell, mounts damaged and hostile FAT images
given as a second disk: each refused or mounted read-only with its reason,
reading a broken chain is an I/O error, and nothing is written to them.
The same boot mounts the ESP at /boot and loads modules from /boot/kernel
on it, and shows sync and unmount flushing the disk's write cache."""
import hashlib
import os
import re
import subprocess
import sys
import time

import pytest

import kshell
from busybox import ROOTFS_CONF, login, sh
from qemu import ESP_OFFSET

sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parents[1] / "host" / "fs"))
import fatimg  # noqa: E402

CONF = 'autoboot_delay="0"\n' + ROOTFS_CONF
SIZES = [0, 1, 511, 512, 4096, (1 << 20) + 1]
LONG = "A rather long file name, with spaces and ünïcödé — 2026.txt"
DEEP = "/boot/deep/a/b/c/d/e/f/g/h/i"
STAMPS = {}     # name in /boot/w: modification time Sanpo gave it (test_sanpo_writes)


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
    login(m)
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


def test_disk_devices(esp):
    """The disk and its partition are devices in devfs, as /etc/fstab names
    them: read at any offset (dd's skip=, tail's seek from the end) they
    give the image's bytes; opening one for writing is refused."""
    img, m = esp
    out = sh(m, "ls -l /dev/vtbd0 /dev/vtbd0p1")
    assert re.search(r"^cr--r----- +1 root +root +254, +0 .* /dev/vtbd0\n"
                     r"cr--r----- +1 root +root +254, +1 .* /dev/vtbd0p1$", out, re.M), out
    with open(img.path, "rb") as f:
        disk = f.read(ESP_OFFSET + 8192)     # the GPT and the ESP's boot sectors: never written
        f.seek(-512, os.SEEK_END)
        last = f.read()                     # the backup GPT header
    sha = lambda b: hashlib.sha256(b).hexdigest()   # noqa: E731
    assert sh(m, "dd if=/dev/vtbd0p1 bs=512 count=1 2>/dev/null | sha256sum").split()[0] == \
        sha(disk[ESP_OFFSET:ESP_OFFSET + 512])
    # unaligned: 13 bytes from byte 3 of the ESP (the OEM name...), through the whole disk
    assert sh(m, "dd if=/dev/vtbd0 bs=1 skip=%d count=13 2>/dev/null | sha256sum"
              % (ESP_OFFSET + 3)).split()[0] == sha(disk[ESP_OFFSET + 3:ESP_OFFSET + 16])
    assert sh(m, "dd if=/dev/vtbd0 bs=512 skip=1 count=1 2>/dev/null | head -c 8") == "EFI PART"
    assert sh(m, "tail -c 512 /dev/vtbd0 | sha256sum").split()[0] == sha(last)
    # the partition ends where the table says: one sector left at 128990, then end of file
    assert sh(m, "dd if=/dev/vtbd0p1 bs=512 skip=128990 count=4 2>/dev/null | wc -c") == "512\n"
    assert "Operation not permitted" in sh(m, "echo x > /dev/vtbd0p1")


def test_mount_df_umount(esp):
    """busybox's mount and df (over /proc/mounts and statfs) show the ESP at
    /boot; umount refuses while a shell is in it, then takes it away, and
    mount -a puts it back from /etc/fstab."""
    img, m = esp
    assert "vtbd0p1 on /boot type msdosfs (rw)\n" in sh(m, "mount")
    df = sh(m, "df -k /boot").splitlines()
    assert df[0].split()[:2] == ["Filesystem", "1K-blocks"], df
    dev, total, used, avail = df[1].split()[:4]
    assert dev == "vtbd0p1" and df[1].split()[-1] == "/boot", df
    # the 128991-sector partition less its FATs; the kernel and the root archive in use
    total, used, avail = int(total), int(used), int(avail)
    assert 60000 < total < 128991 // 2 and used > 1000 and used + avail == total, df
    out = sh(m, "cd /boot && umount /boot; echo status $?; cd /")
    assert "Device or resource busy" in out and "status 1" in out, out
    assert sh(m, "umount /boot; echo status $?") == "status 0\n"
    assert "/boot" not in sh(m, "mount")
    assert "No such file" in sh(m, "cat /boot/loader.conf")  # the root's own /boot
    assert sh(m, "mount -a; echo status $?") == "status 0\n"
    assert "vtbd0p1 on /boot type msdosfs (rw)\n" in sh(m, "mount")
    assert "rootfs_load" in sh(m, "cat /boot/loader.conf")


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
    # Timestamps: a new file's is the clock's (FAT keeps even seconds), one
    # set by touch -d is kept; mtools reads both after the power-off.
    t0 = int(sh(m, "date -u +%s"))
    sh(m, "echo stamped > stamped")
    stamped = int(sh(m, "stat -c %Y stamped"))
    assert t0 - 2 <= stamped <= int(sh(m, "date -u +%s")), (t0, stamped)
    sh(m, "touch -d '2001-02-03 04:05:06' old")
    assert sh(m, "stat -c %Y old") == "981173106\n"
    STAMPS["stamped"], STAMPS["old"] = stamped, 981173106
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
    m.line("cd / && shutdown -p now")
    assert m.wait_exit(timeout=120) == 0
    assert "init: powering off" in m.output      # init ended the processes first
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
    for name, t in STAMPS.items():      # Sanpo's clock is UTC; FAT's fields are as written
        tm = time.gmtime(t)
        listing = fatimg.m(part, "mdir", "::/boot/w/" + name).decode()
        assert re.search(r"%s +%d:%02d" % (time.strftime("%Y-%m-%d", tm), tm.tm_hour,
                                           tm.tm_min), listing), (name, t, listing)


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


def test_dirty_esp_mounted_read_only_until_checked(tmp_path):
    """An ESP a crash left marked dirty, with a lost cluster: /etc/rc mounts
    it read-only and the kernel says why; writes are refused, reads work,
    nothing is written.  Mounted again with -o check, the walk finds it
    sound, frees the lost cluster and the mount is read-write; after
    shutdown fsck.fat finds nothing to fix."""
    from qemu import Image, Machine
    img = Image(tmp_path)
    img.conf(CONF, kshell=False)
    f = fatimg.bpb(img.path, ESP_OFFSET)
    lost = f["rootclus"] + 100000       # far past the image's files
    with open(img.path, "r+b") as fp:
        for k in range(f["nfats"]):
            fp.seek(ESP_OFFSET + (f["rsvd"] + k * f["fatsz"]) * f["bps"] + 4 * lost)
            assert fp.read(4) == bytes(4)
            fp.seek(-4, os.SEEK_CUR)
            fp.write(b"\xff\xff\xff\x0f")      # in use, in no file: lost
    fatimg.mark_dirty(img.path, ESP_OFFSET)

    def esp_bytes():
        with open(img.path, "rb") as fp:
            fp.seek(ESP_OFFSET)
            return fp.read(128991 * 512)
    before = esp_bytes()
    m = Machine(img, name="msdosfs_dirty", timeout=180)
    try:
        login(m)
        assert "msdosfs: vtbd0p1: volume not cleanly unmounted: read-only until checked" \
            in m.output, m.output
        assert "rc: some file systems were not mounted" not in m.output
        assert "vtbd0p1 on /boot type msdosfs (ro)\n" in sh(m, "mount")
        assert "rootfs_load" in sh(m, "cat /boot/loader.conf")
        assert "Read-only file system" in sh(m, "echo x > /boot/new")
        assert "Read-only file system" in sh(m, "rm -f /boot/loader.conf")
        assert "Read-only file system" in sh(m, "mkdir /boot/d")
        assert esp_bytes() == before        # not a byte written, the flag left set
        out = sh(m, "umount /boot && mount -o check,subdir=boot -t msdosfs /dev/vtbd0p1 /boot")
        assert "msdosfs: vtbd0p1: volume not cleanly unmounted: checked, 1 lost cluster " \
            "freed" in out, out
        assert "vtbd0p1 on /boot type msdosfs (rw)\n" in sh(m, "mount")
        sh(m, "echo checked > /boot/new")
        m.line("shutdown -p now")
        assert m.wait_exit(timeout=120) == 0
    finally:
        m.close()
    part = tmp_path / "esp.img"
    part.write_bytes(esp_bytes())
    rc, out = fatimg.fsck(part)
    assert rc == 0 and "Dirty" not in out and "Reclaimed" not in out, out
    assert fatimg.mget(part, "/boot/new", tmp=tmp_path) == b"checked\n"


# --- damaged and hostile volumes as a second disk ---------------------------

KINDS = sorted(fatimg.HOSTILE)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    from qemu import BUILD, Image, Machine
    d = tmp_path_factory.mktemp("hostilefat")
    img = Image(d)
    img.conf(CONF)          # the root file system's /mnt and /tmp are the mount points
    disks, before = [], {}
    for k in KINDS:
        p = fatimg.hostile(k, d / (k + ".img"), d)
        before[k] = p.read_bytes()
        disks.append(str(p))
    # Modules only the ESP has (the root file system's /boot/kernel lacks them).
    for name in ("kld_a", "kld_b"):
        img.put("/boot/kernel/%s.ko" % name, (BUILD / ("tests/kld/%s.ko" % name)).read_bytes())
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


def test_kldload_from_the_esp(hostile):
    """kldload finds a module and its dependency in /boot/kernel on the ESP
    mounted at /boot (module_path's first directory), reading them through
    msdosfs, the buffer cache and vtbd; before the mount they are not there."""
    m, _, _ = hostile
    out = kshell.run(m, "kldload kld_b")
    assert "kldload: kld_b: no such file" in out, out
    assert kshell.run(m, "mount -o subdir=boot -t msdosfs vtbd0p1 /boot") == ""
    try:
        out = kshell.run(m, "kldload -v kld_b")
        assert re.search(r"Loaded kld_b, id=\d+", out), out
        out = kshell.run(m, "kldstat -v")
        assert "kld_b.ko (/boot/kernel/kld_b.ko)" in out, out
        assert "kld_a.ko (/boot/kernel/kld_a.ko)" in out, out     # the dependency
        assert kshell.run(m, "kldunload kld_b") == ""
        assert "kld_a.ko" not in kshell.run(m, "kldstat")     # went with kld_b
    finally:
        assert kshell.run(m, "umount /boot") == ""


def test_sync_and_umount_flush_the_disk(hostile):
    """sync(2) and unmount of a read-write FAT volume end with the disk's
    write cache flushed (vtbd counts the FLUSH requests it sent); unmount
    flushes twice: everything, then the clean flag written after it."""
    m, _, _ = hostile

    def flushes():
        line = [l for l in kshell.run(m, "vtbdstat").splitlines() if l.startswith("vtbd0:")][0]
        return int(re.search(r"flushes (\d+)", line).group(1))
    assert kshell.run(m, "mount -o subdir=boot -t msdosfs vtbd0p1 /boot") == ""
    mounted = True
    try:
        before = flushes()
        assert kshell.run(m, "sync") == ""
        synced = flushes()
        assert synced > before
        assert kshell.run(m, "umount /boot") == ""
        mounted = False
        assert flushes() >= synced + 2
    finally:
        if mounted:
            kshell.run(m, "umount /boot")
