#!/usr/bin/python3
"""make bench-user: user-space costs in Sanpo against Linux, same QEMU.

In one run, boots Sanpo with tests/user/bench_user as init (from the root
file system) and Debian's Linux kernel (the one `make bench-boot` uses)
with an initramfs running the same static binary, under the same QEMU/OVMF
settings (q35, -cpu max, TCG, SMP CPUs, 512 MiB), and prints each figure
-- system-call round trip (getppid), fork+exec+wait of a static program,
page-fault cost (64 MiB of 4 KiB pages), getuid alone and on four CPUs at
once while a fifth process changes its credentials, one 64 KiB write
through a pipe (pipe throughput), one command of a busybox sh loop (1000
fork+exec+wait of that program) -- with the ratio Sanpo / Linux (below
1.0: Sanpo is faster), and getuid's parallel / alone ratio in each (1.0:
readers do not slow down as CPUs are added).  Asserts nothing.
"""
import os
import pathlib
import re
import shutil
import sys
import tempfile

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "tests" / "lib"))
from bench_boot import BENCH, COMMON, fetch_linux, newc  # noqa: E402
from qemu import BUILD, OVMF_CODE, OVMF_VARS, Image  # noqa: E402

import pexpect  # noqa: E402

SMP = os.environ.get("SMP", "4")
PROG = BUILD / "tests" / "user" / "bench_user"
TRUE = BUILD / "tests" / "user" / "true"
FIGURES = [("getppid", "ns"), ("fork+exec+wait", "us"), ("page-fault", "ns"),
           ("getuid", "ns"), ("getuid-x4-while-changing", "ns"),
           ("pipe-64KiB-write", "us"), ("sh-loop-command", "us")]


def run_guest(args):
    p = pexpect.spawn("qemu-system-x86_64", args, encoding="utf-8",
                      codec_errors="replace", timeout=900)
    try:
        p.expect(r"bench: done|bench: .*failed")
        text = p.before + p.after
    finally:
        p.terminate(force=True)
    figs = {}
    for name, unit in FIGURES:
        m = re.search(r"bench: %s ([\d.]+) %s" % (re.escape(name), unit), text)
        if not m:
            sys.exit("no %s figure in:\n%s" % (name, text[-2000:]))
        figs[name] = float(m.group(1))
    return figs


def firmware(workdir):
    vars_ = pathlib.Path(workdir) / "vars.fd"
    shutil.copyfile(OVMF_VARS, vars_)
    args = list(COMMON)
    args[args.index("-smp") + 1] = SMP
    return args + ["-drive", "if=pflash,format=raw,unit=0,readonly=on,file=" + OVMF_CODE,
                   "-drive", "if=pflash,format=raw,unit=1,file=%s" % vars_]


def bench_sanpo(workdir):
    img = Image(workdir)
    img.conf('autoboot_delay="0"\nbeastie_disable="YES"\nrootfs_load="YES"\n'
             'rootfs_type="rootfs"\nrootfs_name="/boot/rootfs.cpio"\n'
             'init_path="/usr/tests/sanpo/bench_user"\n', kshell=False)
    return run_guest(firmware(workdir) + ["-drive", "format=raw,file=%s" % img.path])


def bench_linux(workdir, vmlinuz, busybox):
    init = ("#!/bin/busybox sh\n"
            "/bench_user /true\n"
            "/bin/busybox poweroff -f\n").encode()
    initrd = BENCH / "initramfs-user.cpio"
    initrd.write_bytes(newc([
        ("bin", 0o040755), ("dev", 0o040755), ("proc", 0o040755),
        ("dev/console", 0o020600, b"", 5, 1),
        ("bin/busybox", 0o100755, busybox.read_bytes()),
        ("bench_user", 0o100755, PROG.read_bytes()),
        ("true", 0o100755, TRUE.read_bytes()),
        ("init", 0o100755, init),
    ]))
    return run_guest(firmware(workdir) + [
        "-kernel", str(vmlinuz), "-initrd", str(initrd),
        "-append", "console=ttyS0 loglevel=1 panic=-1"])


def main():
    BENCH.mkdir(parents=True, exist_ok=True)
    vmlinuz, busybox = fetch_linux()
    with tempfile.TemporaryDirectory() as d:
        sanpo = bench_sanpo(d)
    with tempfile.TemporaryDirectory() as d:
        linux = bench_linux(d, vmlinuz, busybox)
    print("user-space costs under QEMU TCG, OVMF, %s CPUs (median of 5 rounds each)" % SMP)
    print("%-18s %14s %14s %16s" % ("", "Sanpo", "Linux", "Sanpo / Linux"))
    for name, unit in FIGURES:
        print("%-18s %11.1f %-2s %11.1f %-2s %16.2f" % (name, sanpo[name], unit, linux[name],
                                                       unit, sanpo[name] / linux[name]))
    # Credentials are read without locks (RCU): four readers at once should
    # cost what one does, however many CPUs there are.
    alone, par = "getuid", "getuid-x4-while-changing"
    print("getuid on 4 CPUs at once (another process changing its credentials) / alone:"
          " Sanpo %.2f, Linux %.2f (1.00: no slowdown as CPUs are added)"
          % (sanpo[par] / sanpo[alone], linux[par] / linux[alone]))
    host = len(os.sched_getaffinity(0))
    if host < int(SMP) + 1:
        # TCG runs each guest CPU on a host thread: with fewer host CPUs than busy
        # guest ones (4 readers and the changer), the guest clock runs while a
        # reader waits for the host, for Sanpo and Linux alike.
        print("(this host gives QEMU %d CPUs for %d busy guest ones: the parallel figure "
              "includes the host's sharing)" % (host, int(SMP) + 1))
    print("Linux: %s with its busybox-static initramfs; the same bench_user binary in both"
          % vmlinuz.name)


if __name__ == "__main__":
    main()
