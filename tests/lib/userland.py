"""Boot tests of user space: a machine whose init is one of the test
programs in the root file system (/usr/tests/sanpo/<name>: tests/user/ and
tests/conformance/ programs, built into build/rootfs.cpio), chosen with the
loader variable init_path.  Its output comes back on the serial console,
and the kernel reports how init ended ("init (pid 1) exited with status N"),
after which the kernel shell takes over.
"""
from qemu import BUILD, Image, Machine

ROOTFS_CONF = ('rootfs_load="YES"\nrootfs_type="rootfs"\n'
               'rootfs_name="/boot/rootfs.cpio"\n')
INIT_EXIT = r"init \(pid 1\) (exited with status (\d+)|was killed by signal (\d+))"


def program(name):
    """The host copy of a test program (to run it on Linux too)."""
    for d in ("tests/conformance", "tests/user"):
        path = BUILD / d / name
        if path.exists():
            return path
    raise AssertionError("%s is missing: run `make`" % name)


def boot_program(tmp_path, name, conf="", smp=2, mem="512M", machine_name=None):
    """Boots a fresh image whose init is /usr/tests/sanpo/<name>; returns the Machine."""
    img = Image(tmp_path)
    img.conf('autoboot_delay="0"\nbeastie_disable="YES"\n' + ROOTFS_CONF +
             'init_path="/usr/tests/sanpo/%s"\n%s' % (name, conf), kshell=False)
    return Machine(img, name=machine_name or name, smp=smp, mem=mem)


def wait_init_exit(m, timeout=120):
    """Waits for init to end; returns ('exit', status) or ('signal', sig)."""
    mm = m.expect(INIT_EXIT, timeout=timeout)
    if mm.group(2) is not None:
        return ("exit", int(mm.group(2)))
    return ("signal", int(mm.group(3)))
