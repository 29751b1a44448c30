"""Every example in README.md runs as written.  The test reads the README's
indented blocks and types each example line exactly as it stands (trailing
`# comments` included): the `OK` lines into the loader, whose last one,
`boot -s -v`, boots the kernel; the kernel shell's lines into that kernel
(ending with `shutdown -p now`); the network and IPsec lines (root's
`sanpo:~# ` prompt) into a second boot, of the user land on QEMU's user
network as `make run` gives it, logged in as root.  Lines under a command
that are not prompts are its input (`setkey -c`'s here-document); the
`sanpo:/# ` lines of that section are syntax summaries, not typed.  No
example may fail
(usage, unknown command, bad option...), and the ones whose result is
easy to know are checked for it.  Two boots for the whole README."""
import hashlib
import pathlib
import re
import time

import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from busybox import PROMPT, boot_userland, sh
from kshell import run_settled
from qemu import Image, Machine

README = pathlib.Path(__file__).resolve().parents[2] / "README.md"
# What a failing example prints anywhere (the loader's and the shell's
# complaints about the line itself).
FAIL = re.compile(r"usage: |command not found|unknown command|illegal option|"
                  r"requires an argument|unterminated quote|too many arguments")
# Lines a command prints as "name: ..." that are not errors.
INFO = re.compile(r"^(random: waiting)")
NET_PROMPT = "sanpo:~# "


def examples(section, prompt):
    """[(command, [input lines])] of the README section whose heading
    starts with `section`, for lines typed at `prompt`."""
    out, in_section, cur = [], False, None
    for line in README.read_text().splitlines():
        if line.startswith("## "):
            in_section = line[3:].startswith(section)
            cur = None
            continue
        if not in_section:
            continue
        if not line.startswith("    "):
            cur = None          # a block ends at the first unindented line
            continue
        text = line[4:]
        if text.startswith(prompt):
            cur = (text[len(prompt):], [])
            out.append(cur)
        elif cur is not None:
            cur[1].append(text)
    return out


def check(cmd, out):
    """No complaint in out: none of FAIL, and no error line, which both the
    loader and the shell start with the command's name (or sh:, error:)."""
    names = {"sh", "error"} | {c.split()[0] for c in cmd.split(";") if c.split()}
    if cmd.startswith("help "):
        out = out.replace("usage: ", "", 1)    # what `help CMD` is for
    bad = [l for l in out.splitlines() if FAIL.search(l) or
           (re.match(r"(%s): " % "|".join(map(re.escape, names)), l) and
            not INFO.match(l))]
    assert not bad, "%s\n%s" % (cmd, out)


def expected(cmd):
    """Patterns the output of this example must hold, where it is known."""
    gcm = AESGCM(bytes(range(16))).encrypt(bytes.fromhex("000000000000000000000001"),
                                           b"Hello", None).hex()
    table = {
        "help": [r"boot \[-adhmpsvCDgPr\]", r"'help CMD' shows one"],
        "ls /boot": [r"kernel/"],
        "set hw.physmem=256M ; show hw.physmem": [r"^256M$"],
        "load -t text /boot/loader.conf ; lsmod": [r"/boot/loader.conf size=0x",
                                                  r"/boot/loader\.conf \(text, 0x"],
        "lua 2^53": [r"9\.007199254741e\+15\s+3\.14"],
        "sysctl -a": [r"kern\.ostype"],
        "kenv": [r'hw\.physmem="256M"'],
        "sysinit": [r"run_shell"],
        "vmstat -mzi": [r"temp", r"large \(pages\)", r"vec\d+"],
        "uptime ; date": [r"up \d+ days?", r"\d{4}"],
        "random -n 64 -x": [r"^[0-9a-f]{128}$"],
        'cryptotest -a sha256 -p ""': [hashlib.sha256(b"").hexdigest()],
        "cryptotest -a aes-128-gcm": [gcm[:10], gcm[10:]],
        "help cryptotest": [r"usage: cryptotest -a ALG"],
        "ifconfig": [r"inet 10\.0\.2\.15 netmask"],
        "ping -c 3 10.0.2.2": [r"3 packets transmitted, 3 packets received"],
        "arp -a ; netstat -r": [r"\(10\.0\.2\.2\) at", r"^10\.0\.2\.0/24 "],
        "netstat -s ; netstat -sp icmp": [r"^ip:", r"^icmp:"],
        "route add -net 10.77.0.0/16": [r"add net 10\.77\.0\.0/16: gateway 10\.0\.2\.2",
                                        r"10\.77\.0\.0/16", r"delete net 10\.77\.0\.0/16"],
        "setkey -D ; setkey -DP": [r"10\.9\.0\.1 10\.9\.0\.2", r"spi=4097",
                                   r"10\.9\.0\.2\[any\] 10\.9\.0\.1\[any\]"],
    }
    # The command without its comment; a key is the whole command, or (with
    # a blank in it) the start of one up to a word boundary.
    base = re.split(r"\s+#\s", cmd)[0].strip()
    keys = [k for k in table if base == k or
            (" " in k and base.startswith(k) and base[len(k)] in " ,;")]
    return table[max(keys, key=len)] if keys else []


