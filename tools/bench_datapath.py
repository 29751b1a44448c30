#!/usr/bin/python3
"""`make bench-datapath`: Sanpo's network and IPsec datapath against Linux's,
in the same QEMU, with the same client, in the same run.

For each CPU count (-smp 1 and 4 by default) it boots, side by side and
each in a fresh network namespace with a tap device, Sanpo
(build/disk.img, into its user land: /etc/rc configures vtnet0, the bench
logs in as root and drives the setkey, ping and sysctl programs) and
Debian's Linux -- the kernel package `make bench-boot`
fetches, with an initramfs of busybox, the kernel's own virtio-net, XFRM,
ESP and AES-NI/SHA-NI modules, `ip` from Debian's iproute2 (with the
libraries it links) and a static UDP echo server (tools/udp_echo.c) -- under
identical QEMU settings: q35, -cpu max, TCG, 512 MiB, one virtio-net NIC
with one queue pair per CPU (`-netdev tap,queues=N`, `mq=on`, 2N+2 MSI-X
vectors; a system that does not negotiate multiqueue uses the first pair).

Then the client (tools/udp_echo_client.c: UDP over a socket, or ESP sealed
and opened with libcrypto over a raw socket) measures UDP echo
(port 7: on Sanpo the kernel's echo service, RFC 862, no process; on Linux
a user process, tools/udp_echo.c) datagrams/s and payload Mbit/s of 64- and 1400-byte datagrams:
in clear, through ESP transport mode with AES-GCM-128 (RFC 4106; Linux:
rfc4106(gcm(aes)) served by aesni-intel) and with AES-CBC +
HMAC-SHA-256-128 (Linux: cbc(aes) + hmac(sha256) via authenc).  With N
CPUs the client runs N flows at once, from N addresses of its own (each
with its own SA pair), so that a multiqueue NIC's flow hashing can spread
them; each flow keeps a window of datagrams outstanding.  Each case is
measured in slices alternating between the two systems, so that a change
of load on the (shared) machine hits both alike.

Prints one table per CPU count: datagrams/s and Mbit/s for each system,
Sanpo/Linux per case, and the share of Sanpo's crypto requests that took
the direct path (kern.crypto.direct vs kern.crypto.queued); then, per ESP
case, the crypto code each side ran (Sanpo: the drivers that took the
requests; Linux: the driver /proc/crypto names for the SA's algorithm), so
a peer fallen back to C is seen.  With
--profile CASE:SIZE, Sanpo runs its sampling profiler (kprof, at
kern.hz=1000; started and stopped with `sysctl debug.kprof.running=1|0`,
read from /proc/kprof) during that case and the table of where its CPUs
spent the time follows (tools/kprof.py).  Asserts
nothing beyond that each guest answered.  Needs root (namespaces, tap, raw
sockets).  Run: /usr/bin/python3 tools/bench_datapath.py [--smp 1,4]
"""
import argparse
import contextlib
import pathlib
import re
import shutil
import struct
import subprocess
import sys
import tempfile

TOP = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(TOP / "tests" / "lib"))
sys.path.insert(0, str(TOP / "tools"))

import bench_boot  # noqa: E402
from bench_ipsec import GUEST, LINUX, crypto_counters  # noqa: E402

BENCH = bench_boot.BENCH
LINUX_PROMPT = "lxbench# "
LINUX_READY = "SANPO-BENCH-DATAPATH-LINUX-READY"
ROUNDS = 2              # alternating measurement slices per case and system
PROFILES = []           # --profile: the guests' profile tables
CASES = [("clear", None), ("esp aes-gcm-128", "aes-gcm-128"),
         ("esp aes-cbc+hmac-sha256", "aes-cbc-sha256")]

