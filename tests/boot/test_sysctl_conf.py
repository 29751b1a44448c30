"""/etc/rc applies /etc/sysctl.conf at start-up with `sysctl -f`, as
FreeBSD's rc.d/sysctl does: a root file system whose /etc/sysctl.conf sets
two writable sysctls (comments and blank lines around them) and has one bad
line boots with the two set, sysctl's "name: old -> new" lines and its
complaint about the bad line on the console, and the login after it.  The
image's own /etc/sysctl.conf is all comments: nothing changes."""
import re

from busybox import ROOTFS_CONF, login, sh
from qemu import BUILD, TOP, Image, Machine

SYSCTL_CONF = """# set at boot by the test
net.inet.ip.ttl=77

kern.overflowuid=65000   # a comment after a setting
no.such.sysctl=1
"""


def newc_replace(archive, name, data):
    """The newc cpio archive with member `name`'s contents replaced by data."""
    out, off = bytearray(), 0
    while True:
        hdr = archive[off:off + 110]
        fields = [int(hdr[6 + 8 * i:14 + 8 * i], 16) for i in range(13)]
        namesize, filesize = fields[11], fields[6]
        dataoff = (off + 110 + namesize + 3) & ~3
        end = (dataoff + filesize + 3) & ~3
        member = archive[off + 110:off + 110 + namesize - 1].decode()
        if member.lstrip("./") == name.lstrip("/"):
            fields[6] = len(data)
            new = b"070701" + b"".join(b"%08X" % f for f in fields)
            new += archive[off + 110:dataoff] + data
            out += new + b"\0" * (-len(new) % 4)
        else:
            out += archive[off:end]
        if member == "TRAILER!!!":
            return bytes(out + archive[end:])
        off = end


def test_sysctl_conf_applied_at_boot(tmp_path):
    cpio = (BUILD / "rootfs.cpio").read_bytes()
    assert b"etc/sysctl.conf" in cpio
    img = Image(tmp_path)
    img.put("/boot/rootfs-sysctl.cpio", newc_replace(cpio, "/etc/sysctl.conf",
                                                     SYSCTL_CONF.encode()))
    img.conf('autoboot_delay="0"\nbeastie_disable="YES"\n' +
             ROOTFS_CONF.replace("/boot/rootfs.cpio", "/boot/rootfs-sysctl.cpio"),
             kshell=False)
    m = Machine(img, name="sysctl_conf", smp=1, timeout=180)
    try:
        login(m)
        boot = m.output.replace("\r", "")
        assert re.search(r"^net\.inet\.ip\.ttl: 64 -> 77$", boot, re.M), boot
        assert re.search(r"^kern\.overflowuid: 65534 -> 65000$", boot, re.M), boot
        assert re.search(r"sysctl: unknown oid 'no\.such\.sysctl' at line 5", boot), boot
        assert "rc: /etc/sysctl.conf: some settings were not applied" in boot
        assert sh(m, "sysctl -n net.inet.ip.ttl kern.overflowuid") == "77\n65000\n"
        assert sh(m, "cat /proc/sys/net/inet/ip/ttl") == "77\n"
    finally:
        m.close()


def test_shipped_sysctl_conf_is_comments_only():
    """The image's /etc/sysctl.conf changes nothing: every line a comment."""
    with open(TOP / "user/etc/sysctl.conf") as f:
        assert all(not line.strip() or line.startswith("#") for line in f)
