"""Host tests of the common library (common/, headers in include/sanpo/):
the tokenizer against sh, getopt and the printf engine against glibc, the
parsers and the line editor against Python models -- under ASan/UBSan.

The driver (tests/host/common/common_check.c) is linked with common/ as
the kernel links it (COMMON_SRCS from common/files.mk, no floating printf),
so the printf comparison covers the kernel's build of the engine; the
loader's (with floats) is compared in test_libc.py.
"""
import random
import subprocess

import pytest

import host_sources

DRIVER = "tests/host/common/common_check.c"


@pytest.fixture(scope="module")
def prog(host):
    srcs = host_sources.common()
    return host.compile("common_check", [DRIVER] + srcs)


def _run(host, prog, *args, input=None):
    r = host.run(prog, *map(str, args), input=input)
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-3000:]
    return r.stdout


# ---- tokenizer --------------------------------------------------------------

def _split(host, prog, lines):
    """Each input line -> list of commands, each a list of words (or an
    'error ...' string)."""
    out = _run(host, prog, "cmdline", input="".join(l + "\n" for l in lines))
    result, cur = [], []
    for row in out.splitlines():
        if row == "---":
            result.append(cur)
            cur = []
        elif row.startswith("error "):
            cur.append(row)
        else:
            assert row.startswith("<") and row.endswith(">"), row
            cur.append(row[1:-1].split("><"))
    assert len(result) == len(lines)
    return result


@pytest.mark.parametrize("line,expected", [
    ('cryptotest -a sha256 -p ""', [["cryptotest", "-a", "sha256", "-p", ""]]),
    ("a 'b c' \"d e\" f\\ g", [["a", "b c", "d e", "f g"]]),
    ('a"b c"d', [["ab cd"]]),
    ("arp -a ; netstat -r", [["arp", "-a"], ["netstat", "-r"]]),
    ("setkey -D;setkey -DP", [["setkey", "-D"], ["setkey", "-DP"]]),
    ("echo 'a;b' \"c;d\" e\\;f", [["echo", "a;b", "c;d", "e;f"]]),
    ("uptime ; ; date ;", [["uptime"], ["date"]]),
    ("sysctl -a   # kern.*, hw.*", [["sysctl", "-a"]]),
    ("echo a#b '#c' \\#d", [["echo", "a#b", "#c", "#d"]]),
    ("# only a comment", []),
    ("   ", []),
    ('echo "\\"q\\" \\\\ \\$ \\x"', [["echo", '"q" \\ $ \\x']]),
    ("echo '\\n'", [["echo", "\\n"]]),
    ("echo ''", [["echo", ""]]),
    ("echo 'open", ["error unterminated quote"]),
    ('ok ; echo "open', [["ok"], "error unterminated quote"]),
    ("a b c d e f g h", [list("abcdefgh")]),
    ("a b c d e f g h i", ["error too many arguments"]),
    ("a ; STOP x ; b", [["a"], ["STOP", "x"]]),      # a command may take the rest
    ("tab\tseparated\t\twords", [["tab", "separated", "words"]]),
])
def test_cmdline_cases(host, prog, line, expected):
    assert _split(host, prog, [line]) == [expected]


def _random_word(rnd):
    """A word of sh syntax using only quoting that both we and sh know."""
    parts = []
    for _ in range(rnd.randint(1, 4)):
        kind = rnd.randrange(5)
        text = "".join(rnd.choice("ab ;#\\\"'$x") for _ in range(rnd.randint(0, 4)))
        if kind == 0:       # single quotes: anything but '
            parts.append("'" + text.replace("'", "") + "'")
        elif kind == 1:     # double quotes: escape " and \ and $ as sh wants
            t = text.replace("\\", "\\\\").replace('"', '\\"').replace("$", "\\$")
            parts.append('"' + t + '"')
        elif kind == 2:     # backslash-escaped characters
            parts.append("".join("\\" + c for c in text))
        else:               # plain characters
            parts.append("".join(rnd.choice("abxyz.-_=/#") for _ in range(rnd.randint(1, 3))))
    return "".join(parts)


