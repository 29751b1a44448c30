"""Malformed kernels are refused with their specific reason, nothing is
loaded, the prompt stays usable, and a good kernel still boots afterwards.

All variants sit on one image and are tried in one QEMU session, as a user
would try them one after another at the prompt."""
import pytest

import elfcases
from qemu import BUILD

CASES = list(elfcases.CASES)


@pytest.fixture(scope="module")
def session(tmp_path_factory):
    from qemu import Image, Machine
    img = Image(tmp_path_factory.mktemp("badkernels"))
    good = (BUILD / "kernel" / "kernel").read_bytes()
    expected = {}
    for name in CASES:
        data, msg = elfcases.CASES[name](good)
        img.put("/boot/bad_%s/kernel" % name, data)
        expected[name] = msg
    img.conf('beastie_disable="YES"\nkernel.autopoweroff="YES"\n')
    m = Machine(img, name="bad_kernels")
    m.to_prompt()
    yield m, expected
    m.close()


@pytest.mark.parametrize("name", CASES)
def test_refused_with_reason(session, name):
    m, expected = session
    m.line("boot bad_%s" % name)
    m.expect(r"kernel: " + __import__("re").escape(expected[name]))
    m.expect(r"boot: /boot/bad_%s/kernel is not a loadable kernel; nothing was loaded" % name)
    m.expect(r"OK $")


def test_good_kernel_boots_after_refusals(session):
    m, _ = session
    m.line("ls /boot")
    m.expect(r"d  bad_truncated/")
    m.expect(r"OK $")
    m.line("boot")
    m.expect(r"Sanpo kernel")
    m.expect(r"powering off")
    assert m.wait_exit() == 0
