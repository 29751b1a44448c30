"""PCI enumeration and virtio-net attachment, on one boot with four virtio
functions: a transitional virtio-net (0x1000, modern capabilities too), a
modern-only one (disable-legacy=on: 0x1041), a legacy-only one
(disable-modern=on: reported and skipped) and a virtio-rng (a type with no
driver: reported and skipped), plus a PCIe root port with a third
virtio-net behind it (bus 1, found by following the bridge; its STATUS
feature turned off), and a virtio-net with too few MSI-X vectors, which
fails to attach with a reason and is unwound (one vector, where the
config-change and receive interrupts need two; transmit takes none).  A QEMU monitor socket flips a NIC's link
to show the config-change interrupt reaching if_link_state_change."""
import functools
import re
import socket
import time

import pytest

import kshell
from guest import guest

MAC0, MAC1, MAC2, MAC3, MAC4 = ("52:54:00:12:34:56", "52:54:00:12:34:57",
                                "52:54:00:12:34:58", "52:54:00:12:34:59",
                                "52:54:00:12:34:5a")


@pytest.fixture(scope="module")
def pci(tmp_path_factory):
    d = tmp_path_factory.mktemp("pci")
    mon = str(d / "mon.sock")
    extra = [
        "-netdev", "user,id=n0,restrict=on",
        "-device", "virtio-net-pci,netdev=n0,addr=2,mac=" + MAC0,
        "-netdev", "user,id=n1,restrict=on",
        "-device", "virtio-net-pci,netdev=n1,addr=3,disable-legacy=on,mac=" + MAC1,
        "-netdev", "user,id=n2,restrict=on",
        "-device", "virtio-net-pci,netdev=n2,addr=4,disable-modern=on,mac=" + MAC2,
        "-device", "virtio-rng-pci,addr=5",
        "-device", "pcie-root-port,id=rp1,bus=pcie.0,chassis=1,addr=6",
        "-netdev", "user,id=n3,restrict=on",
        "-device", "virtio-net-pci,netdev=n3,bus=rp1,status=off,mac=" + MAC3,
        "-netdev", "user,id=n4,restrict=on",
        "-device", "virtio-net-pci,netdev=n4,addr=7,vectors=1,mac=" + MAC4,
        "-chardev", "socket,id=mon0,path=%s,server=on,wait=off" % mon,
        "-mon", "chardev=mon0,mode=readline"]
    with guest(d, "pci", 'autoboot_delay="0"\nboot_verbose="YES"\n',
               ready=kshell.PROMPT_AT_END, extra=extra) as m:
        m.monitor_path = mon
        yield m


# Types a command and returns its output (without the echo); only the prompt
# that ends the output counts, within the machine's own timeout.
run = functools.partial(kshell.run, timeout=None, prompt=kshell.PROMPT_AT_END)


def monitor(m, cmd):
    """One QEMU monitor command over the module's monitor socket."""
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect(m.monitor_path)
    s.settimeout(5)
    s.recv(4096)                        # banner and prompt
    s.sendall(cmd.encode() + b"\n")
    time.sleep(0.5)
    s.close()


def pciconf_rows(out):
    rows = {}
    for line in out.splitlines():
        r = re.match(r"(\w+?\d+)@pci0:(\d+):(\d+):(\d+):\s+class=0x([0-9a-f]{6}) rev=0x[0-9a-f]{2} "
                     r"hdr=0x([0-9a-f]{2}) vendor=0x([0-9a-f]{4}) device=0x([0-9a-f]{4}) "
                     r"subvendor=0x([0-9a-f]{4}) subdevice=0x([0-9a-f]{4})$", line)
        if r:
            rows["%s:%s:%s" % r.group(2, 3, 4)] = r.groups()
    return rows


def test_pciconf_lists_every_function(pci):
    rows = pciconf_rows(run(pci, "pciconf -l"))
    # q35: host bridge, VGA, our four virtio functions, ICH9 LPC/SATA/SMBus.
    assert set(rows) >= {"0:0:0", "0:1:0", "0:2:0", "0:3:0", "0:4:0", "0:5:0",
                         "0:31:0", "0:31:2", "0:31:3"}, rows
    assert rows["0:0:0"][6:8] == ("8086", "29c0")
    name, *_, cls, hdr, ven, dev, subven, subdev = rows["0:2:0"]
    assert (name, cls, ven, dev, subdev) == ("vtnet0", "020000", "1af4", "1000", "0001")
    name, *_, cls, hdr, ven, dev, subven, subdev = rows["0:3:0"]
    assert (name, cls, ven, dev) == ("vtnet1", "020000", "1af4", "1041")
    # Legacy-only NIC and the rng: listed, but no driver.
    assert re.fullmatch(r"none\d+", rows["0:4:0"][0]) and rows["0:4:0"][7] == "1000"
    assert re.fullmatch(r"none\d+", rows["0:5:0"][0]) and rows["0:5:0"][7] == "1005"
    # Behind the root port (a type 1 header): bus 1, modern-only as on any PCIe bus.
    assert rows["0:6:0"][5] == "01" and rows["0:6:0"][4] == "060400"
    assert rows["1:0:0"][0] == "vtnet2" and rows["1:0:0"][7] == "1041"
    assert re.fullmatch(r"none\d+", rows["0:7:0"][0])
    nones = sorted(int(r[0][4:]) for r in rows.values() if r[0].startswith("none"))
    assert nones == list(range(len(nones)))       # none0, none1, ... in order