def test_cmdline_splits_as_sh_does(host, prog):
    """2000 random command lines (quotes, backslashes, `;` and `#` quoted
    and not, empty words) split exactly as dash splits them."""
    rnd = random.Random(12)
    lines = []
    for _ in range(2000):
        cmds = []
        for _ in range(rnd.randint(1, 3)):
            words = ["f"] + [_random_word(rnd) for _ in range(rnd.randint(0, 5))]
            cmds.append(" ".join(words))
        lines.append(rnd.choice([" ; ", ";", " ;"]).join(cmds))
    # sh: f prints its arguments (f itself left out) as <w><w>.
    script = ["f() { for a in \"$@\"; do printf '<%s>' \"$a\"; done; printf '\\n'; }"]
    for line in lines:
        script += [line, "echo ---"]
    r = subprocess.run(["/bin/sh", "-c", "\n".join(script) + "\n"],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    sh_out = r.stdout
    ours = _run(host, prog, "cmdline", input="".join(l + "\n" for l in lines))
    # ours prints <f><w>...: drop the leading <f>; a command of f alone is
    # "<f>" for us and an empty line for sh.
    mine = []
    for row in ours.splitlines():
        if row == "---":
            mine.append(row)
        else:
            assert row.startswith("<f>"), row
            mine.append(row[3:])
    assert mine == sh_out.splitlines()
    assert sh_out.splitlines().count("---") == 2000


# ---- getopt -------------------------------------------------------------------

def test_getopt_matches_glibc_posix_mode(host, prog):
    """Random argvs (grouped flags, attached and separate arguments, "-",
    "--", unknown options, missing arguments, ':' optstrings): the same
    options, arguments, errors and final index as glibc's getopt with '+'."""
    out = _run(host, prog, "getopt", 20000, 99)
    assert out.rstrip().endswith(" 0 mismatches"), out
    assert int(out.split("getopt: ")[1].split()[0]) > 40000


# ---- parsers ------------------------------------------------------------------

def _ref_uint(base, maxv, s):
    if base != 10 and s[:2] in ("0x", "0X"):
        base, s = 16, s[2:]
    elif base == 0:
        base = 10
    digits = "0123456789abcdefABCDEF" if base == 16 else "0123456789"
    if not s or any(c not in digits for c in s):
        return None
    v = int(s, base)
    return v if v <= maxv else None


def _ref_fixed(frac, maxv, s):
    if s.count(".") > 1 or not s.replace(".", "") or not s.replace(".", "").isdigit() \
            or not s.isascii():
        return None
    whole, _, f = s.partition(".")
    v = int((whole or "0") + (f[:frac] + "0" * frac)[:frac])
    return v if v <= maxv else None


def _ref_hex(maxn, s):
    if len(s) % 2 or any(c not in "0123456789abcdefABCDEF" for c in s) or len(s) // 2 > maxn:
        return None
    return s.lower()


def _ref_ipv4(s):
    parts, rest = [], s
    for i in range(4):
        if i:
            if not rest.startswith("."):
                return None
            rest = rest[1:]
        n = 0
        while n < len(rest) and rest[n].isdigit() and rest[n].isascii():
            n += 1
        if n == 0 or n > 3 or int(rest[:n]) > 255:
            return None
        parts.append(int(rest[:n]))
        rest = rest[n:]
    return "%d %s" % ((parts[0] << 24) | (parts[1] << 16) | (parts[2] << 8) | parts[3], rest)


def test_parsers_match_reference(host, prog):
    """parse_uint / parse_fixed / parse_hex / parse_ipv4 on edge cases and
    40 000 random strings agree with the Python models (no overflow,
    nothing but digits accepted, untouched on error)."""
    rnd = random.Random(5)
    reqs, want = [], []
    U64 = 2**64 - 1
    fixed_uint = [(10, U64, "18446744073709551615"), (10, U64, "18446744073709551616"),
                  (16, U64, "ffffffffffffffff"), (16, U64, "0x10000000000000000"),
                  (0, 255, "0xff"), (0, 255, "0x100"), (0, 255, "010"), (10, 255, "0x1"),
                  (0, 9, "0x"), (10, 0, "0"), (10, 0, "1"), (10, 5, ""), (10, 5, "-1"),
                  (10, 5, "+1"), (10, 5, " 1"), (16, 2**32 - 1, "0XffFFffFF")]
    cases = [("uint", b, m, s) for b, m, s in fixed_uint]
    cases += [("fixed", 6, 3600 * 10**6, s) for s in
              ("0.2", "1", "1.", ".5", ".", "", "3600", "3600.000001", "0.0000019", "1.2.3", "a")]
    cases += [("hex", 4, s) for s in ("", "00", "a", "0g", "DEADbeef", "deadbeef00", "0x12")]
    cases += [("ipv4", s) for s in ("10.0.2.2", "255.255.255.255", "256.0.0.1", "1.2.3",
                                     "1.2.3.4/24", "01.002.003.004", "0001.2.3.4", "1..2.3",
                                     "1.2.3.4.5", "", "a.b.c.d", "1.2.3.-4")]
    alpha = "0123456789abcdefxX.-/ "
    for _ in range(10000):
        s = "".join(rnd.choice(alpha) for _ in range(rnd.randint(0, 24)))
        cases.append(("uint", rnd.choice([0, 10, 16]), rnd.choice([255, 65535, 2**32 - 1, U64]),
                      s.strip() or "0"))
        cases.append(("fixed", rnd.randint(0, 6), rnd.choice([10**6, 3600 * 10**6, U64]),
                      s.strip() or "1"))
        cases.append(("hex", rnd.randint(0, 8), s.strip()))
        q = ".".join(str(rnd.randint(0, 300)) for _ in range(rnd.randint(3, 5)))
        cases.append(("ipv4", q if rnd.random() < 0.7 else s))
    for c in cases:
        if c[0] in ("uint", "fixed"):
            reqs.append("%s %d %d %s" % c)
            ref = (_ref_uint if c[0] == "uint" else _ref_fixed)(c[1], c[2], c[3])
            want.append("err" if ref is None else "ok %d" % ref)
        elif c[0] == "hex":
            reqs.append("hex %d %s" % (c[1], c[2]))
            ref = _ref_hex(c[1], c[2])
            want.append("err" if ref is None else ("ok " + ref).rstrip())
        else:
            reqs.append("ipv4 " + c[1])
            ref = _ref_ipv4(c[1])
            want.append("err" if ref is None else ("ok " + ref).rstrip())
    out = _run(host, prog, "parse", input="\n".join(reqs) + "\n").splitlines()
    out = [o.rstrip() for o in out]
    assert len(out) == len(reqs)
    bad = [(r, w, o) for r, w, o in zip(reqs, want, out) if w != o]
    assert not bad, bad[:10]


# ---- line editor --------------------------------------------------------------

NOECHO, CTRL_D = 1, 2


def _edit(host, prog, keys, flags=0, slots=4, size=16):
    out = _run(host, prog, "lineedit", flags, slots, size, keys).splitlines()
    echo = bytes.fromhex(out[-1].split(" ", 1)[1] if " " in out[-1] else "")
    return out[:-1], echo


@pytest.mark.parametrize("keys,flags,lines", [
    ("abc\\r", 0, ["line <abc>"]),
    ("abc\\n", 0, ["line <abc>"]),
    ("abx\\x7fc\\r", 0, ["line <abc>"]),                     # DEL
    ("abx\\x08c\\r", 0, ["line <abc>"]),                     # Backspace
    ("\\x7f\\x7fa\\r", 0, ["line <a>"]),                     # erase on empty: nothing
    ("junk\\x15ok\\r", 0, ["line <ok>"]),                    # Ctrl-U
    ("half\\x03next\\r", 0, ["intr <>", "line <next>"]),     # Ctrl-C
    ("\\x04a\\r", CTRL_D, ["eof <>", "line <a>"]),           # Ctrl-D on an empty line
    ("a\\x04b\\r", CTRL_D, ["line <ab>"]),                   # not on a non-empty one
    ("\\x04a\\r", 0, ["line <a>"]),                          # and only when asked
    ("a\\tb\\x01c\\r", 0, ["line <abc>"]),                   # other controls ignored
    ("one\\rtwo\\r\\x10\\x10\\r", 0, ["line <one>", "line <two>", "line <one>"]),  # Ctrl-P
    ("one\\rtwo\\r\\x1b[A\\x1b[A\\x1b[B\\r", 0,
     ["line <one>", "line <two>", "line <two>"]),            # Up Up Down
    ("one\\r\\x1bOA\\r", 0, ["line <one>", "line <one>"]),   # ESC O A
    ("one\\r\\x10\\x10\\x10\\x0e\\x0e\\r", 0,
     ["line <one>", "line <>"]),                             # Down past the newest: empty
    ("one\\r\\x10x\\r", 0, ["line <one>", "line <onex>"]),   # recalled lines can be edited
    ("a\\x1b[3~b\\r", 0, ["line <ab>"]),                     # Delete's sequence swallowed
    ("a\\x1b[1;5Cb\\r", 0, ["line <ab>"]),                   # Ctrl-Right too
    ("a\\x1bxb\\r", 0, ["line <axb>"]),                      # a lone ESC: next key counts
    ("0123456789abcdefXYZ\\r", 0, ["line <0123456789abcde>"]),  # size 16: 15 characters
    ("abc", 0, ["eof <>"]),                                  # input ends mid-line
    ("secret\\r", NOECHO, ["line <secret>"]),
])
def test_lineedit_keys(host, prog, keys, flags, lines):
    got, _ = _edit(host, prog, keys, flags)
    assert got[:len(lines)] == lines
    assert got[len(lines):] == ["eof <>"] or lines[-1] == "eof <>"


def test_lineedit_echo(host, prog):
    """What the terminal sees: typed characters, "\\b \\b" per erased one,
    a recalled line replacing the old, "^C\\n", nothing with NOECHO."""
    _, echo = _edit(host, prog, "ab\\x7fc\\r")
    assert echo == b"ab\b \bc\n"
    _, echo = _edit(host, prog, "xy\\rq\\x10\\r")
    assert echo == b"xy\nq\b \bxy\n"
    _, echo = _edit(host, prog, "ab\\x03")
    assert echo == b"ab^C\n"
    _, echo = _edit(host, prog, "secret\\r", NOECHO)
    assert echo == b""


def test_lineedit_history_is_bounded(host, prog):
    """4 slots: the fifth line pushes out the first; slots of 16 bytes keep
    15 characters; empty lines are not remembered."""
    keys = "".join("l%d\\r" % i for i in range(1, 6)) + "\\r" + "\\x10" * 6 + "\\r"
    got, _ = _edit(host, prog, keys)
    assert got[-2:] == ["line <l2>", "eof <>"], got


def _model(keys, size=16, slots=4):
    """The editor as a Python model: the lines it returns."""
    hist, out, line, back, i = [], [], "", 0, 0
    while i < len(keys):
        c = keys[i]
        i += 1
        if c in "\r\n":
            out.append("line <%s>" % line)
            if line:
                hist = (hist + [line])[-slots:]
            line, back = "", 0
        elif c in "\x7f\x08":
            line = line[:-1]
        elif c == "\x15":
            line = ""
        elif c == "\x03":
            out.append("intr <>")
            line, back = "", 0
        elif c in "\x10\x0e":
            nb = back + 1 if c == "\x10" else back - 1
            if 0 <= nb <= len(hist):
                back = nb
                line = (hist[-back] if back else "")[:size - 1]
        elif " " <= c < "\x7f":
            if len(line) + 1 < size:
                line += c
    out.append("eof <>")
    return out


def test_lineedit_matches_model(host, prog):
    """2000 random key sequences over printable keys, erase, kill, Ctrl-C,
    Enter and history keys give the lines the model gives."""
    rnd = random.Random(3)
    alphabet = "abc \x7f\x08\x15\x03\r\r\x10\x0e"
    sessions = ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(1, 60)))
                for _ in range(2000)]
    text = "".join("".join("\\x%02x" % ord(c) for c in keys) + "\n" for keys in sessions)
    out = _run(host, prog, "lineedit-batch", 0, 3, 8, input=text)
    results = [r.splitlines()[:-1] for r in out.split("===\n")[:-1]]
    assert len(results) == len(sessions)
    for keys, got in zip(sessions, results):
        assert got == _model(keys, size=8, slots=3), repr(keys)


# ---- printf (the kernel's build) ----------------------------------------------

def test_printf_integer_conversions_match_glibc(host, prog):
    """The engine as the kernel builds it (no -DKVPRINTF_FLOAT): 100 000
    random integer, character, string and pointer formats (flags, width,
    precision, length modifiers) print what glibc prints; a float
    conversion prints "?"."""
    out = _run(host, prog, "printf", 100000, 11)
    assert out.rstrip().endswith(" 0 mismatches"), out