def assert_expected(cmd, out):
    check(cmd, out)
    for p in expected(cmd):
        assert re.search(p, out, re.M), "%s: no %r in\n%s" % (cmd, p, out)


def test_readme_has_the_examples():
    ok = examples("What you see", "OK ")
    sh = examples("The kernel shell", "# ")
    net = examples("Network and IPsec", NET_PROMPT)
    assert [c for c, _ in ok][-1].startswith("boot -s -v")
    assert any(c.startswith("shutdown -p now") for c, _ in sh)
    assert any(c.startswith("setkey -c") and len(i) == 5 for c, i in net)
    assert len(ok) >= 6 and len(sh) >= 15 and len(net) >= 10


def test_loader_and_kernel_shell_examples(tmp_path):
    """The OK prompt's examples, `boot -s -v` into the kernel, then the
    kernel shell's examples, `shutdown -p now` last."""
    img = Image(tmp_path)
    img.conf('beastie_disable="YES"\nautoboot_delay="NO"\n')
    m = Machine(img, name="readme_shell", timeout=120)
    try:
        m.expect(r"OK $")
        for cmd, _ in examples("What you see", "OK "):
            m.line(cmd)
            if cmd.startswith("boot "):
                break
            m.expect(r"OK $")
            out = m.p.before.replace("\r", "")
            assert_expected(cmd, out.split("\n", 1)[1] if "\n" in out else "")
        # boot -s -v: single user, verbose, the preloaded file listed.
        for p in [r"RB_SINGLE", r"RB_VERBOSE", r"modules: \d+: (?:.*, )?/boot/loader\.conf \(text",
                  r"Single-user mode", r"\n# "]:
            m.expect(p, timeout=180)
        shutdown = None
        for cmd, _ in examples("The kernel shell", "# "):
            if cmd.startswith("shutdown"):
                shutdown = cmd
                continue
            assert_expected(cmd, run_settled(m, cmd, timeout=900))
        m.line(shutdown, delay=0.001)
        assert m.wait_exit(timeout=120) == 0
    finally:
        m.close()


def test_network_and_ipsec_examples(tmp_path):
    """The network and IPsec examples at root's prompt on QEMU's user
    network (DHCP, from /etc/rc)."""
    m = boot_userland(tmp_path, "readme_net", conf='ifconfig_vtnet0="DHCP"\n', extra=[
        "-netdev", "user,id=n0,restrict=on", "-device", "virtio-net-pci,netdev=n0"])
    try:
        assert "bound to 10.0.2.15 -- renewal in" in m.output
        for cmd, lines in examples("Network and IPsec", NET_PROMPT):
            if cmd.startswith("setkey -x"):
                # Until ^C: it must be running (no complaint) when stopped.
                m.line(cmd, delay=0)
                time.sleep(1)
                m.type("\x03", delay=0)
                m.expect(PROMPT, timeout=30)
                out = re.sub(r"\x1b\[[0-9;?]*[a-zA-Z]", "", m.p.before).replace("\r", "")
                assert_expected(cmd, out.split("\n", 1)[1] if "\n" in out else "")
                assert sh(m, "echo status $?") == "status 130\n"   # ended by SIGINT
                continue
            if lines:
                m.line(cmd, delay=0)
                for text in lines:
                    m.line(text, delay=0)
                m.expect(PROMPT, timeout=120)
                out = re.sub(r"\x1b\[[0-9;?]*[a-zA-Z]", "", m.p.before).replace("\r", "")
                # What follows the echo of the input's last line ("> EOF").
                out = out.split("> %s\n" % lines[-1], 1)[-1]
            else:
                out = sh(m, cmd, timeout=300)
            assert_expected(cmd, out)
            assert sh(m, "echo status $?") == "status 0\n", cmd
    finally:
        m.close()
