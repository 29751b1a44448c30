"""The root file system in the booted kernel: the loader preloads
/boot/rootfs.cpio (rootfs_load in loader.conf), the kernel mounts tmpfs at
/ and unpacks the archive into it, and the kernel shell's ls, cat and mount
show what came out -- busybox and its applet links, Sanpo's /sbin/init,
/etc, and devfs on /dev with the device nodes.  A corrupt archive is refused whole with its
reason, "/" stays empty, and the kernel shell still comes up.

These boots use the kernel shell (kern.kshell="YES": straight to the
debugger console instead of /sbin/init)."""
import re

import pytest

from kshell import run
from qemu import BUILD

CONF = ('autoboot_delay="0"\nrootfs_load="YES"\nrootfs_type="rootfs"\n'
        'rootfs_name="/boot/rootfs.cpio"\n')


@pytest.fixture(scope="module")
def booted(tmp_path_factory):
    from qemu import Image, Machine
    img = Image(tmp_path_factory.mktemp("rootfs"))
    img.conf(CONF)
    m = Machine(img, name="rootfs", timeout=120)
    m.expect(r"\n# ")
    yield m
    m.close()


def test_archive_unpacked(booted):
    mm = re.search(r"rootfs: /boot/rootfs.cpio: (\d+) files, (\d+) directories, (\d+) symlinks, "
                   r"(\d+) hard links, (\d+) special, (\d+) KB unpacked into /", booted.output)
    assert mm, booted.output[-3000:]
    files, dirs, links, _, special, kb = map(int, mm.groups())
    assert files >= 8 and dirs >= 10 and links >= 200 and special == 0  # devices: devfs
    assert kb >= (BUILD / "rootfs.stage/bin/busybox").stat().st_size >> 10
    assert run(booted, "sysctl vfs.rootfs vfs.rootfs_errors").split() == \
        ["vfs.rootfs:", "unpacked", "vfs.rootfs_errors:", "0"]


def test_busybox_and_its_links(booted):
    out = run(booted, "ls -l /bin")
    size = (BUILD / "rootfs.stage/bin/busybox").stat().st_size
    assert re.search(r"-rwxr-xr-x +1 +0 +0 +%d busybox\n" % size, out), out
    for applet in ("sh", "ls", "cat", "echo"):
        assert re.search(r"lrwxrwxrwx .* %s -> /bin/busybox\n" % applet, out), applet


def test_sanpo_programs_and_etc(booted):
    out = run(booted, "ls -l /sbin")
    init = (BUILD / "user/sbin/init/init").stat().st_size
    assert re.search(r"-rwxr-xr-x +1 +0 +0 +%d init\n" % init, out), out
    assert run(booted, "cat /etc/passwd").startswith("root:x:0:0:root:/root:/bin/sh\n")
    rc = run(booted, "ls -l /etc")
    assert re.search(r"-rwxr-xr-x .* rc$", rc, re.M), rc


def test_devices_and_directories(booted):
    """/dev is devfs, which the kernel mounts once the root is unpacked."""
    out = run(booted, "ls -l /dev")
    assert re.search(r"crw------- +1 +0 +0 +5, +1 console", out), out
    assert re.search(r"crw-rw-rw- +1 +0 +0 +1, +3 null", out), out
    out = run(booted, "ls -l /")
    assert re.search(r"drwxrwxrwt .* tmp\n", out) and re.search(r"drwx------ .* root\n", out), out


def test_mount_lists_the_root(booted):
    out = run(booted, "mount")
    assert re.match(r"tmpfs on / \(tmpfs\), \d+ of \d+ KB used, \d+ of \d+ files", out), out


def test_missing_file_is_an_error(booted):
    out = run(booted, "cat /etc/nonexistent; ls /nonexistent")
    assert "cat: /etc/nonexistent: error 2" in out and "ls: /nonexistent: error 2" in out


def test_corrupt_archive_leaves_an_empty_root(image, machine):
    """A rootfs.cpio cut short: refused whole, the kernel shell answers."""
    data = (BUILD / "rootfs.cpio").read_bytes()
    image.put("/boot/rootfs.cpio", data[:len(data) // 2])
    image.conf(CONF)
    m = machine(image, timeout=120)
    m.expect(r"rootfs: /boot/rootfs.cpio is corrupt: entry \d+ at offset 0x[0-9a-f]+: "
             r"[^\n]*; nothing unpacked")
    m.expect(r"\n# ")
    assert run(m, "sysctl vfs.rootfs").strip() == "vfs.rootfs: corrupt"
    out = run(m, "ls /")
    assert out.split() == [".", ".."], out
