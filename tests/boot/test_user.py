"""User space on the booted kernel: a static musl program as pid 1 enters
ring 3 through exec, prints through write(2), reads its arguments and
environment from the initial stack, and its exit status reaches the
kernel; the kernel shell takes over when init ends."""
import re

import pytest

from userland import boot_program, wait_init_exit


def test_hello_world_as_init(tmp_path):
    m = boot_program(tmp_path, "hello")
    try:
        how = wait_init_exit(m)
        out = m.output
        assert "hello from user space: argc=1 argv0=/usr/tests/sanpo/hello pid=1" in out
        assert "env HOME=/" in out and "env PATH=/sbin:/bin:/usr/sbin:/usr/bin" in out
        assert how == ("exit", 3)
        m.expect(r"\n# ", timeout=30)		# the kernel shell took over
    finally:
        m.close()


def test_missing_init_gives_the_kernel_shell(tmp_path):
    from qemu import Image, Machine
    img = Image(tmp_path)
    img.conf('autoboot_delay="0"\ninit_path="/nope/init:/sbin/also-missing"\n', kshell=False)
    m = Machine(img, name="missing_init")
    try:
        m.expect(r"init: cannot start /nope/init: ENOENT")
        m.expect(r"init: cannot start /sbin/also-missing: ENOENT")
        m.expect(r"init: no init could be started")
        m.expect(r"\n# ", timeout=30)
    finally:
        m.close()


@pytest.mark.parametrize("guard,patterns", [
    ("smap", [r"debug.kernel.fault: triggering smap",
              r"Fatal trap 14: page fault while in kernel mode",
              r"fault virtual address = 0x0000000000400000",
              r"fault code            = supervisor read data, protection violation",
              r"SMAP: the kernel touched a user page outside copyin/copyout",
              r"at cpu_test_user_guard\+0x", r"cpu halted"]),
    ("smep", [r"debug.kernel.fault: triggering smep",
              r"Fatal trap 14: page fault while in kernel mode",
              r"fault virtual address = 0x0000000000400000",
              r"fault code            = supervisor instruction fetch, protection violation",
              r"SMEP: the kernel tried to run code from a user page", r"cpu halted"]),
])
def test_smap_smep_stop_the_kernel(image, machine, guard, patterns):
    """SMAP and SMEP are on (-cpu max has them): the kernel reading a user
    page outside copyin/copyout, or running code from one, is a fatal page
    fault that names the guard (kern_testfault.c's debug.kernel.fault)."""
    image.conf('autoboot_delay="0"\ndebug.kernel.fault="%s"\n' % guard)
    m = machine(image)
    for p in patterns:
        m.expect(p, timeout=120)
    assert "is off" not in m.output
