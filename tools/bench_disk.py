#!/usr/bin/python3
"""make bench-disk: Sanpo's FAT file system and disk path in context.

In one run, the same workload in Sanpo (busybox shell, msdosfs on vtbd) and
in Debian's Linux (linux-image-cloud-amd64 with a busybox-static initramfs
that loads virtio_blk and vfat), both under the same QEMU settings (q35,
-cpu max, TCG, 4 CPUs, 512 MiB) on the same kind of disk: a fresh copy of
one FAT32 image (mkfs.fat, 4 KiB clusters) attached as a virtio-blk disk.

The workload, typed at each guest's shell:
  write   dd 32 MiB from /dev/zero in 64 KiB writes, then sync
  read    unmount and mount again (no cached data), dd the file to /dev/null
  create  1000 small files (echo x > f<i>), then sync

Times are taken on the host between marker lines the guest prints (the
serial line adds milliseconds to seconds).  Prints each phase's seconds,
MiB/s or files/s, and the ratio Sanpo/Linux (above 1: Sanpo is slower).
Asserts nothing.  RUNS=n repeats the whole thing and prints medians.  The
consoles are kept in build/bench/disk-{sanpo,linux}.log.
"""
import os
import pathlib
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "tests" / "lib"))
from bench_boot import BENCH, COMMON, fetch_linux, newc  # noqa: E402
from busybox import PROMPT as SANPO_PROMPT, ROOTFS_CONF  # noqa: E402
from qemu import OVMF_CODE, OVMF_VARS, Image, disk_args  # noqa: E402

import pexpect  # noqa: E402

RUNS = int(os.environ.get("RUNS", "1"))
LINUX_PROMPT = r"linux-bench# (?:\x1b\[6n)?$"
PHASES = [
    ("write", "dd if=/dev/zero of=/mnt/big bs=65536 count=512 2>/dev/null && sync"),
    ("read", None),         # remount, then dd the file back
    ("create", "mkdir /mnt/s && i=0 && while [ $i -lt 1000 ]; do echo x > /mnt/s/f$i; "
               "i=$((i+1)); done && sync"),
]
# virtio_pci is the transport virtio_blk does not name as a dependency; the
# nls tables are vfat's defaults (codepage 437, iocharset ascii, utf8).
MODULES = ["virtio_pci", "virtio_blk", "vfat", "nls_cp437", "nls_ascii", "nls_utf8"]


def bench_image(path):
    """The disk both guests get: FAT32, 4 KiB clusters, 300 MB (65536+ clusters)."""
    if path.exists():
        path.unlink()
    subprocess.run(["mkfs.fat", "-C", "-F", "32", "-s", "8", str(path), "300000"],
                   check=True, capture_output=True)
    return path


def module_order(root, names):
    """The .ko files names need, dependencies first (each module's
    "depends=" in its .modinfo; the package ships no modules.dep)."""
    moddir = next(iter(sorted((root / "lib" / "modules").iterdir())))
    files = {p.name.split(".ko")[0].replace("-", "_"): p for p in moddir.rglob("*.ko*")}
    order = []

    def depends(path):
        data = path.read_bytes()
        if path.name.endswith(".xz"):
            data = subprocess.run(["xz", "-dc"], input=data, capture_output=True,
                                  check=True).stdout
        m = re.search(rb"depends=([^\0]*)\0", data)
        return [d for d in (m.group(1).decode().split(",") if m else []) if d]

    def visit(name):
        for d in depends(files[name]):
            visit(d.replace("-", "_"))
        if files[name] not in order:
            order.append(files[name])
    for n in names:
        visit(n)
    return order


def linux_initramfs(root, busybox):
    mods = module_order(root, MODULES)
    init = ["#!/bin/busybox sh",
            "/bin/busybox --install -s /bin",
            "mount -t devtmpfs dev /dev; mount -t proc proc /proc",
            *["insmod /lib/%s" % m.name for m in mods],
            "mkdir -p /mnt; export PS1='linux-bench# '",
            "exec setsid cttyhack sh"]
    entries = [("bin", 0o040755), ("dev", 0o040755), ("proc", 0o040755), ("lib", 0o040755),
               ("mnt", 0o040755), ("dev/console", 0o020600, b"", 5, 1),
               ("bin/busybox", 0o100755, busybox.read_bytes()),
               ("init", 0o100755, "\n".join(init).encode() + b"\n")]
    for m in mods:
        data = m.read_bytes()
        if m.name.endswith(".xz"):
            data = subprocess.run(["xz", "-dc"], input=data, capture_output=True,
                                  check=True).stdout
        entries.append(("lib/" + m.name.replace(".xz", ""), 0o100644, data))
    path = BENCH / "disk-initramfs.cpio"
    path.write_bytes(newc(entries))
    return path


def type_line(p, text):
    for ch in text + "\r":
        p.send(ch)
        time.sleep(0.005)


def run(p, prompt, cmd):
    """Type cmd at the guest's shell; an error if it fails."""
    type_line(p, "%s; echo STATUS-$?" % cmd)
    p.expect(r"\nSTATUS-(\d+)")
    if p.match.group(1) != "0":
        raise RuntimeError("'%s' failed in the guest:\n%s" % (cmd, p.before[-2000:]))
    p.expect(prompt)


