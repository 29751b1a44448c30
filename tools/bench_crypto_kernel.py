#!/usr/bin/python3
"""make bench-crypto-kernel: the kernel crypto framework's own figures.

Boots build/disk.img (QEMU TCG, -cpu max: AES-NI, SHA-NI, SSSE3) and runs,
for each driver, `cryptotest -o`: per algorithm at 64 bytes, the median
nanoseconds of a request handed straight to the driver, through
crypto_dispatch() on the direct path and on the queued path, and the
direct path's overhead over the bare driver call (the target is <= 15%).
Prints what the kernel prints; asserts nothing.  The boot test
(tests/boot/test_crypto_kernel.py) checks the command works, never the
figures, which move with the load on the machine.
"""
import os
import pathlib
import sys
import tempfile

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "tests" / "lib"))
from kshell import run  # noqa: E402
from qemu import Image, Machine  # noqa: E402

SMP = int(os.environ.get("SMP", "4"))


def main():
    with tempfile.TemporaryDirectory() as d:
        img = Image(pathlib.Path(d))
        img.conf('autoboot_delay="0"\n')
        m = Machine(img, name="bench-crypto-kernel", smp=SMP, timeout=180)
        try:
            m.expect(r"\n# ")
            for drv in ("aesni", "cryptosoft"):
                print("== cryptotest -o -D %s (%d CPUs, QEMU TCG)" % (drv, SMP), flush=True)
                print(run(m, "cryptotest -o -D " + drv, timeout=600).rstrip(), flush=True)
        finally:
            m.close()


if __name__ == "__main__":
    main()