# The Linux modules the guest loads (their dependencies are added from the
# modules' own .modinfo): the NIC, XFRM/ESP, the crypto the SAs use, and
# the default RNG ESP's IV generators take their salt from (drbg).
LINUX_MODULES = ["virtio_pci", "virtio_net", "xfrm_user", "esp4", "aesni_intel",
                 "ghash_clmulni_intel", "gcm", "ctr", "seqiv", "echainiv", "authenc",
                 "sha256_ssse3", "jitterentropy_rng", "drbg"]
# Linux's names for the client's suites (ip-xfrm(8))
LINUX_ALGS = {"aes-gcm-128": "aead 'rfc4106(gcm(aes))' 0x{enc} 128",
              "aes-cbc-sha256": "enc 'cbc(aes)' 0x{enc} auth-trunc 'hmac(sha256)' 0x{auth} 128"}
# The crypto API names esp4 asks for with those SAs (it joins enc and auth
# as authenc(auth,enc) and wraps either in its IV generator, seqiv(...) or
# echainiv(...)): /proc/crypto then names the driver that serves them, so
# the table can say whether Linux ran aesni-intel or fell back to C.
LINUX_CRYPTO_NAMES = {"aes-gcm-128": "rfc4106(gcm(aes))",
                      "aes-cbc-sha256": "authenc(hmac(sha256),cbc(aes))"}


def proc_crypto_driver(text, name):
    """From /proc/crypto text (whole or grep -A'd), the driver serving the
    outermost instance of `name` (the IV generator's wrapper when there is
    one), the highest priority first, as "driver [module]"; internal
    algorithms are never handed out, so they are skipped."""
    best = None
    for block in re.split(r"\n(?=name\s*:)", "\n" + text.replace("\r", "")):
        f = dict(re.findall(r"^(\w[\w ]*?)\s*: (.*?)\s*$", block, re.M))
        if name not in f.get("name", "") or f.get("internal") == "yes" or "driver" not in f:
            continue
        prio = f.get("priority", "0")
        key = (len(f["name"]), int(prio) if prio.isdigit() else 0)
        if best is None or key > best[0]:
            best = (key, f)
    if best is None:
        return "%s not in /proc/crypto" % name
    return "%s [%s]" % (best[1]["driver"], best[1].get("module", "?"))


def client_addr(i):
    """The client's address for flow i (flow 0: the tap's own address)."""
    return LINUX if i == 0 else "10.9.9.%d" % (100 + i)


# --- the Linux guest's initramfs -------------------------------------------

def modinfo_depends(ko):
    """The `depends=` list of a kernel module, from its .modinfo section."""
    data = ko.read_bytes()
    shoff, = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum, shstrndx = struct.unpack_from("<HHH", data, 0x3a)

    def sect(i):
        name, _typ, _flags, _addr, off, size = struct.unpack_from(
            "<IIQQQQ", data, shoff + i * shentsize)
        return name, off, size
    _, stroff, _ = sect(shstrndx)
    for i in range(shnum):
        name, off, size = sect(i)
        if data[stroff + name:data.index(b"\0", stroff + name)] == b".modinfo":
            for field in data[off:off + size].split(b"\0"):
                if field.startswith(b"depends="):
                    return [d for d in field[8:].decode().split(",") if d]
    return []


def module_order(moddir, wanted):
    """Module files to load, each after the modules it depends on."""
    files = {p.name[:-3].replace("-", "_"): p for p in moddir.rglob("*.ko")}
    builtin = {pathlib.Path(l).name[:-3].replace("-", "_")
               for l in (moddir / "modules.builtin").read_text().split()}
    order = []

    def add(name):
        name = name.replace("-", "_")
        if name in builtin or files.get(name) in order:
            return
        if name not in files:
            raise SystemExit("bench-datapath: Linux module %s not found" % name)
        for dep in modinfo_depends(files[name]):
            add(dep)
        order.append(files[name])
    for name in wanted:
        add(name)
    return order


