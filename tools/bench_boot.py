#!/usr/bin/python3
"""make bench-boot: Sanpo's boot time in context.

In one run, boots Sanpo (to its shell prompt) and, as the reference a user
would otherwise pick, Debian's Linux kernel (linux-image-cloud-amd64) with a
busybox-static initramfs whose init prints a marker and powers off -- both
under the same QEMU/OVMF settings (q35, -cpu max, TCG, 4 CPUs, 512 MiB),
5 runs each.  Prints the median wall time from QEMU start to the firmware
starting the boot application, to the ready point, and the post-firmware
ratio Sanpo/Linux; and Sanpo's own figures: the loader's time, Lua's share
of it, and kernel entry to the shell prompt.

The Debian packages are downloaded (not installed) with `apt-get download`
into build/bench and unpacked there.
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

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "tests" / "lib"))
from qemu import BUILD, OVMF_CODE, OVMF_VARS, Image, disk_args  # noqa: E402

import pexpect  # noqa: E402

RUNS = int(os.environ.get("RUNS", "5"))
SMP = os.environ.get("SMP", "4")
BENCH = BUILD / "bench"
MARKER = "SANPO-BENCH-LINUX-READY"
COMMON = ["-machine", "q35", "-cpu", "max", "-accel", "tcg", "-smp", SMP, "-m", "512M",
          "-display", "none", "-serial", "stdio", "-monitor", "none", "-no-reboot"]


def fetch_linux():
    """vmlinuz and busybox from Debian's packages, unpacked under build/bench."""
    root = BENCH / "root"
    vmlinuz = next(iter(sorted(root.glob("boot/vmlinuz-*"))), None) if root.exists() else None
    if vmlinuz and (root / "bin" / "busybox").exists():
        return vmlinuz, root / "bin" / "busybox"
    debs = BENCH / "debs"
    debs.mkdir(parents=True, exist_ok=True)
    dep = subprocess.run(["apt-cache", "depends", "linux-image-cloud-amd64"],
                         capture_output=True, text=True, check=True).stdout
    image_pkg = re.search(r"Depends: (linux-image-\S+)", dep).group(1)
    subprocess.run(["apt-get", "download", image_pkg, "busybox-static"], cwd=debs,
                   check=True, capture_output=True)
    for deb in debs.glob("*.deb"):
        subprocess.run(["dpkg-deb", "-x", str(deb), str(root)], check=True)
    return next(iter(sorted(root.glob("boot/vmlinuz-*")))), root / "bin" / "busybox"


def newc(entries):
    """A cpio 'newc' archive: [(name, mode, data, rdevmajor, rdevminor)]."""
    out = bytearray()

    def add(ino, name, mode, data=b"", rmaj=0, rmin=0):
        nameb = name.encode() + b"\0"
        hdr = "070701" + "".join("%08X" % v for v in (
            ino, mode, 0, 0, 1, 0, len(data), 0, 0, rmaj, rmin, len(nameb), 0))
        out.extend(hdr.encode() + nameb)
        out.extend(b"\0" * (-len(out) % 4))
        out.extend(data)
        out.extend(b"\0" * (-len(out) % 4))

    for i, e in enumerate(entries, 1):
        add(i, *e)
    add(len(entries) + 1, "TRAILER!!!", 0)
    return bytes(out)


def make_initramfs(busybox):
    init = ("#!/bin/busybox sh\n"
            "/bin/busybox echo %s\n"
            "/bin/busybox poweroff -f\n" % MARKER).encode()
    path = BENCH / "initramfs.cpio"
    path.write_bytes(newc([
        ("bin", 0o040755), ("dev", 0o040755), ("proc", 0o040755),
        ("dev/console", 0o020600, b"", 5, 1),
        ("bin/busybox", 0o100755, busybox.read_bytes()),
        ("init", 0o100755, init),
    ]))
    return path


def timed_boot(args, firmware_re, ready_re, after_ready=None):
    """Seconds from QEMU start to the firmware starting the boot application
    and to the ready point (and whatever after_ready(p) returns)."""
    t0 = time.monotonic()
    p = pexpect.spawn("qemu-system-x86_64", args, encoding="utf-8",
                      codec_errors="replace", timeout=180)
    extra = None
    try:
        p.expect(firmware_re)
        t_fw = time.monotonic() - t0
        p.expect(ready_re)
        t_ready = time.monotonic() - t0
        if after_ready is not None:
            extra = after_ready(p)
    finally:
        p.terminate(force=True)
    return t_fw, t_ready, extra