def run_phases(p, prompt, mount, remount):
    """Seconds each phase took, from the host's clock between markers."""
    out = {}
    run(p, prompt, mount)
    for name, cmd in PHASES:
        if cmd is None:
            run(p, prompt, remount)
            cmd = "dd if=/mnt/big of=/dev/null bs=65536 2>/dev/null"
        type_line(p, "echo BEGIN-%s; %s; echo END-%s $?" % (name, cmd, name))
        p.expect("\nBEGIN-%s" % name)
        t0 = time.monotonic()
        p.expect(r"END-%s (\d+)" % name, timeout=900)
        out[name] = time.monotonic() - t0
        if p.match.group(1) != "0":
            raise RuntimeError("%s failed in the guest:\n%s" % (name, p.before[-2000:]))
        p.expect(prompt)
    return out


def bench_sanpo(workdir, disk):
    img = Image(workdir)
    img.conf('autoboot_delay="0"\n' + ROOTFS_CONF, kshell=False)
    vars_ = pathlib.Path(workdir) / "vars.fd"
    shutil.copyfile(OVMF_VARS, vars_)
    args = COMMON + ["-drive", "if=pflash,format=raw,unit=0,readonly=on,file=" + OVMF_CODE,
                     "-drive", "if=pflash,format=raw,unit=1,file=%s" % vars_,
                     *disk_args(img.path, 0, boot=True), *disk_args(disk, 1)]
    p = pexpect.spawn("qemu-system-x86_64", args, encoding="utf-8", codec_errors="replace",
                      timeout=300)
    p.logfile_read = open(BENCH / "disk-sanpo.log", "w")
    try:
        p.expect(SANPO_PROMPT)
        return run_phases(p, SANPO_PROMPT, "mount -t msdosfs /dev/vtbd1 /mnt",
                          "umount /mnt && mount -t msdosfs /dev/vtbd1 /mnt")
    finally:
        p.terminate(force=True)


def bench_linux(workdir, disk, vmlinuz, initrd):
    vars_ = pathlib.Path(workdir) / "vars.fd"
    shutil.copyfile(OVMF_VARS, vars_)
    args = COMMON + ["-drive", "if=pflash,format=raw,unit=0,readonly=on,file=" + OVMF_CODE,
                     "-drive", "if=pflash,format=raw,unit=1,file=%s" % vars_,
                     "-kernel", str(vmlinuz), "-initrd", str(initrd),
                     "-append", "console=ttyS0 loglevel=1 panic=-1",
                     *disk_args(disk, 1)]
    p = pexpect.spawn("qemu-system-x86_64", args, encoding="utf-8", codec_errors="replace",
                      timeout=300)
    p.logfile_read = open(BENCH / "disk-linux.log", "w")
    try:
        p.expect(LINUX_PROMPT)
        return run_phases(p, LINUX_PROMPT, "mount -t vfat /dev/vda /mnt",
                          "umount /mnt && mount -t vfat /dev/vda /mnt")
    finally:
        p.terminate(force=True)


def rate(name, secs):
    return ("%.1f MiB/s" % (32 / secs)) if name in ("write", "read") else \
        ("%.0f files/s" % (1000 / secs))


def main():
    BENCH.mkdir(parents=True, exist_ok=True)
    vmlinuz, busybox = fetch_linux()
    initrd = linux_initramfs(BENCH / "root", busybox)
    base = bench_image(BENCH / "disk-bench.img")
    res = {"Sanpo": [], "Linux": []}
    for i in range(RUNS):
        for who in ("Sanpo", "Linux"):
            with tempfile.TemporaryDirectory() as d:
                disk = pathlib.Path(d) / "bench.img"
                shutil.copyfile(base, disk)
                r = bench_sanpo(d, disk) if who == "Sanpo" else \
                    bench_linux(d, disk, vmlinuz, initrd)
                res[who].append(r)
                print("run %d/%d %s: %s" % (i + 1, RUNS, who, ", ".join(
                    "%s %.2fs" % (k, v) for k, v in r.items())), flush=True)
    print()
    print("disk workload under QEMU TCG, 4 CPUs, FAT32 (4 KiB clusters) on virtio-blk, "
          "median of %d run(s)" % RUNS)
    print("%-8s %22s %22s %8s" % ("phase", "Sanpo", "Linux (vfat)", "ratio"))
    for name, _ in PHASES:
        s = statistics.median(r[name] for r in res["Sanpo"])
        lx = statistics.median(r[name] for r in res["Linux"])
        print("%-8s %8.2fs %13s %8.2fs %13s %8.2f" % (name, s, rate(name, s), lx,
                                                         rate(name, lx), s / lx))
    print("phases: write = dd 32 MiB in 64 KiB writes + sync; read = dd it back after a "
          "remount; create = 1000 files of 2 bytes + sync; ratio = Sanpo/Linux time")


if __name__ == "__main__":
    main()