def shared_libs(binary):
    """The shared libraries (and loader) a host binary links, from ldd."""
    out = subprocess.run(["ldd", str(binary)], capture_output=True, text=True,
                         check=True).stdout
    return sorted({pathlib.Path(m) for m in re.findall(r"(/\S+\.so[.\d]*)", out)})


def c_program(name, *flags):
    """build/bench/NAME from tools/NAME.c, rebuilt when the source is newer."""
    path = BENCH / name
    src = TOP / "tools" / (name + ".c")
    if not path.exists() or path.stat().st_mtime < src.stat().st_mtime:
        subprocess.run(["gcc", "-O2", "-Wall", "-Wextra", "-Werror", "-o", str(path),
                        str(src), *flags], check=True)
    return path


def udp_echo_binary():
    return c_program("udp_echo", "-static")


def linux_initramfs(root, busybox, smp):
    """An initramfs whose /init loads the modules, brings eth0 up as the
    guest's address, starts the echo server (one process per CPU) and
    leaves a shell on the console for the bench to drive.  `ip` is always
    called as /sbin/ip: busybox's shell would run its own `ip` applet
    (which has no xfrm) for the bare name."""
    moddir = next((root / "lib" / "modules").iterdir())
    mods = module_order(moddir, LINUX_MODULES)
    ip = pathlib.Path(shutil.which("ip", path="/usr/sbin:/sbin:/usr/bin:/bin"))
    files = {"bin/busybox": (0o100755, busybox.read_bytes()),
             "sbin/ip": (0o100755, ip.read_bytes()),
             "bin/udp_echo": (0o100755, udp_echo_binary().read_bytes())}
    for lib in shared_libs(ip):         # under the names the binary asks for
        files[str(lib.relative_to("/"))] = (0o100755, lib.read_bytes())
    for m in mods:
        files["lib/modules/" + m.name] = (0o100644, m.read_bytes())
    init = "\n".join([
        "#!/bin/busybox sh",
        "/bin/busybox --install -s /bin",
        "export PATH=/sbin:/bin",
        "mount -t proc proc /proc; mount -t sysfs sys /sys; mount -t devtmpfs dev /dev",
        *["insmod /lib/modules/%s" % m.name for m in mods],
        "/sbin/ip link set lo up",
        "/sbin/ip link set eth0 up",
        "/sbin/ip addr add %s/24 dev eth0" % GUEST,
        "udp_echo 7 %d &" % smp,
        "stty cols 1000 rows 50",       # no line wrapping of long commands
        "export PS1='%s'" % LINUX_PROMPT,
        "echo %s" % LINUX_READY,
        "exec sh",
        ""]).encode()
    entries, dirs = [], set()
    for path in sorted(files) + ["init"]:
        parts = pathlib.PurePosixPath(path).parts[:-1]
        for i in range(1, len(parts) + 1):
            d = "/".join(parts[:i])
            if d not in dirs:
                dirs.add(d)
                entries.append((d, 0o040755))
    for d in ("dev", "proc", "sys"):
        if d not in dirs:
            entries.append((d, 0o040755))
    entries.append(("dev/console", 0o020600, b"", 5, 1))
    entries += [(p, mode, data) for p, (mode, data) in sorted(files.items())]
    entries.append(("init", 0o100755, init))
    out = BENCH / ("datapath-initramfs-%d.cpio" % smp)
    out.write_bytes(bench_boot.newc(entries))
    return out


# --- the two guests ---------------------------------------------------------

def nic_args(smp):
    """The same NIC for both systems: one queue pair per CPU."""
    if smp == 1:
        return ["-netdev", "tap,id=n0,ifname=tap0,script=no,downscript=no",
                "-device", "virtio-net-pci,netdev=n0,mac=52:54:00:09:09:02"]
    return ["-netdev", "tap,id=n0,ifname=tap0,script=no,downscript=no,queues=%d" % smp,
            "-device", "virtio-net-pci,netdev=n0,mac=52:54:00:09:09:02,mq=on,vectors=%d"
            % (2 * smp + 2)]


