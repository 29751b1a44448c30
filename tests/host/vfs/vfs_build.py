"""Builds the VFS host test programs.

The VFS sources (the list VFS_PORTABLE_SRCS in kernel/fs/files.mk) are
compiled as the kernel compiles them -- freestanding, -nostdinc, the
kernel's own headers, whose sys/stat.h or sys/types.h would clash with
libc's -- but for the host and with ASan/UBSan, together with the tests'
kernel shim (kern_host.c) and a driver.  Only libc_glue.c sees libc's
headers.  The kernel's malloc/free are renamed so as not to collide with
libc's at link time.
"""
import os
import pathlib
import re
import subprocess

TOP = pathlib.Path(__file__).resolve().parents[3]
SAN = ["-fsanitize=address,undefined", "-fno-sanitize-recover=all",
       "-fno-omit-frame-pointer"]


def make_list(mkfile, var):
    """The file names a `VAR := a b \\` assignment in a make fragment lists."""
    text = (TOP / mkfile).read_text().replace("\\\n", " ")
    m = re.search(r"^%s\s*:?=(.*)$" % re.escape(var), text, re.M)
    assert m, "%s not set in %s" % (var, mkfile)
    return m.group(1).split()


def vfs_sources():
    return make_list("kernel/fs/files.mk", "VFS_PORTABLE_SRCS")


def kernel_flags(cc):
    inc = subprocess.run([cc, "-print-file-name=include"], capture_output=True,
                         text=True, check=True).stdout.strip()
    return ["-std=gnu11", "-g", "-O1", "-Wall", "-Wextra", "-Werror",
            "-ffreestanding", "-nostdinc", "-isystem", inc,
            "-I", str(TOP / "kernel/include"), "-I", str(TOP / "include"),
            "-I", str(TOP / "kernel"), "-I", str(TOP / "kernel/arch/x86_64/include"),
            "-I", str(TOP), "-Dmalloc=kshim_malloc", "-Dfree=kshim_free"]


def build(outdir, name, driver, cc="gcc", sanitize=SAN):
    """Compile the VFS, the shim and `driver` into outdir/name; returns the path."""
    out = pathlib.Path(outdir)
    objdir = out / ("%s.obj.%d" % (name, os.getpid()))
    objdir.mkdir(parents=True, exist_ok=True)
    kflags = kernel_flags(cc) + sanitize
    objs = []
    ksrcs = vfs_sources() + ["common/kvprintf.c", "tests/host/vfs/kern_host.c", driver]
    for src in ksrcs:
        obj = objdir / (src.replace("/", "_") + ".o")
        r = subprocess.run([cc, *kflags, "-c", str(TOP / src), "-o", str(obj)],
                           capture_output=True, text=True)
        assert r.returncode == 0, "%s:\n%s" % (src, r.stderr)
        objs.append(str(obj))
    glue = objdir / "libc_glue.o"
    r = subprocess.run([cc, "-g", "-O1", "-Wall", "-Wextra", "-Werror", "-I", str(TOP),
                        *sanitize, "-c", str(TOP / "tests/host/vfs/libc_glue.c"),
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
