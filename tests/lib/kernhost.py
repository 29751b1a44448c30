"""Building kernel code as host programs, for the tests of the kernel's
portable parts that use kernel services directly (the VFS: kernel/fs/
files.mk's VFS_PORTABLE_SRCS) -- the host unit tests and the fuzzers.

Such sources are compiled as the kernel compiles them (hostbuild.
kernel_flags: freestanding, -nostdinc, the kernel's own headers, whose
sys/stat.h or sys/types.h would clash with libc's), together with the
common library, the kernel-services shim tests/host/lib/kern_host.c and a
driver.  Only tests/host/lib/libc_glue.c sees libc's headers.  The kernel's
malloc/free are renamed so as not to collide with libc's at link time.
"""
import host_sources
import hostbuild
from files_mk import sources

SAN = hostbuild.SAN_FLAGS
FUZZ = hostbuild.FUZZ_FLAGS


def vfs_sources():
    return sources("kernel/fs/files.mk", "VFS_PORTABLE_SRCS")


def build(outdir, name, driver, cc="gcc", sanitize=SAN):
    """Compile the VFS, the shim and `driver` (kernel-style C) into
    outdir/name; returns the path.  For a libFuzzer target: cc="clang",
    sanitize=FUZZ."""
    kflags = hostbuild.kernel_flags(cc) + ["-Dmalloc=kshim_malloc", "-Dfree=kshim_free"]
    ksrcs = vfs_sources() + host_sources.common() + ["tests/host/lib/kern_host.c", driver]
    return hostbuild.link_units(outdir, name,
                                [(s, kflags) for s in ksrcs] +
                                [("tests/host/lib/libc_glue.c", hostbuild.host_flags())],
                                sanitize=sanitize, cc=cc)