class Guest:
    """A booted system and its console."""
    prompt = r"\n# "
    ping = "ping"           # the ping the guest's shell runs

    def run(self, cmd, timeout=60):
        self.m.line(cmd, delay=0.001)
        self.m.expect(self.prompt, timeout=timeout)
        out = self.m.p.before.replace("\r", "")
        return out.split("\n", 1)[1] if "\n" in out else ""

    def counters(self):
        return {}

    def crypto_used(self, alg, delta):
        """Which crypto code served the SAs of alg (a case just measured,
        delta: its counter deltas)."""
        return "-"

    def profile(self, on):
        """Start (on) or stop the guest's sampling profiler, if it has one."""

    def profile_dump(self):
        """The profiler's raw dump since profile(True), if it has one."""
        return None

    def profile_table(self, dumps):
        """The table of where the CPUs spent the time, from the dumps of
        every profiled slice one after the other."""
        return None

    def close(self):
        self.m.close()


class SanpoGuest(Guest):
    """Sanpo's user land, logged in as root on the console: /etc/rc has
    configured vtnet0 (ifconfig_vtnet0); the bench drives the setkey, ping
    and sysctl programs.  Its UDP echo on port 7 is the kernel's echo
    service (RFC 862, no process), where Linux's is a user process
    (tools/udp_echo.c)."""
    name = "Sanpo"
    ping = "/sbin/ping"

    def __init__(self, ns, workdir, smp, hz=None, conf=()):
        import busybox
        self.m = busybox.boot_userland(
            workdir, "bench_datapath_sanpo_%d" % smp, smp=smp, timeout=300,
            prefix=ns.prefix, extra=nic_args(smp),
            conf='ifconfig_vtnet0="inet %s/24"\n' % GUEST +
                 ('kern.hz="%d"\n' % hz if hz else "") + "".join(c + "\n" for c in conf))

    def run(self, cmd, timeout=60):
        import busybox
        return busybox.sh(self.m, cmd, timeout=timeout)

    def clear(self):
        self.run("/sbin/setkey -F; /sbin/setkey -FP")

    def add_sas(self, sas):
        import busybox
        lines = ["flush ;", "spdflush ;"]
        for addr, to_guest, from_guest in sas:
            lines += [to_guest.setkey_add(), from_guest.setkey_add(),
                      "spdadd %s %s any -P out ipsec esp/transport//require ;" % (GUEST, addr),
                      "spdadd %s %s any -P in ipsec esp/transport//require ;" % (addr, GUEST)]
        out = busybox.setkey_c(self.m, lines, check=False)
        if "setkey:" in out or "error" in out.lower():
            raise SystemExit("bench-datapath: setkey failed:\n" + out)

    def counters(self):
        return crypto_counters(self.m)

    def crypto_used(self, alg, delta):
        """The drivers that took this case's requests (kern.crypto.drivers)."""
        used = ["%s %d requests" % (d, n) for d, n in sorted(delta.items())
                if d not in ("direct", "queued") and n > 0]
        return ", ".join(used) or "no crypto requests"

    def profile(self, on):
        """kprof through its sysctl: 1 resets the tables and starts sampling."""
        out = self.run("/sbin/sysctl debug.kprof.running=%d" % (1 if on else 0))
        if "debug.kprof.running" not in out or "sysctl:" in out:
            raise SystemExit("bench-datapath: cannot %s kprof:\n%s"
                             % ("start" if on else "stop", out))

    def profile_dump(self):
        """/proc/kprof: the text the kernel shell's `kprof dump` printed.
        Copied to /tmp first, so that a failure to read it (EBUSY while
        sampling) shows as cat's status rather than inside the dump."""
        out = self.run("cat /proc/kprof > /tmp/kprof.txt; echo kprof-status=$?", timeout=300)
        if "kprof-status=0" not in out:
            raise SystemExit("bench-datapath: cannot read /proc/kprof:\n" + out)
        dump = self.run("cat /tmp/kprof.txt", timeout=600)
        if "kprof end" not in dump:
            (BENCH / "kprof.txt").write_text(dump)
            raise SystemExit("bench-datapath: /proc/kprof ends before \"kprof end\" "
                             "(kept in %s)" % (BENCH / "kprof.txt"))
        return dump

    def profile_table(self, dumps):
        """The raw dumps are kept in build/bench/kprof.txt; named with the
        symbols of the kernel that was booted (SANPO_BUILD's)."""
        import kprof
        (BENCH / "kprof.txt").write_text(dumps)
        return kprof.table(dumps, kernel=bench_boot.BUILD / "kernel" / "kernel")


