"""tools/mkcpio.py, the writer of the root file system's archive, checked
with GNU cpio: what GNU cpio extracts from it is the staging tree plus the
spec's entries (devices, owners, modes), hard links stay links, and the
same inputs give the same bytes."""
import os
import stat
import subprocess

import pytest

TOOL = ["/usr/bin/python3", "tools/mkcpio.py"]


@pytest.fixture
def staged(tmp_path):
    s = tmp_path / "stage"
    (s / "bin").mkdir(parents=True)
    (s / "etc").mkdir()
    (s / "priv").mkdir(mode=0o700)
    (s / "bin/busybox").write_bytes(b"\x7fELF" + os.urandom(5000))
    os.chmod(s / "bin/busybox", 0o755)
    os.symlink("busybox", s / "bin/ls")
    (s / "etc/passwd").write_text("root:x:0:0:root:/root:/bin/sh\n")
    os.link(s / "etc/passwd", s / "etc/passwd.bak")
    (tmp_path / "shadow").write_text("root:*:1::::::\n")
    (tmp_path / "spec").write_text("""# devices and owners
nod /dev/console 0600 0 0 c 5 1
dir /dev 0755 0 0
dir /tmp 1777 0 0
file /etc/shadow %s 0600 0 42
owner /priv 0750 1000 100
slink /bin/sh busybox 0777 0 0
""" % (tmp_path / "shadow"))
    return s


def mkcpio(top, out, staged, tmp_path, epoch="1700000000"):
    env = dict(os.environ, SOURCE_DATE_EPOCH=epoch)
    subprocess.run([*TOOL, str(out), str(staged), str(tmp_path / "spec")], cwd=top, env=env,
                   check=True)
    return out.read_bytes()


@pytest.mark.skipif(os.geteuid() != 0, reason="extracting devices and owners needs root")
def test_gnu_cpio_extracts_what_was_staged(host, staged, tmp_path):
    mkcpio(host.top, tmp_path / "a.cpio", staged, tmp_path)
    x = tmp_path / "x"
    x.mkdir()
    with open(tmp_path / "a.cpio", "rb") as f:
        subprocess.run(["cpio", "-idm", "--quiet", "--no-absolute-filenames"], cwd=x, stdin=f,
                       check=True)
    st = os.lstat(x / "dev/console")
    assert stat.S_ISCHR(st.st_mode) and os.major(st.st_rdev) == 5 and os.minor(st.st_rdev) == 1
    assert stat.S_IMODE(os.lstat(x / "tmp").st_mode) == 0o1777
    sh = os.lstat(x / "etc/shadow")
    assert (stat.S_IMODE(sh.st_mode), sh.st_uid, sh.st_gid) == (0o600, 0, 42)
    pv = os.lstat(x / "priv")
    assert (stat.S_IMODE(pv.st_mode), pv.st_uid, pv.st_gid) == (0o750, 1000, 100)
    assert os.readlink(x / "bin/ls") == "busybox" and os.readlink(x / "bin/sh") == "busybox"
    assert (x / "bin/busybox").read_bytes() == (staged / "bin/busybox").read_bytes()
    assert stat.S_IMODE(os.lstat(x / "bin/busybox").st_mode) == 0o755
    a, b = os.lstat(x / "etc/passwd"), os.lstat(x / "etc/passwd.bak")
    assert a.st_ino == b.st_ino and a.st_nlink == 2
    assert (x / "etc/passwd.bak").read_text().startswith("root:x:0:0")
    assert int(a.st_mtime) == 1700000000


def test_same_inputs_same_bytes(host, staged, tmp_path):
    one = mkcpio(host.top, tmp_path / "1.cpio", staged, tmp_path)
    two = mkcpio(host.top, tmp_path / "2.cpio", staged, tmp_path)
    assert one == two
    listing = subprocess.run(["cpio", "-it", "--quiet"], input=one, capture_output=True,
                             check=True).stdout.decode().split()
    assert listing[:3] == [".", "bin", "bin/busybox"], listing
    assert "dev/console" in listing and listing.index("dev") < listing.index("dev/console")
