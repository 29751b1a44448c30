"""Driving Sanpo's user land from boot tests: boot the image's own start-up
(/sbin/init runs /etc/rc, then getty and login on the console), log in
and type commands at the shell's prompt.

busybox ash's line editing asks for the cursor position (ESC [6n) after
the prompt; sh() strips that and every other escape sequence, the echoed
command line and the prompt, and returns what the command printed.
"""
import re

from qemu import Image, Machine
from userland import ROOTFS_CONF

PROMPT = r"sanpo:[^\n]*# (?:\x1b\[6n)?$"
USER_PROMPT = r"sanpo:[^\n]*\$ (?:\x1b\[6n)?$"     # a user's other than root's
LOGIN = r"login: $"
# The test image's passwords (user/passwords, README "Users and logging in").
PASSWORDS = {"root": "root", "alice": "alice", "bob": "bob"}


def login(m, user="root", prompt=PROMPT, timeout=120):
    """At the console's `login:` (getty's), log in as user with the image's
    password and wait for the shell's prompt (root's by default; another
    user's ends in "$ ").  As root, the shell then goes to / as it started
    in before there was a login, so that tests see the same place."""
    m.expect(LOGIN, timeout=timeout)
    m.line(user, delay=0)
    m.expect(r"assword: $", timeout=60)
    m.line(PASSWORDS[user], delay=0)
    m.expect(prompt, timeout=60)
    if user == "root":
        m.line("cd /", delay=0)
        m.expect(prompt, timeout=60)


def boot_userland(tmp_path, name, smp=2, conf="", timeout=180, **machine_kw):
    """A machine booted to the busybox prompt (the default start-up),
    logged in as root on the console; machine_kw go to Machine (extra=[...]
    for a NIC...)."""
    img = Image(tmp_path)
    img.conf('autoboot_delay="0"\nbeastie_disable="YES"\n' + ROOTFS_CONF + conf, kshell=False)
    m = Machine(img, name=name, smp=smp, timeout=timeout, **machine_kw)
    login(m, timeout=timeout)
    return m


def sh(m, cmd, timeout=120, prompt=PROMPT):
    """Type a command at the busybox prompt; its output, echo and prompt
    removed.  prompt: USER_PROMPT when logged in as someone else than root."""
    m.line(cmd, delay=0)
    m.expect(prompt, timeout=timeout)
    out = re.sub(r"\x1b\[[0-9;?]*[a-zA-Z]", "", m.p.before).replace("\r", "")
    return out.split("\n", 1)[1] if "\n" in out else ""


def setkey_c(m, lines, check=True, timeout=120):
    """Feeds lines to the setkey program (`setkey -c`, a here-document at
    the prompt) and returns what it printed.  check: the output must hold
    no complaint ("setkey: ...", "error"); off for tests of the errors."""
    m.line("/sbin/setkey -c <<'EOF'", delay=0)
    for line in lines:
        m.line(line, delay=0)
    m.line("EOF", delay=0)
    m.expect(PROMPT, timeout=timeout)
    text = re.sub(r"\x1b\[[0-9;?]*[a-zA-Z]", "", m.p.before).replace("\r", "")
    # The echo of the here-document ends with its "> EOF" line.
    out = text.split("> EOF\n", 1)[1] if "> EOF\n" in text else text
    if check:
        assert "error" not in out.lower() and "setkey:" not in out, out
    return out


def netstat_count(m, proto, label):
    """The counter printed before label in the netstat program's
    `netstat -s -p proto`, FreeBSD's wording ("12 packets forwarded");
    label is a regular expression, so that "packets? forwarded" takes the
    singular FreeBSD prints for 1.  The label must be there."""
    out = sh(m, "/usr/bin/netstat -s -p " + proto)
    mm = re.search(r"(\d+) " + label, out)
    assert mm, out
    return int(mm.group(1))


def write_file(m, path, lines):
    """Writes lines to path in the guest through a here-document at the
    prompt (long command lines would wrap on the console: a script or a
    data file goes in this way)."""
    m.line("cat > %s <<'EOF'" % path, delay=0)
    for line in lines:
        m.line(line, delay=0)
    m.line("EOF", delay=0)
    m.expect(PROMPT, timeout=60)


# setkey -x as a monitor, in the foreground, its output kept in /tmp/mon
# too.  It prints nothing when it starts, so the script sends a marker -- a
# DELETE of no SA, whose error reply reaches every promiscuous socket --
# until the monitor has printed it: from then on it surely listens, and
# the script says "monitor ready" and runs setkey -f on its argument, if any.
_MONITOR_SH = [
    "echo 'delete 10.255.255.1 10.255.255.2 esp 0x1 ;' > /tmp/mark.conf",
    ": > /tmp/mon",
    "(until grep -q '] DELETE esp errno=' /tmp/mon; do",
    "  /sbin/setkey -c < /tmp/mark.conf > /dev/null 2>&1; sleep 0.2",
    " done; echo monitor ready; [ -z \"$1\" ] || /sbin/setkey -f \"$1\") &",
    # ^C reaches the whole pipeline: tee ignores it and copies what setkey
    # printed to the end, else a line the console already showed could
    # be missing from the file; pipefail keeps setkey's 130 as the status.
    "set -o pipefail",
    "/sbin/setkey -x | (trap '' INT; exec tee /tmp/mon)",
]


def setkey_monitor_start(m, lines=()):
    """Starts `setkey -x` in the foreground and returns once it listens;
    lines (setkey commands), if any, are then run by another setkey in the
    background, so that the monitor sees all they cause.  Nothing may be
    typed until setkey_monitor_stop()."""
    write_file(m, "/tmp/monitor.sh", _MONITOR_SH)
    arg = ""
    if lines:
        write_file(m, "/tmp/monitor.conf", lines)
        arg = " /tmp/monitor.conf"
    m.line("sh /tmp/monitor.sh" + arg, delay=0)
    m.expect("monitor ready", timeout=60)


def setkey_monitor_stop(m, pattern, timeout=60):
    """Waits for pattern (a regex on the console's raw text, whose lines
    end in "\\r\\n") in the monitor's output, stops it with ^C, on which
    it must end (status 130), and returns all it printed."""
    m.expect(pattern, timeout=timeout)
    m.type("\x03", delay=0)
    m.expect(PROMPT, timeout=30)
    assert sh(m, "echo status $?") == "status 130\n"
    return sh(m, "while pidof tee > /dev/null; do sleep 0.1; done; cat /tmp/mon")