class LinuxGuest(Guest):
    name = "Linux"
    prompt = re.escape(LINUX_PROMPT)

    def __init__(self, ns, workdir, smp, vmlinuz, initrd):
        from qemu import KernelBoot, Machine
        boot = KernelBoot(workdir, vmlinuz, initrd, "console=ttyS0 loglevel=3 panic=-1")
        self.m = Machine(boot, name="bench_datapath_linux_%d" % smp, smp=smp,
                         prefix=ns.prefix, extra=nic_args(smp))
        self.m.expect(LINUX_READY, timeout=300)
        self.m.expect(self.prompt, timeout=60)

    def clear(self):
        self.ip("xfrm state flush")
        self.ip("xfrm policy flush")

    def ip(self, args):
        """/sbin/ip with args; its output, or SystemExit if it failed."""
        out = self.run("/sbin/ip %s; echo ip-status=$?" % args)
        if "ip-status=0" not in out:
            raise SystemExit("bench-datapath: ip %s failed:\n%s" % (args, out))
        return out

    def crypto_used(self, alg, delta):
        name = LINUX_CRYPTO_NAMES[alg]
        return proc_crypto_driver(self.run("grep -F -A6 '%s' /proc/crypto" % name), name)

    def add_sas(self, sas):
        self.clear()
        for addr, to_guest, from_guest in sas:
            for sa, src, dst in ((to_guest, addr, GUEST), (from_guest, GUEST, addr)):
                keys = LINUX_ALGS[sa.alg].format(enc=sa.enc_key.hex(), auth=sa.auth_key.hex())
                self.ip("xfrm state add src %s dst %s proto esp spi 0x%x replay-window 64 "
                        "mode transport %s" % (src, dst, sa.spi, keys))
            for src, dst, d in ((GUEST, addr, "out"), (addr, GUEST, "in")):
                self.ip("xfrm policy add src %s dst %s dir %s tmpl src %s dst %s proto esp "
                        "mode transport" % (src, dst, d, src, dst))


# --- measuring --------------------------------------------------------------

def flows_for(guest, alg, nflows):
    """The client's flow lines for one case (tools/udp_echo_client.c), the
    guest configured for them: clear UDP, or ESP with fresh SAs per flow."""
    if alg is None:
        guest.clear()
        return ["clear %s %s" % (client_addr(i), GUEST) for i in range(nflows)] + [0]
    from ipsec_peer import Sa
    sas, lines = [], []
    for i in range(nflows):
        addr = client_addr(i)
        to_guest, from_guest = Sa(alg, addr, GUEST), Sa(alg, GUEST, addr)
        sas.append((addr, to_guest, from_guest))
        if alg == "aes-gcm-128":
            lines.append("gcm %s %s %x %s %x %s" % (
                addr, GUEST, to_guest.spi, to_guest.enc_key.hex(),
                from_guest.spi, from_guest.enc_key.hex()))
        else:
            lines.append("cbc %s %s %x %s %s %x %s %s" % (
                addr, GUEST, to_guest.spi, to_guest.enc_key.hex(), to_guest.auth_key.hex(),
                from_guest.spi, from_guest.enc_key.hex(), from_guest.auth_key.hex()))
    guest.add_sas(sas)
    return lines + [0]      # the last ESP sequence number used (see echo)


