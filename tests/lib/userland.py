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


def boot_program(tmp_path, name, conf="", smp=2, mem="512M", machine_name=None, extra=()):
    """Boots a fresh image whose init is tests/user/<name> (the programs in
    extra preloaded too, at /boot/prog/<program>); returns the Machine."""
    img = Image(tmp_path)
    lines = ['autoboot_delay="0"', 'beastie_disable="YES"', 'init_path="/boot/prog/%s"' % name]
    for i, prog in enumerate((name,) + tuple(extra)):
        img.put("/boot/prog/" + prog, program(prog).read_bytes())
        lines += ['prog%d_load="YES"' % i, 'prog%d_name="/boot/prog/%s"' % (i, prog),
                  'prog%d_type="program"' % i]
    img.conf("\n".join(lines) + "\n" + conf, kshell=False)
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
