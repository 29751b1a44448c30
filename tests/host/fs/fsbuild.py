"""Building the fs/ host test programs and fuzzers.

fs/'s sources (fs/files.mk) and the common library (common/files.mk) are
compiled as the kernel compiles them (hostbuild.kernel_flags: freestanding,
-nostdinc, the kernel's own headers -- <sys/errno.h> is the kernel's), which
also proves they need nothing else; the host side (tests/host/lib/fs_host.c,
the file-backed device, the test driver) is compiled against libc; all with
the sanitizers (and libFuzzer for the fuzzers): hostbuild.link_units."""
import host_sources
import hostbuild
from files_mk import sources

HOST = ["tests/host/lib/fs_host.c", "tests/host/fs/filedev.c"]


def fs_sources():
    return sources("fs/files.mk", "FS_CORE_SRCS", "MSDOSFS_SRCS") + host_sources.common()


def build(outdir, name, drivers, cc="gcc", fuzz=False):
    """fs/ + the host side + `drivers` (host C files) -> outdir/name."""
    kflags, hflags = hostbuild.kernel_flags(cc), hostbuild.host_flags()
    return hostbuild.link_units(outdir, name,
                                [(s, kflags) for s in fs_sources()] +
                                [(s, hflags) for s in HOST + list(drivers)],
                                sanitize=hostbuild.FUZZ_FLAGS if fuzz else hostbuild.SAN_FLAGS,
                                cc=cc, libs=["-lpthread"])