def echo(ns, flows, size, seconds, window):
    """Run the client over `flows` (a list of flow lines, followed by the last
    ESP sequence number used on them, which this updates) in the namespace:
    (echoed, lost, seconds, bad)."""
    r = subprocess.run([*ns.prefix, str(c_program("udp_echo_client", "-lcrypto")),
                        str(size), str(seconds), str(window), str(flows[-1])],
                       input="\n".join(flows[:-1]) + "\n",
                       capture_output=True, text=True, timeout=seconds + 60)
    m = re.search(r"echoed (\d+) lost (\d+) bad (\d+) seconds ([\d.]+) seq (\d+)", r.stdout)
    if r.returncode != 0 or not m:
        raise SystemExit("bench-datapath: client failed: %s%s" % (r.stdout, r.stderr))
    flows[-1] = int(m.group(5))
    return int(m.group(1)), int(m.group(2)), float(m.group(4)), int(m.group(3))


def measure_both(systems, smp, args):
    """Both guests are up (each in its own namespace); for each case and
    size, each is configured once, then measured in ROUNDS alternating
    slices, so that a change of load on the machine hits both alike.
    Returns {name: {(case, size): (dgrams/s, Mbit/s, lost, counter deltas,
    the crypto code that served the case)}}."""
    res = {g.name: {} for g, _ in systems}
    for g, ns in systems:
        if "1 packets received" not in g.run(g.ping + " -c 1 " + LINUX, timeout=30):
            raise SystemExit("bench-datapath: %s cannot reach the client" % g.name)
    for case, alg in CASES:
        for size in args.sizes:
            flows = [flows_for(g, alg, smp) for g, _ns in systems]
            tot = [[0, 0, 0.0, {}] for _ in systems]     # echoed, lost, seconds, deltas
            prof = args.profile == "%s:%d" % (case, size)
            dumps = {g.name: "" for g, _ in systems}  # each profiled slice's, one after the other
            for _ in range(ROUNDS):
                for (g, ns), f, t in zip(systems, flows, tot):
                    before = g.counters()
                    if prof:
                        g.profile(True)
                    echoed, lost, el, _bad = echo(ns, f, size, args.seconds / ROUNDS,
                                                  args.window)
                    if prof:
                        # each start resets the tables: keep this slice's
                        g.profile(False)
                        dumps[g.name] += g.profile_dump() or ""
                    after = g.counters()
                    t[0] += echoed
                    t[1] += lost
                    t[2] += el
                    for k in after:
                        t[3][k] = t[3].get(k, 0) + after[k] - before.get(k, 0)
            for (g, _ns), (echoed, lost, el, delta) in zip(systems, tot):
                if echoed == 0:
                    raise SystemExit("bench-datapath: %s gave no UDP echo (%s, %d B)"
                                     % (g.name, case, size))
                used = g.crypto_used(alg, delta) if alg else "-"
                res[g.name][(case, size)] = (echoed / el, echoed * size * 8 / el / 1e6,
                                             lost, delta, used)
            print("  -smp %d %-24s %5d B: %s" % (smp, case, size, ", ".join(
                "%s %.0f datagrams/s (%d lost)" % (g.name, res[g.name][(case, size)][0],
                                                   res[g.name][(case, size)][2])
                for g, _ in systems)), flush=True)
            if prof:
                for g, _ in systems:
                    table = g.profile_table(dumps[g.name]) if dumps[g.name] else None
                    if table:
                        PROFILES.append("%s -smp %d, %s, %d B:\n%s" % (g.name, smp, case,
                                                                     size, table))
    return res


