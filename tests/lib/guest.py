"""A booted guest: the body of the boot tests' module fixtures that share one
boot.  guest() boots a fresh image and waits for the kernel shell;
guest_on_taps() also makes the guest's virtio-net NICs tap devices in a
network namespace of the test's own, with Linux (netns.py) on the other end.

    with guest(tmp, "shell", conf) as m:
        ...   # the guest is at its shell prompt
    with guest_on_tap(tmp, "net_linux", conf, MAC, LINUX + "/24") as (ns, m):
        ...   # the same; ns holds tap0 and QEMU

The image is a fresh copy in tmp_dir with loader.conf `conf`; with taps,
QEMU runs inside the namespace (Machine(prefix=ns.prefix)).  Whatever
happens, the machine is killed (and the namespace deleted) when the block
ends, a boot that never reaches `ready` included.
"""
import contextlib

import busybox
import netns
from kshell import PROMPT
from qemu import Image, Machine


@contextlib.contextmanager
def guest(tmp_dir, name, conf, ready=PROMPT, timeout=120, aesni=True,
          userland=False, **machine_kw):
    """Yields the machine once `ready` (a regex) has been printed, within
    `timeout` seconds; machine_kw go to Machine (smp, extra, prefix...).
    aesni: preload aesni.ko (Image.conf).  userland: boot Sanpo's user
    land instead of the kernel shell (init, /etc/rc configuring the
    network from conf's rc.conf variables, getty) and log in as root
    (busybox.login): `ready` is then not used; type with busybox.sh."""
    img = Image(tmp_dir)
    if userland:
        img.conf(busybox.ROOTFS_CONF + conf, kshell=False, aesni=aesni)
    else:
        img.conf(conf, aesni=aesni)
    m = Machine(img, name=name, **machine_kw)
    try:
        if userland:
            busybox.login(m, timeout=timeout)
        else:
            m.expect(ready, timeout=timeout)
        yield m
    finally:
        m.close()


@contextlib.contextmanager
def guest_on_taps(tmp_dir, name, conf, nics, tag="t", netdev_opts="", extra=(),
                  before_boot=None, ready=PROMPT, timeout=120, aesni=True,
                  queues=1, smp=2, userland=False):
    """Yields (ns, machine) with the guest up.

    nics: [(mac, linux_addr)]: NIC i is virtio-net-pci with that MAC on
    netdev n<i>, a tap tap<i> in ns carrying linux_addr ("10.9.0.1/24"; None
    for no address).  netdev_opts is appended to every `-netdev tap,...`
    (",vnet_hdr=off"), extra to QEMU's arguments.  before_boot(ns), if
    given, runs once the taps exist and before QEMU starts (bridges,
    other namespaces, a server).  queues > 1 makes every NIC multiqueue (a
    multi_queue tap, `queues=N`, `mq=on` and 2N+2 MSI-X vectors); smp is the
    guest's CPU count.  The guest is ready when `ready` (a regex) has been
    printed, within `timeout` seconds.  aesni: preload aesni.ko
    (Image.conf).  userland: as guest()'s."""
    with netns.namespace(tag) as ns:
        args = []
        mq_netdev = ",queues=%d" % queues if queues > 1 else ""
        mq_device = ",mq=on,vectors=%d" % (2 * queues + 2) if queues > 1 else ""
        for i, (mac, addr) in enumerate(nics):
            ns.add_tap("tap%d" % i, addr, multi_queue=queues > 1)
            args += ["-netdev", "tap,id=n%d,ifname=tap%d,script=no,downscript=no%s%s"
                     % (i, i, mq_netdev, netdev_opts),
                     "-device", "virtio-net-pci,netdev=n%d,mac=%s%s" % (i, mac, mq_device)]
        if before_boot is not None:
            before_boot(ns)
        with guest(tmp_dir, name, conf, ready, timeout, aesni, userland=userland,
                   prefix=ns.prefix, smp=smp, extra=args + list(extra)) as m:
            yield ns, m


def guest_on_tap(tmp_dir, name, conf, mac, linux_addr, **kw):
    """guest_on_taps() with one NIC: tap0 in ns, carrying linux_addr."""
    return guest_on_taps(tmp_dir, name, conf, [(mac, linux_addr)], **kw)
