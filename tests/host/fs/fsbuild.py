"""Building the fs/ host test programs and fuzzers.

fs/'s sources (fs/files.mk) and the common/ pieces they use are compiled
as the kernel compiles them -- freestanding, -nostdinc, the kernel's own
headers (<sys/errno.h> is the kernel's) -- which also proves they need
nothing else; the host side (tests/host/lib/fs_host.c, the file-backed
device, the test driver) is compiled against libc; all with the
sanitizers (and libFuzzer for the fuzzers)."""
import os
import pathlib
import subprocess

from files_mk import sources

TOP = pathlib.Path(__file__).resolve().parents[3]
SAN = ["-fsanitize=address,undefined", "-fno-sanitize-recover=all", "-fno-omit-frame-pointer"]
FUZZ = ["-fsanitize=fuzzer,address,undefined", "-fno-sanitize-recover=all"]
COMMON = ["common/crc32.c", "common/utf.c", "common/civil_time.c"]
HOST = ["tests/host/lib/fs_host.c", "tests/host/fs/filedev.c"]


def fs_sources():
    return sources("fs/files.mk", "FS_CORE_SRCS", "MSDOSFS_SRCS") + COMMON


def kernel_flags(cc):
    inc = subprocess.run([cc, "-print-file-name=include"], capture_output=True,
                         text=True, check=True).stdout.strip()
    return ["-std=gnu11", "-g", "-O1", "-Wall", "-Wextra", "-Werror",
            "-Wmissing-prototypes", "-Wmissing-declarations",
            "-ffreestanding", "-nostdinc", "-isystem", inc,
            "-I", str(TOP / "kernel/include"), "-I", str(TOP / "include"),
            "-I", str(TOP / "kernel"), "-I", str(TOP / "kernel/arch/x86_64/include"),
            "-I", str(TOP)]


def host_flags():
    return ["-std=gnu11", "-g", "-O1", "-Wall", "-Wextra", "-Werror",
            "-I", str(TOP / "include"), "-I", str(TOP)]


def build(outdir, name, drivers, cc="gcc", fuzz=False):
    """fs/ + the host side + `drivers` (host C files) -> outdir/name."""
    out = pathlib.Path(outdir)
    objdir = out / ("%s.obj.%d" % (name, os.getpid()))
    objdir.mkdir(parents=True, exist_ok=True)
    san = FUZZ if fuzz else SAN
    csan = [f.replace("fuzzer,", "fuzzer-no-link,") for f in san]
    objs = []
    for src, flags in [(s, kernel_flags(cc)) for s in fs_sources()] + \
            [(s, host_flags()) for s in HOST + list(drivers)]:
        obj = objdir / (src.replace("/", "_") + ".o")
        r = subprocess.run([cc, *flags, *csan, "-c", str(TOP / src), "-o", str(obj)],
                           capture_output=True, text=True)
        assert r.returncode == 0, "%s:\n%s" % (src, r.stderr)
        objs.append(str(obj))
    prog = out / name
    tmp = out / ("%s.tmp.%d" % (name, os.getpid()))
    r = subprocess.run([cc, *san, "-o", str(tmp), *objs, "-lpthread"],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    os.replace(tmp, prog)
    for o in objdir.iterdir():
        o.unlink()
    objdir.rmdir()
    return prog
