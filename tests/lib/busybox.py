"""Driving Sanpo's user land from boot tests: boot the image's own start-up
(/sbin/init runs /etc/rc, then a busybox login shell on the console) and
type commands at its prompt.

busybox ash's line editing asks for the cursor position (ESC [6n) after
the prompt; sh() strips that and every other escape sequence, the echoed
command line and the prompt, and returns what the command printed.
"""
import re

from qemu import Image, Machine

PROMPT = r"sanpo:[^\n]*# (?:\x1b\[6n)?$"
ROOTFS_CONF = ('rootfs_load="YES"\nrootfs_type="rootfs"\n'
               'rootfs_name="/boot/rootfs.cpio"\n')


def boot_userland(tmp_path, name, smp=2, conf="", timeout=180, extra=()):
    """A machine booted to the busybox prompt (the default start-up);
    extra: more QEMU arguments (a NIC)."""
    img = Image(tmp_path)
    img.conf('autoboot_delay="0"\nbeastie_disable="YES"\n' + ROOTFS_CONF + conf, kshell=False)
    m = Machine(img, name=name, smp=smp, timeout=timeout, extra=extra)
    m.expect(PROMPT)
    return m


def sh(m, cmd, timeout=120):
    """Type a command at the busybox prompt; its output, echo and prompt removed."""
    m.line(cmd, delay=0.02)
    m.expect(PROMPT, timeout=timeout)
    out = re.sub(r"\x1b\[[0-9;?]*[a-zA-Z]", "", m.p.before).replace("\r", "")
    return out.split("\n", 1)[1] if "\n" in out else ""
