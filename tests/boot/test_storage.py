"""Disks in the booted kernel, on one boot with six virtio-blk disks: the
image it booted from (vtbd0: its GPT and the ESP as vtbd0p1), a blank
scratch disk (written, flushed and read back through the buffer cache
with many requests in flight), a hostile partition table (left alone), a
damaged primary table (the backup used), a disk whose reads of sector 1
and writes past 1 MiB fail in QEMU (blkdebug: EIO, never a hang), and a
read-only disk, and a disk QEMU throttles to 512 bytes a second (writes
held past 30 s: the driver gives the device up, EIO, never a hang).  Also
the buffer cache's statistics in sysctl and vmstat."""
import re
import sys

import pytest

import kshell

sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parents[1] / "host" / "fs"))
import gptimg  # noqa: E402

BLKDEBUG = """
[inject-error]
event = "read_aio"
errno = "5"
sector = "1"
once = "off"

[inject-error]
event = "write_aio"
errno = "5"
sector = "4096"
once = "off"
"""


@pytest.fixture(scope="module")
def disks(tmp_path_factory):
    from qemu import Image, Machine
    d = tmp_path_factory.mktemp("storage")
    img = Image(d)
    img.conf('autoboot_delay="0"\n')
    scratch = d / "scratch.img"
    scratch.write_bytes(bytes(8 << 20))
    hostile, _, _ = gptimg.disk(4096, [(gptimg.EFI, 40, 100), (gptimg.LINUX, 90, 200)])
    (d / "hostile.img").write_bytes(hostile)
    good, _, _ = gptimg.disk(8192, [(gptimg.EFI, 40, 1000, "esp"),
                                    (gptimg.LINUX, 1001, 8000, "data")])
    damaged = bytearray(good)
    damaged[512 + 40] ^= 0xff
    (d / "damaged.img").write_bytes(bytes(damaged))
    (d / "faulty.img").write_bytes(good)
    (d / "blkdebug.cfg").write_text(BLKDEBUG)
    (d / "ro.img").write_bytes(bytes(1 << 20))
    (d / "slow.img").write_bytes(bytes(1 << 20))
    m = Machine(img, name="storage", disks=[
        str(scratch), str(d / "hostile.img"), str(d / "damaged.img"),
        dict(path="blkdebug:%s:%s" % (d / "blkdebug.cfg", d / "faulty.img")),
        dict(path=str(d / "ro.img"), readonly=True),
        dict(path=str(d / "slow.img"), drive="throttling.bps-write=512")])
    m.expect(r"\n# ", timeout=180)
    # The disks are looked at by a thread once the system runs: gpart waits for it.
    out = kshell.run(m, "gpart show")
    yield m, out
    m.close()


def test_attach(disks):
    m, _ = disks
    log = m.output
    assert re.search(r"vtbd0: <VirtIO block device> at pci0:0:16:0, 64 MiB, 512-byte sectors, "
                     r"queue \d+, seg_max \d+, features <[A-Z_,0-9]*FLUSH[A-Z_,0-9]*>", log), log
    assert re.search(r"vtbd5: <VirtIO block device> at pci0:0:21:0, 1 MiB, 512-byte sectors, "
                     r"read-only", log), log


def test_boot_disk_partitions(disks):
    m, gpart = disks
    assert re.search(r"=>\s+34\s+131005\s+vtbd0\s+GPT\s+\(64M\)", gpart), gpart
    assert re.search(r"^\s+2048\s+128991\s+1\s+efi\s+\(62M\)\s+EFI System$", gpart, re.M), gpart
    out = kshell.run(m, "diskinfo vtbd0 vtbd0p1 /dev/vtbd0p1")
    assert "vtbd0\t512\t67108864\t131072\n" in out
    assert out.count("vtbd0p1\t512\t%d\t128991" % (128991 * 512)) == 2, out


def test_hostile_table_left_alone(disks):
    m, gpart = disks
    assert re.search(r"vtbd2: partition table ignored, disk left alone: primary GPT: "
                     r"partitions 1 and 2 overlap; backup GPT: partitions 1 and 2 overlap",
                     m.output), m.output
    assert "vtbd2p1" not in m.output
    assert "no such device" in kshell.run(m, "diskinfo vtbd2p1")


def test_damaged_primary_uses_backup(disks):
    m, gpart = disks
    assert "vtbd3: primary GPT damaged (header CRC mismatch): using the backup" in m.output
    assert re.search(r'vtbd3p2: \S+ linux-data "data"', m.output), m.output
    assert "vtbd3p2\t512\t%d\t7000" % (7000 * 512) in kshell.run(m, "diskinfo vtbd3p2")