def run_smp(smp, args, vmlinuz, initrd):
    """Boot the systems asked for at this CPU count, measure, shut down."""
    import netns
    makers = []
    if args.only != "linux":
        makers.append(lambda ns, w: SanpoGuest(ns, w, smp, 1000 if args.profile else None,
                                               args.sanpo_conf))
    if args.only != "sanpo":
        makers.append(lambda ns, w: LinuxGuest(ns, w, smp, vmlinuz, initrd))
    with contextlib.ExitStack() as stack:
        systems = []
        for make in makers:
            work = stack.enter_context(tempfile.TemporaryDirectory())
            ns = stack.enter_context(netns.namespace("bd"))
            ns.add_tap("tap0", LINUX + "/24", multi_queue=smp > 1)
            for i in range(1, smp):
                ns.ip("addr", "add", client_addr(i) + "/24", "dev", "tap0")
            g = make(ns, work)
            stack.callback(g.close)
            systems.append((g, ns))
        return measure_both(systems, smp, args)


def report(smp, args, sanpo, linux):
    print()
    print("UDP echo over virtio-net/tap, QEMU TCG, -smp %d (%d queue pair%s, %d flow%s), "
          "window %d per flow, %.0f s per case" % (
              smp, smp, "s" if smp > 1 else "", smp, "s" if smp > 1 else "",
              args.window, args.seconds))
    print("%-24s %5s %11s %11s %9s %9s %8s  %s" % (
        "case", "bytes", "Sanpo dg/s", "Linux dg/s", "Sanpo Mb/s", "Linux Mb/s",
        "S/L", "Sanpo direct path"))
    print("-" * 110)
    for case, _ in CASES:
        for size in args.sizes:
            s, l = sanpo[(case, size)], linux[(case, size)]
            d = s[3]
            total = d.get("direct", 0) + d.get("queued", 0)
            share = "%.1f%% of %d" % (100.0 * d["direct"] / total, total) if total else "-"
            print("%-24s %5d %11.0f %11.0f %9.2f %9.2f %7.2fx  %s" % (
                case, size, s[0], l[0], s[1], l[1], s[0] / l[0], share))
    print("crypto that served each ESP case:")
    for case, alg in CASES:
        for size in args.sizes if alg else ():
            s, l = sanpo[(case, size)], linux[(case, size)]
            print("  %-24s %5d  Sanpo: %s; Linux: %s" % (case, size, s[4], l[4]))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--smp", default="1,4", help="CPU counts, comma-separated")
    ap.add_argument("--sizes", default="64,1400", help="datagram sizes, comma-separated")
    ap.add_argument("--seconds", type=float, default=5.0)
    ap.add_argument("--window", type=int, default=16)
    ap.add_argument("--only", choices=("sanpo", "linux"), help="measure one system only")
    ap.add_argument("--sanpo-conf", metavar="LINE", action="append", default=[],
                    help='a loader.conf line for Sanpo (repeatable), e.g. '
                         "'net.inet.ipsec.crypto_workers=\"0\"'")
    ap.add_argument("--profile", metavar="CASE:SIZE",
                    help='profile Sanpo (kprof, kern.hz=1000) during one case, e.g. '
                    '"esp aes-gcm-128:1400", and print where its CPUs spent the time')
    args = ap.parse_args()
    args.sizes = [int(x) for x in args.sizes.split(",")]

    import netns
    if not netns.have_netns():
        raise SystemExit("bench-datapath: needs root and /dev/net/tun (network namespaces, tap)")
    BENCH.mkdir(parents=True, exist_ok=True)
    vmlinuz, busybox = bench_boot.fetch_linux()
    root = vmlinuz.parents[1]
    results = []
    for smp in [int(x) for x in args.smp.split(",")]:
        initrd = linux_initramfs(root, busybox, smp)
        print("-smp %d:" % smp, flush=True)
        res = run_smp(smp, args, vmlinuz, initrd)
        results.append((smp, res.get("Sanpo"), res.get("Linux")))
    for smp, sanpo, linux in results:
        if sanpo and linux:
            report(smp, args, sanpo, linux)
    for p in PROFILES:
        print()
        print(p)


if __name__ == "__main__":
    main()
