"""Driving the booted kernel's shell from boot tests: type a command at the
`# ` prompt and get its output back.  Shared by the boot tests so that each
does not carry its own copy.  (The network tools are programs of the user
land: busybox.py's sh, setkey_c and netstat_count drive them.)

Two ways to wait for the prompt (the `prompt` argument):
  PROMPT ("\\n# ", the default) takes the first prompt that follows the
      command; kernel messages printed after it (link state and others)
      do not get in the way.
  PROMPT_AT_END ("\\n# $") takes only a prompt with nothing after it yet:
      a stale prompt left over from an earlier interaction (e.g. a key that
      stopped `setkey -x`) is passed over rather than taken for this
      command's.  For modules whose guest prints nothing unasked.
"""
import re
import time

import pexpect

PROMPT = r"\n# "
PROMPT_AT_END = r"\n# $"


def run(m, cmd, timeout=60, prompt=PROMPT):
    """Types cmd at the prompt, waits for the next one and returns what the
    command printed (carriage returns removed, the echoed line left out)."""
    m.line(cmd, delay=0)
    m.expect(prompt, timeout=timeout)
    out = m.p.before.replace("\r", "")
    return out.split("\n", 1)[1] if "\n" in out else ""


_sync_count = 0


def resync(m, timeout=60):
    """Brings the conversation in step after a boot whose messages may come
    before or after the first prompt (a DHCP lease, link state): asks the
    shell for a value no one set and waits for that answer's own prompt, so
    that a prompt printed earlier is never taken for the next command's."""
    global _sync_count
    _sync_count += 1
    tag = "sanpo.resync.%d" % _sync_count
    m.line("kenv " + tag, delay=0)
    # The answer's line, not the echo of the typed one (which starts "# ").
    m.expect(r"\nkenv: unable to get %s\r*\n# " % re.escape(tag), timeout=timeout)


def run_settled(m, cmd, timeout=60, quiet=0.5):
    """Like run(), for any command, whatever its output holds (sysinit's
    header starts with "# ", dmesg shows what commands printed): the
    command is done when its output ends in a prompt and nothing more
    comes for `quiet` seconds."""
    m.line(cmd, delay=0)
    text, end = "", time.monotonic() + timeout
    while True:
        left = end - time.monotonic()
        if left <= 0:
            raise AssertionError("%r: no settled prompt within %ds; output:\n%s"
                                 % (cmd, timeout, text[-3000:]))
        i = m.p.expect([r"[\s\S]+", pexpect.TIMEOUT, pexpect.EOF], timeout=min(quiet, left))
        if i == 0:
            text += m.p.after
        elif i == 2:
            raise AssertionError("%r: QEMU exited; output:\n%s" % (cmd, text[-3000:]))
        elif text.endswith("\n# "):
            break
    m.output += text
    out = text[:-len("\n# ")].replace("\r", "")
    return out.split("\n", 1)[1] if "\n" in out else ""
