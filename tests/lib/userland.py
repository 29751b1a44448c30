"""Boot tests of user space: a machine whose init is one of the test
programs in the root file system (/usr/tests/sanpo/<name>: tests/user/ and
tests/conformance/ programs, built into build/rootfs.cpio), chosen with the
loader variable init_path.  Its output comes back on the serial console,
and the kernel reports how init ended ("init (pid 1) exited with status N"),
after which the kernel shell takes over.
"""
import subprocess

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


def conformance_lines(text, name):
    """The output of conformance program `name` ("udp_conformance") in text,
    from its "=== udp conformance begin ===" line to its end line."""
    begin = "=== %s begin ===" % name.replace("_", " ")
    end = "=== %s end ===" % name.replace("_", " ")
    text = text.replace("\r", "")
    i, j = text.find(begin), text.find(end)
    assert i >= 0 and j > i, "no complete conformance output:\n" + text[-3000:]
    return text[i:j + len(end)].split("\n")


def compare_with_linux(tmp_path, name, min_lines, smp=2):
    """The differential test: conformance program `name` runs on this host
    (as root) and as Sanpo's init; the two outputs must be identical line
    for line (at least min_lines of them), and init must exit 0."""
    r = subprocess.run([str(program(name))], capture_output=True, text=True,
                       timeout=120, cwd="/tmp")
    assert r.returncode == 0, "host run failed (%d): %s" % (r.returncode, r.stderr)
    host = conformance_lines(r.stdout, name)
    m = boot_program(tmp_path, name, smp=smp)
    try:
        m.expect("=== %s end ===" % name.replace("_", " "), timeout=300)
        sanpo = conformance_lines(m.output, name)
        how = wait_init_exit(m, timeout=60)
    finally:
        m.close()
    assert len(host) > min_lines
    diff = [(h, s) for h, s in zip(host, sanpo) if h != s]
    assert not diff and len(host) == len(sanpo), \
        "\n".join("linux: %s\nsanpo: %s" % d for d in diff[:30]) + \
        "\n(%d linux lines, %d sanpo lines)" % (len(host), len(sanpo))
    assert how == ("exit", 0)
