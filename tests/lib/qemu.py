"""Boot tests' view of a machine: QEMU + OVMF on a disk image (or a Linux
kernel and initramfs, for the benchmarks' peer), its serial console driven
with pexpect.

Every Machine is killed when its test ends (pass, fail or timeout), and
everything it printed is kept in build/test-logs/<test>.log for reading a
failure afterwards.
"""
import os
import pathlib
import re
import shutil
import subprocess
import time

import pexpect

TOP = pathlib.Path(__file__).resolve().parents[2]
BUILD = pathlib.Path(os.environ.get("SANPO_BUILD", TOP / "build"))
OVMF_CODE = "/usr/share/OVMF/OVMF_CODE_4M.fd"
OVMF_VARS = "/usr/share/OVMF/OVMF_VARS_4M.fd"
ESP_OFFSET = 1024 * 1024          # disk-image/mkimage.sh: partition at 1 MiB
LOGS = BUILD / "test-logs"


class Image:
    """A per-test copy of build/disk.img, changed with mtools."""

    def __init__(self, directory):
        self.dir = pathlib.Path(directory)
        self.path = self.dir / "disk.img"
        shutil.copyfile(BUILD / "disk.img", self.path)

    def _m(self, *args):
        subprocess.run(list(args), check=True, capture_output=True)

    def mkdir(self, esp_dir):
        parts = [p for p in esp_dir.split("/") if p]
        for i in range(1, len(parts) + 1):
            subprocess.run(["mmd", "-D", "s", "-i", "%s@@%d" % (self.path, ESP_OFFSET),
                            "::/" + "/".join(parts[:i])], capture_output=True)

    def put(self, esp_path, data):
        """Write bytes or text to a file on the ESP (parents created)."""
        if isinstance(data, str):
            data = data.encode()
        self.mkdir(os.path.dirname(esp_path))
        src = self.dir / ("put-%d" % abs(hash(esp_path)))
        src.write_bytes(data)
        self._m("mcopy", "-o", "-i", "%s@@%d" % (self.path, ESP_OFFSET), str(src),
                "::" + esp_path)

    def get(self, esp_path):
        out = self.dir / "get.tmp"
        self._m("mcopy", "-o", "-i", "%s@@%d" % (self.path, ESP_OFFSET),
                "::" + esp_path, str(out))
        return out.read_bytes()

    def conf(self, text, kshell=True, aesni=True, selftest=None):
        """Replace /boot/loader.conf.  kshell: boot into the kernel shell (the
        kernel's debugger console, kern.kshell="YES") instead of starting
        init, as the tests of kernel services want; user-space tests pass
        kshell=False.  aesni: preload the AES-NI crypto driver (aesni.ko),
        as the image's own loader.conf does; tests of the crypto framework
        without it pass aesni=False.  selftest: preload the self-tests
        module (selftest.ko: threadtest, lockstress, malloc_test...);
        by default with the kernel shell."""
        if kshell:
            text += '\nkern.kshell="YES"\n'
        if aesni:
            text += '\naesni_load="YES"\n'
        if kshell if selftest is None else selftest:
            text += '\nselftest_load="YES"\n'
        self.put("/boot/loader.conf", text)

    def boot_args(self):
        """What QEMU boots: this disk (virtio-blk, or AHCI: disk_args)."""
        return disk_args(self.path, 0, boot=True)


class KernelBoot:
    """Instead of an Image: OVMF starts a Linux kernel (its EFI stub) with
    an initramfs, as `make bench-boot` and `make bench-datapath` boot the
    Debian Linux they compare Sanpo with."""

    def __init__(self, directory, kernel, initrd, append):
        self.dir = pathlib.Path(directory)
        self.kernel, self.initrd, self.append = kernel, initrd, append

    def boot_args(self):
        return ["-kernel", str(self.kernel), "-initrd", str(self.initrd),
                "-append", self.append]


ANSI = re.compile(r"\x1b\[[0-9;?]*[a-zA-Z]|\x1b[()][A-Z0-9]|\x1b=\d*h?")


