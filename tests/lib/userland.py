"""Boot tests of user space: a machine whose init is a given program.

Until the root file system exists, a program reaches the kernel as a file
the loader preloads (X_load/X_name/X_type in loader.conf) and init_path
names it; its output comes back on the serial console, and the kernel
reports how init ended ("init (pid 1) exited with status N").
"""
import re

from qemu import BUILD, Image, Machine

USER_BIN = BUILD / "tests" / "user"


def program(name):
    path = USER_BIN / name
    assert path.exists(), "%s is missing: run `make` (it builds tests/user)" % path
    return path


def boot_program(tmp_path, name, conf="", smp=2, mem="512M", machine_name=None):
    """Boots a fresh image whose init is tests/user/<name>; returns the Machine."""
    img = Image(tmp_path)
    img.put("/boot/prog/" + name, program(name).read_bytes())
    img.conf('autoboot_delay="0"\nbeastie_disable="YES"\n'
             'prog_load="YES"\nprog_name="/boot/prog/%s"\nprog_type="program"\n'
             'init_path="/boot/prog/%s"\n%s' % (name, name, conf), kshell=False)
    return Machine(img, name=machine_name or name, smp=smp, mem=mem)


INIT_EXIT = r"init \(pid 1\) (exited with status (\d+)|was killed by signal (\d+))"


def wait_init_exit(m, timeout=120):
    """Waits for init to end; returns ('exit', status) or ('signal', sig)."""
    mm = m.expect(INIT_EXIT, timeout=timeout)
    if mm.group(2) is not None:
        return ("exit", int(mm.group(2)))
    return ("signal", int(mm.group(3)))


def console_lines(text):
    return [l for l in text.replace("\r", "").split("\n")]
