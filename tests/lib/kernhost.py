"""Building kernel code as host programs, for the tests of the kernel's
portable parts that use kernel services directly (the VFS: kernel/fs/
files.mk's VFS_PORTABLE_SRCS) -- the host unit tests and the fuzzers.

Such sources are compiled as the kernel compiles them -- freestanding,
-nostdinc, the kernel's own headers, whose sys/stat.h or sys/types.h would
clash with libc's -- but for the host and with the sanitizers, together
with the kernel-services shim tests/host/lib/kern_host.c and a driver.
Only tests/host/lib/libc_glue.c sees libc's headers.  The kernel's
malloc/free are renamed so as not to collide with libc's at link time.
"""
import os
import pathlib
import subprocess

from files_mk import sources

TOP = pathlib.Path(__file__).resolve().parents[2]
SAN = ["-fsanitize=address,undefined", "-fno-sanitize-recover=all",
       "-fno-omit-frame-pointer"]
FUZZ = ["-fsanitize=fuzzer,address,undefined", "-fno-sanitize-recover=all"]


def vfs_sources():
    return sources("kernel/fs/files.mk", "VFS_PORTABLE_SRCS")


def kernel_flags(cc):
    inc = subprocess.run([cc, "-print-file-name=include"], capture_output=True,
                         text=True, check=True).stdout.strip()
    return ["-std=gnu11", "-g", "-O1", "-Wall", "-Wextra", "-Werror",
            "-ffreestanding", "-nostdinc", "-isystem", inc,
            "-I", str(TOP / "kernel/include"), "-I", str(TOP / "include"),
            "-I", str(TOP / "kernel"), "-I", str(TOP / "kernel/arch/x86_64/include"),
            "-I", str(TOP), "-Dmalloc=kshim_malloc", "-Dfree=kshim_free"]


def build(outdir, name, driver, cc="gcc", sanitize=SAN):
    """Compile the VFS, the shim and `driver` (kernel-style C) into
    outdir/name; returns the path.  For a libFuzzer target: cc="clang",
    sanitize=FUZZ."""
    out = pathlib.Path(outdir)
    objdir = out / ("%s.obj.%d" % (name, os.getpid()))
    objdir.mkdir(parents=True, exist_ok=True)
    kflags = kernel_flags(cc) + [f.replace("fuzzer,", "fuzzer-no-link,") for f in sanitize]
    objs = []
    ksrcs = vfs_sources() + ["common/kvprintf.c", "tests/host/lib/kern_host.c", driver]
    for src in ksrcs:
        obj = objdir / (src.replace("/", "_") + ".o")
        r = subprocess.run([cc, *kflags, "-c", str(TOP / src), "-o", str(obj)],
                           capture_output=True, text=True)
        assert r.returncode == 0, "%s:\n%s" % (src, r.stderr)
        objs.append(str(obj))
    glue = objdir / "libc_glue.o"
    gsan = [f.replace("fuzzer,", "fuzzer-no-link,") for f in sanitize]
    r = subprocess.run([cc, "-g", "-O1", "-Wall", "-Wextra", "-Werror", "-I", str(TOP),
                        *gsan, "-c", str(TOP / "tests/host/lib/libc_glue.c"),
                        "-o", str(glue)], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    prog = out / name
    tmp = out / ("%s.tmp.%d" % (name, os.getpid()))
    r = subprocess.run([cc, *sanitize, "-o", str(tmp), *objs, str(glue)],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    os.replace(tmp, prog)
    for o in objdir.iterdir():
        o.unlink()
    objdir.rmdir()
    return prog