def disk_args(path, index=0, iface=None, fmt="raw", readonly=False, boot=False, drive=""):
    """QEMU arguments attaching a disk image: as virtio-blk (what Sanpo's vtbd
    driver sees: vtbd<index> in attach order) or, with iface="ahci" (or
    SANPO_DISK_IF=ahci in the environment), on q35's AHCI controller as
    before.  `path` may be any QEMU file name (blkdebug:..., a qcow2...);
    `drive`: more -drive options (throttling.bps-write=512,...)."""
    iface = iface or os.environ.get("SANPO_DISK_IF", "virtio")
    opts = "format=%s,file=%s%s%s" % (fmt, path, ",readonly=on" if readonly else "",
                                      "," + drive if drive else "")
    if iface == "ahci":
        return ["-drive", opts]
    # Slot 0x10 + index: clear of the slots tests give their own devices.
    return ["-drive", "if=none,id=disk%d,%s" % (index, opts),
            "-device", "virtio-blk-pci,drive=disk%d,addr=%#x%s" % (
                index, 0x10 + index, ",bootindex=0" if boot else "")]


class Machine:
    def __init__(self, image, name="qemu", smp=2, mem="512M", extra=(), timeout=90,
                 cpu="max", prefix=(), disks=()):
        """disks: more disks after the boot image, each a path or a dict of
        disk_args() arguments (vtbd1, vtbd2... in order)."""
        self.image = image
        self.vars = image.dir / "OVMF_VARS.fd"
        shutil.copyfile(OVMF_VARS, self.vars)
        self.args = [
            "-machine", "q35", "-cpu", cpu, "-accel", "tcg",
            "-smp", str(smp), "-m", mem,
            "-drive", "if=pflash,format=raw,unit=0,readonly=on,file=" + OVMF_CODE,
            "-drive", "if=pflash,format=raw,unit=1,file=%s" % self.vars,
            *image.boot_args(),
            *[a for i, d in enumerate(disks, 1)
              for a in (disk_args(index=i, **d) if isinstance(d, dict) else disk_args(d, i))],
            # signal=off: a ^C typed at the console is the guest's, not QEMU's SIGINT
            "-chardev", "stdio,id=con0,signal=off", "-serial", "chardev:con0",
            "-display", "none", "-monitor", "none",
            "-no-reboot", *extra,
        ]
        LOGS.mkdir(parents=True, exist_ok=True)
        self.logpath = LOGS / (re.sub(r"[^\w.-]", "_", name) + ".log")
        self.log = open(self.logpath, "w", encoding="utf-8", errors="replace")
        # prefix: a command QEMU runs under, e.g. ["ip", "netns", "exec", NS].
        cmd = [*prefix, "qemu-system-x86_64"]
        self.p = pexpect.spawn(cmd[0], cmd[1:] + self.args, encoding="utf-8",
                               codec_errors="replace", timeout=timeout,
                               logfile=self.log, dimensions=(200, 200))
        # pexpect sleeps 50 ms before every send by default: typing a
        # character at a time would crawl.  type() paces itself instead.
        self.p.delaybeforesend = None
        self.output = ""

    def expect(self, pattern, timeout=None):
        """Wait for a regex; returns the match.  Text before it accumulates in .output."""
        try:
            self.p.expect(pattern, timeout=timeout if timeout is not None else self.p.timeout)
        except (pexpect.TIMEOUT, pexpect.EOF) as e:
            tail = ANSI.sub("", (self.p.before or ""))[-3000:]
            raise AssertionError("waiting for %r: %s\n--- last output ---\n%s\n(full log: %s)"
                                 % (pattern, type(e).__name__, tail, self.logpath)) from None
        self.output += ANSI.sub("", self.p.before + self.p.after)
        return self.p.match

    def type(self, text, delay=0.02):
        """Type like a person on the serial line: the firmware (the loader's
        prompt) reads a byte at a time, so the default paces each byte.
        delay=0: all at once, one write -- for Sanpo's own console, which
        receives by interrupt into a buffer (kernel shell, user land)."""
        if delay == 0:
            self.p.send(text)
            return
        for ch in text:
            self.p.send(ch)
            time.sleep(delay)

    def line(self, text, delay=0.02):
        self.type(text + "\r", delay)

    def wait_exit(self, timeout=60):
        """Wait for QEMU to exit by itself; returns its exit status."""
        try:
            self.p.expect(pexpect.EOF, timeout=timeout)
        except pexpect.TIMEOUT:
            raise AssertionError("QEMU did not exit within %ds (log: %s)"
                                 % (timeout, self.logpath)) from None
        self.output += ANSI.sub("", self.p.before or "")
        self.p.close()
        return self.p.exitstatus

    def to_prompt(self):
        """Interrupt the autoboot countdown and wait for the OK prompt."""
        self.expect(r"Hit \[Enter\] to boot immediately")
        self.type(" ")
        self.expect(r"OK $")

    def close(self):
        if self.p.isalive():
            self.p.terminate(force=True)
        self.log.close()