def test_pciconf_bars_and_capabilities(pci):
    out = run(pci, "pciconf -lbc")
    block = out.split("vtnet1@pci0:0:3:0:")[1].split("@pci0:")[0]
    # The modern BAR: 64-bit prefetchable, 16 KiB, placed high by OVMF.
    m = re.search(r"bar   \[20\] = type Prefetchable Memory, range 64, base 0x([0-9a-f]+), "
                  r"size 16384, enabled", block)
    assert m and int(m.group(1), 16) >= 1 << 32, block
    assert re.search(r"bar   \[14\] = type Memory, range 32, base 0x[0-9a-f]+, size 4096", block)
    assert re.search(r"cap 11\[[0-9a-f]{2}\] = MSI-X supports \d+ messages, enabled", block), block
    assert "Table in map 0x14[0x0], PBA in map 0x14[0x800]" in block
    assert len(re.findall(r"cap 09\[[0-9a-f]{2}\] = vendor", block)) >= 4  # common/notify/isr/device
    # The legacy-only function: an I/O BAR, MSI-X not enabled by anyone.
    legacy = out.split("@pci0:0:4:0:")[1].split("@pci0:")[0]
    assert re.search(r"bar   \[10\] = type I/O Port, range 32, base 0x[0-9a-f]+, size 32", legacy)
    assert "cap 09" not in legacy and "enabled\n" not in legacy.split("MSI-X")[1].split("\n")[0]


def test_attach_messages(pci):
    log = pci.output
    assert re.search(r"vtnet0: <VirtIO network> at pci0:0:2:0, MAC %s, link up, rxq 256 txq 256, "
                     r"features <MAC,STATUS,CTRL_VQ,VERSION_1>" % MAC0, log), log
    assert re.search(r"vtnet1: <VirtIO network> at pci0:0:3:0, MAC %s, link up" % MAC1, log)
    assert re.search(r"virtio_pci: pci0:0:4:0: legacy-only virtio network device \(device 0x1000, "
                     r"no virtio 1.x capabilities\); skipped", log)
    assert re.search(r"virtio_pci: pci0:0:5:0: virtio entropy device \(type 4, device 0x1005\) "
                     r"has no driver; skipped", log)
    # Only the features offered are taken: no STATUS, so the link is assumed up.
    assert re.search(r"vtnet2: <VirtIO network> at pci0:1:0:0, MAC %s, link up, rxq 256 txq 256, "
                     r"features <MAC,CTRL_VQ,VERSION_1>" % MAC3, log), log
    # One MSI-X vector for two sources (config change, receive): refused,
    # unwound, not attached.
    assert "vtnet3: needs 2 MSI-X vectors, device has 1" in log
    assert "device_attach: vtnet3 attach returned 5" in log
    assert "vtnet3: <VirtIO network>" not in log
    assert re.search(r"pci: \d+ functions", log)


def link_of(m, nic):
    """up or down: the driver's view of nic's link (sysctl dev.vtnet.stats,
    the kernel shell's sysctl; ifconfig is a program of the user land)."""
    out = run(m, "sysctl dev.vtnet.stats")
    r = re.search(r"%s rx \d+ rxdrop \d+ rxerr \d+ tx \d+ txdrop \d+ link (\w+)" % nic, out)
    assert r, out
    return r.group(1)


def test_sysctl_shows_driver_state(pci):
    """The driver's state (its MAC is in the attach line) from sysctl
    dev.vtnet.queues, what ifconfig's driver lines showed in the kernel shell."""
    out = run(pci, "sysctl dev.vtnet.queues")
    assert link_of(pci, "vtnet1") == "up"
    assert re.search(r"vtnet1: features 0x[0-9a-f]+ <MAC,STATUS,CTRL_VQ,VERSION_1>", out), out
    assert re.search(r"vtnet1: 1 queue pair \(device has 1\), config interrupts \d+", out), out
    assert re.search(r"vtnet1: pair 0: rxq 256 entries, vector \d+, .*; "
                     r"txq 256 entries \(256 free\)", out), out


def test_msix_vectors_registered(pci):
    out = run(pci, "vmstat -i")
    for n in ("vtnet0", "vtnet1"):
        for q in ("config", "rx"):          # transmit reclaims: no interrupt
            assert re.search(r"vec\d+: %s:%s\s+\d+" % (n, q), out), out


def test_link_change_interrupt(pci):
    """set_link off raises a config-change MSI-X; the thread reads STATUS."""
    monitor(pci, "set_link n1 off")
    pci.expect(r"vtnet1: link state changed to DOWN", timeout=20)
    assert link_of(pci, "vtnet1") == "down"
    monitor(pci, "set_link n1 on")
    pci.expect(r"vtnet1: link state changed to UP", timeout=20)
    assert link_of(pci, "vtnet1") == "up"
    assert re.search(r"vec\d+: vtnet1:config\s+[1-9]", run(pci, "vmstat -i"))
    stats = run(pci, "sysctl dev.vtnet.stats")
    assert re.search(r"vtnet0 rx \d+ rxdrop 0 rxerr 0 tx \d+ txdrop 0 link up qpairs 1; "
                     r"vtnet1 rx \d+ rxdrop 0 rxerr 0 tx \d+ txdrop 0 link up qpairs 1", stats), stats