def test_scratch_many_in_flight(disks):
    m, _ = disks
    out = kshell.run(m, "disktest vtbd1 1024", timeout=300)
    assert "disktest: vtbd1: 1024 blocks of 4096 bytes written, flushed and read back" in out
    stat = kshell.run(m, "vtbdstat")
    line = [l for l in stat.splitlines() if l.startswith("vtbd1:")][0]
    inflight = int(re.search(r"max (\d+)\)", line).group(1))
    assert inflight > 4, line
    assert re.search(r"flushes [1-9]", line) and "errors 0" in line, line
    # completions came by the queue's MSI-X interrupt (vmstat -i counts it)
    assert re.search(r"interrupts [1-9]", line), line
    assert re.search(r"^\s*vec\d+: vtblk1:io\s+[1-9]", kshell.run(m, "vmstat -i"), re.M)


def test_device_errors_are_eio(disks):
    m, gpart = disks
    # sector 1 unreadable: the primary table too, the backup serves
    assert re.search(r"vtbd4: primary GPT damaged \(header unreadable \(error 5\)\): "
                     r"using the backup", m.output), m.output
    out = kshell.run(m, "disktest vtbd4 600", timeout=300)
    assert "disktest: vtbd4: write-back failed: error 5" in out, out
    line = [l for l in kshell.run(m, "vtbdstat").splitlines() if l.startswith("vtbd4:")][0]
    assert not re.search(r"errors 0 ", line), line
    assert "FAILED" not in line      # errors on requests, the device still in use
    # and the machine still answers
    assert "vtbd0" in kshell.run(m, "diskinfo vtbd0")


def test_read_only_disk(disks):
    m, _ = disks
    out = kshell.run(m, "disktest vtbd5 16")
    assert "disktest: vtbd5: write-back failed: error 30" in out, out


def test_request_held_too_long_fails_the_device(disks):
    """vtbd6's writes are throttled by QEMU to 512 bytes a second.  16
    blocks of 4 KiB take two minutes -- unless QEMU merged them into one
    request, which it lets through at once (its bucket was empty) and which
    leaves two minutes' worth in the bucket: then the second run's writes
    are held.  Either way some write is held past the driver's 30 s: the
    device is given up on (reset), every request ends with EIO, later ones
    fail at once, and the rest of the machine carries on."""
    m, _ = disks
    out = kshell.run(m, "disktest vtbd6 16", timeout=180)
    if "timed out" not in out:
        assert "disktest: vtbd6: 16 blocks of 4096 bytes written, flushed and read back" in out
        out = kshell.run(m, "disktest vtbd6 16", timeout=180)
    assert "vtbd6: request timed out: device disabled, every request fails with EIO" in out, out
    assert "disktest: vtbd6: write-back failed: error 5" in out, out
    line = [l for l in kshell.run(m, "vtbdstat").splitlines() if l.startswith("vtbd6:")][0]
    assert line.endswith(" FAILED") and "in flight 0 " in line, line
    errors = int(re.search(r"errors (\d+)", line).group(1))
    assert errors > 0, line                 # the requests it ended are counted
    out = kshell.run(m, "disktest vtbd6 1")
    assert "disktest: vtbd6: write-back failed: error 5" in out, out
    assert "timed out" not in out       # failed at once: nothing was waited for
    line = [l for l in kshell.run(m, "vtbdstat").splitlines() if l.startswith("vtbd6:")][0]
    assert int(re.search(r"errors (\d+)", line).group(1)) > errors, line
    assert "vtbd0" in kshell.run(m, "diskinfo vtbd0")


def test_buffer_cache_statistics(disks):
    m, _ = disks
    out = kshell.run(m, "sysctl vfs")
    for name in ("vfs.bufspace", "vfs.maxbufspace", "vfs.numbufs", "vfs.bufhits",
                 "vfs.bufmisses", "vfs.bufwrites", "vfs.bufreadahead", "vfs.numdirtybuffers"):
        assert re.search(r"^%s: \d+$" % re.escape(name), out, re.M), (name, out)
    assert int(re.search(r"vfs.bufreadahead: (\d+)", out).group(1)) > 0
    maxspace = int(re.search(r"vfs.maxbufspace: (\d+)", out).group(1))
    assert 1 << 20 <= maxspace <= 256 << 20
    out = kshell.run(m, "vmstat -b")
    assert re.search(r"buffer cache: \d+ buffers, \d+ KiB of %d KiB, \d+ dirty"
                     % (maxspace >> 10), out), out
    # its table's header line starts with "#": only a prompt with nothing after it ends it
    boot = kshell.run(m, "sysinit", prompt=kshell.PROMPT_AT_END)
    funcs = re.findall(r"^\d+\s+\S+\s+\S+\s+\S+\s+\d+\s+(\w+)$", boot, re.M)
    # set up right after the real-time clock
    assert funcs.index("bufcache_init") == funcs.index("rtc_init") + 1, boot