def sanpo_figures(p):
    """Sanpo's own figures: the loader's ms and Lua's ms of it (from the
    kernel's boot report), and kern.boot_ms.kernel (kernel entry to the
    prompt)."""
    lua = re.search(r"boot time: lua (\d+\.\d+) ms of the loader's (\d+) ms", p.before)
    for ch in "sysctl kern.boot_ms.kernel\r":
        p.send(ch)
        time.sleep(0.01)
    p.expect(r"kern.boot_ms.kernel: (\d+)")
    return {"kernel": int(p.match.group(1)),
            "loader": int(lua.group(2)) if lua else None,
            "lua": float(lua.group(1)) if lua else None}


def bench_sanpo(workdir, smp=SMP):
    img = Image(workdir)
    img.conf('autoboot_delay="0"\n')
    vars_ = pathlib.Path(workdir) / "vars.fd"
    shutil.copyfile(OVMF_VARS, vars_)
    args = COMMON + ["-drive", "if=pflash,format=raw,unit=0,readonly=on,file=" + OVMF_CODE,
                     "-drive", "if=pflash,format=raw,unit=1,file=%s" % vars_,
                     *disk_args(img.path, 0, boot=True)]
    args[args.index("-smp") + 1] = str(smp)
    return timed_boot(args, r"BdsDxe: starting Boot", r"\n# ", sanpo_figures)


def bench_linux(workdir, vmlinuz, initrd):
    vars_ = pathlib.Path(workdir) / "vars.fd"
    shutil.copyfile(OVMF_VARS, vars_)
    args = COMMON + ["-drive", "if=pflash,format=raw,unit=0,readonly=on,file=" + OVMF_CODE,
                     "-drive", "if=pflash,format=raw,unit=1,file=%s" % vars_,
                     "-kernel", str(vmlinuz), "-initrd", str(initrd),
                     "-append", "console=ttyS0 loglevel=1 panic=-1"]
    # OVMF starts the -kernel image (an EFI stub) without a BdsDxe line; the
    # stub's first message marks the hand-over.  loglevel=1 (not quiet)
    # keeps that message and silences the kernel log, like Sanpo without -v.
    return timed_boot(args, r"BdsDxe: starting|EFI stub:", MARKER)[:2]


def main():
    BENCH.mkdir(parents=True, exist_ok=True)
    vmlinuz, busybox = fetch_linux()
    initrd = make_initramfs(busybox)
    results = {"Sanpo": [], "Linux": []}
    kms = {SMP: [], "1": []}
    lua = []                    # (loader ms, Lua ms) of each Sanpo run
    for i in range(RUNS):
        with tempfile.TemporaryDirectory() as d:
            fw, ready, fig = bench_sanpo(d)
            results["Sanpo"].append((fw, ready))
            kms[SMP].append(fig["kernel"])
            if fig["lua"] is not None:
                lua.append((fig["loader"], fig["lua"]))
        with tempfile.TemporaryDirectory() as d:
            results["Linux"].append(bench_linux(d, vmlinuz, initrd)[:2])
        with tempfile.TemporaryDirectory() as d:
            fig = bench_sanpo(d, smp=1)[2]
            kms["1"].append(fig["kernel"])
            if fig["lua"] is not None:
                lua.append((fig["loader"], fig["lua"]))
        print("run %d/%d: Sanpo fw %.2fs ready %.2fs | Linux fw %.2fs ready %.2fs"
              % (i + 1, RUNS, *results["Sanpo"][-1], *results["Linux"][-1]), flush=True)
    med = {k: (statistics.median(a for a, _ in v), statistics.median(b for _, b in v),
               statistics.median(b - a for a, b in v)) for k, v in results.items()}
    print()
    print("boot time under QEMU TCG, OVMF, %s CPUs, median of %d runs (seconds)" % (SMP, RUNS))
    print("%-8s %22s %18s %20s" % ("", "start->boot app", "start->ready", "after firmware"))
    for k in ("Sanpo", "Linux"):
        print("%-8s %22.2f %18.2f %20.2f" % (k, *med[k]))
    print("ready points: Sanpo shell prompt; Linux %s from /init (%s)" % (MARKER, vmlinuz.name))
    print("post-firmware ratio Sanpo/Linux: %.3f" % (med["Sanpo"][2] / med["Linux"][2]))
    print("Sanpo kern.boot_ms.kernel (kernel entry to shell prompt), median: "
          "%s CPUs %d ms, 1 CPU %d ms" % (SMP, statistics.median(kms[SMP]),
                                         statistics.median(kms["1"])))
    if lua:
        # The loader's time runs from its entry to the jump; Lua's share is
        # the interpreter's start-up and the boot scripts within it.
        print("Sanpo loader (entry to jump), median: %d ms; Lua %.1f ms of it, share %.1f%% "
              "(median of %d runs)" % (statistics.median(a for a, _ in lua),
                                       statistics.median(b for _, b in lua),
                                       statistics.median(100 * b / a for a, b in lua if a),
                                       len(lua)))


if __name__ == "__main__":
    main()
