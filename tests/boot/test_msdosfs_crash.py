"""Crash test of the FAT file system: QEMU killed at random moments.

Twenty runs, each a fresh copy of the boot image: the kernel boots with
tests/storage/crash_writer as init, which mounts the ESP read-write and
writes, fsyncs, renames, appends and removes files in a loop, printing
what it knows to be durable; after a random delay QEMU gets SIGKILL.  On
the host, for every run: fsck.fat -n finds nothing worse than lost
clusters (fatimg.crash_damage), Sanpo's own mount-time check finds the
volume sound, every file whose fsync had returned is there byte for byte,
every removal that was synced is gone, and the log holds at least what
was fsync'ed of it."""
import os
import random
import re
import signal
import sys
import time

import pytest

from busybox import ROOTFS_CONF
from qemu import ESP_OFFSET

sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parents[1] / "host" / "fs"))
import fatimg  # noqa: E402
import fsbuild  # noqa: E402

RUNS = int(os.environ.get("SANPO_CRASH_RUNS", "20"))
CONF = ('autoboot_delay="0"\n' + ROOTFS_CONF +
        'init_path="/usr/tests/sanpo/crash_writer"\n')
PART_SECTORS = 128991


def gen_bytes(n, seed):
    return bytes(((k * 131 + seed * 7 + (k >> 8)) & 0xff) for k in range(n))


def log_bytes(n):
    text = "".join("line %d\n" % i for i in range(1, 100000)).encode()
    return text[:n]


def durable_state(output):
    """From the writer's lines: generations on disk {i: (len, seed)}, the
    one being removed when the kill came (may be there or not), the ones
    removed, and the log's synced length."""
    gens, removed, removing, log = {}, set(), {}, 0
    for m in re.finditer(r"^(durable g(\d+) (\d+) (\d+)|removing g(\d+)|removed g(\d+)|"
                         r"durable log (\d+))$", output, re.M):
        if m.group(2):
            gens[int(m.group(2))] = (int(m.group(3)), int(m.group(4)))
        elif m.group(5):
            i = int(m.group(5))
            removing = {i: gens.pop(i)} if i in gens else {}
        elif m.group(6):
            removed.add(int(m.group(6)))
            removing = {}
        else:
            log = int(m.group(7))
    return gens, removing, removed, log


@pytest.fixture(scope="module")
def fat_tool(tmp_path_factory):
    from qemu import BUILD
    out = BUILD / "host"
    out.mkdir(parents=True, exist_ok=True)
    return fsbuild.build(out, "fat_tool", ["tests/host/fs/fat_tool.c"])


def check_run(run, img, tmp, out, fat_tool):
    part = tmp / "esp.img"
    with open(img.path, "rb") as f:
        f.seek(ESP_OFFSET)
        part.write_bytes(f.read(PART_SECTORS * 512))
    rc, fo = fatimg.fsck(part)
    assert not fatimg.crash_damage(fo), "run %d: %s\n%s" % (run, fatimg.crash_damage(fo), fo)
    r = __import__("subprocess").run([str(fat_tool), "-r", "-f", str(part)], input="statfs\n",
                                     capture_output=True, text=True)
    assert "damaged" not in r.stdout and "mounted fat32" in r.stdout, "run %d: %s" % (
        run, r.stdout)
    gens, removing, removed, log = durable_state(out)
    got = tmp / "got"
    if gens or removed or removing or log:      # the whole directory in one mcopy
        fatimg.m(part, "mcopy", "-s", "-n", "::/crash", str(got))
    files = {p.name: p.read_bytes() for p in got.iterdir()} if got.exists() else {}
    for i, (n, seed) in gens.items():
        assert files.get("g%d" % i) == gen_bytes(n, seed), "run %d: g%d" % (run, i)
    for i, (n, seed) in removing.items():
        assert files.get("g%d" % i, gen_bytes(n, seed)) == gen_bytes(n, seed)
    for i in removed:
        assert "g%d" % i not in files, "run %d: g%d came back" % (run, i)
    if log:
        assert files["log"][:log] == log_bytes(log), "run %d" % run
    return len(gens), log


def test_random_kills(tmp_path, fat_tool):
    from qemu import Image, Machine
    rnd = random.Random(int(os.environ.get("SANPO_CRASH_SEED", "2026")))
    total = 0
    for run in range(RUNS):
        d = tmp_path / ("run%02d" % run)
        d.mkdir()
        img = Image(d)
        img.conf(CONF, kshell=False)
        m = Machine(img, name="msdosfs_crash_%02d" % run, timeout=180)
        try:
            m.expect(r"crash_writer: writing in /mnt/crash")
            m.expect(r"durable g1 ")
            time.sleep(rnd.uniform(0.2, 4.0))
            os.kill(m.p.pid, signal.SIGKILL)
            m.wait_exit(timeout=30)
        finally:
            m.close()
        out = m.output.replace("\r", "")
        assert "crash_writer:" not in out.split("writing in /mnt/crash", 1)[1], out[-2000:]
        ngens, log = check_run(run, img, d, out, fat_tool)
        total += ngens
        print("run %d: %d generations durable, log %d bytes" % (run, ngens, log))
    assert total > RUNS     # the kills came while work was being done
