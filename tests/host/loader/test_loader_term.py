"""The loader's terminal (loader/term.c) on the host, under ASan/UBSan:

- the serial side passes UTF-8 through and turns every byte that is not
  UTF-8 into the code page 437 character it stands for -- checked against
  Python's own UTF-8 decoder and cp437 codec on fixed and random bytes;
- the screen side (a model of a firmware text screen) ends with the same
  characters and colours as a real terminal emulator (pyte) given the
  same bytes: FreeBSD-style menu drawing, erasing, moves, and random
  streams of positioned, coloured text.
"""
import codecs
import random
import subprocess

import pytest

from hostbuild import SAN_ENV

SRC = ["tests/host/loader/term_check.c", "loader/term.c", "common/utf.c"]
CSI = "\x1b["


@pytest.fixture(scope="module")
def term(host):
    return host.compile("term_check", SRC)


def run(host, prog, mode, data):
    """Bytes in, bytes out (host.run speaks text), sanitizers halting on error."""
    r = subprocess.run([str(prog), mode], input=data, capture_output=True, timeout=60,
                       env=SAN_ENV)
    assert r.returncode == 0, r.stderr.decode(errors="replace")
    return r.stdout


def _cp437_errors(exc):
    bad = exc.object[exc.start:exc.end]
    return (bad.decode("cp437"), exc.end)


codecs.register_error("sanpo_cp437", _cp437_errors)


def reference_serial(data):
    return data.decode("utf-8", errors="sanpo_cp437").encode("utf-8")


@pytest.mark.parametrize("data", [
    b"plain ascii\r\n\x1b[1mbold\x1b[22m",
    "\u2554\u2550\u2557 \u00e4\u20ac \U0001f600".encode(),
    b"\xc9\xcd\xbb\xba\xc8\xbc",            # CP437 double frame, as FreeBSD 12 prints it
    b"\xe2\x94A", b"\xc0\x80", b"\xed\xa0\x80", b"\xf0\x80\x80\x80", b"\xf4\x90\x80\x80",
    b"\xe2\x95", b"\xff\xfe", b"a\xc3", bytes(range(256)),
])
def test_serial_side_matches_python(host, term, data):
    assert run(host, term, "serial", data) == reference_serial(data)


def test_serial_side_random_bytes(host, term):
    rnd = random.Random(18)
    for _ in range(60):
        pool = [rnd.randrange(256) for _ in range(40)] + list("\u2550x\u00e9".encode()) * 5
        data = bytes(rnd.choice(pool) for _ in range(rnd.randrange(1, 120)))
        assert run(host, term, "serial", data) == reference_serial(data), data


def screen_of(host, term, data):
    out = run(host, term, "screen", data).decode()
    lines = out.split("\n")
    return lines[:25], lines[25:50]


def pyte_of(data):
    import pyte  # python3-pyte (tools/deps.sh)
    s = pyte.Screen(80, 25)
    pyte.ByteStream(s).feed(data)
    return s


# EFI colours back to ANSI: the inverse of term.c's ansi_to_efi.
EFI_TO_ANSI = {0: 0, 4: 1, 2: 2, 6: 3, 1: 4, 5: 5, 3: 6, 7: 7}
ANSI_NAMES = ["black", "red", "green", "brown", "blue", "magenta", "cyan", "white"]


def same_as_pyte(host, term, data, colours=True):
    rows, attrs = screen_of(host, term, data)
    ref = pyte_of(data)
    for r in range(25):
        assert rows[r] == ref.display[r], "row %d:\n%r\n%r" % (r, rows[r], ref.display[r])
    if not colours:
        return
    for r in range(25):
        for c in range(80):
            cell = ref.buffer[r][c]
            if cell.data == " ":
                continue
            a = int(attrs[r][2 * c:2 * c + 2], 16)
            fg = EFI_TO_ANSI[a & 7]
            want = 7 if cell.fg == "default" else ANSI_NAMES.index(cell.fg)
            assert fg == want, "fg at %d,%d: %s vs %s" % (r, c, fg, cell.fg)
            assert bool(a & 8) == cell.bold, "bold at %d,%d" % (r, c)


def test_menu_drawing_like_freebsd(host, term):
    at = lambda x, y: "%s%d;%dH" % (CSI, y, x)
    s = CSI + "0;37;40m" + CSI + "H" + CSI + "J"
    for i, line in enumerate(["  ```      `", " s` `...--.``", "  y/   -o/"]):
        s += at(48, 7 + i) + line.replace("`", CSI + "31;1m`" + CSI + "31m")
    s += CSI + "m"
    s += at(2, 9) + "\u2554" + at(2, 22) + "\u255a" + at(44, 9) + "\u2557" + at(44, 22) + "\u255d"
    s += at(3, 9) + "\u2550" * 41 + at(3, 22) + "\u2550" * 41
    for y in range(10, 22):
        s += at(2, y) + "\u2551" + at(44, y) + "\u2551"
    s += at(12, 9) + " Welcome to FreeBSD "
    s += at(5, 11) + "1. " + CSI + "1mB" + CSI + "22moot Multi user " + CSI + "1m[Enter]" + CSI + "22m"
    s += at(5, 13) + "2. " + CSI + "32mOn" + CSI + "37m" + at(4, 23) + "Autoboot in 9 seconds. "
    s += at(0, 23) + " " * 30 + at(1, 25)
    same_as_pyte(host, term, s.encode())


def test_erase_moves_tabs_and_newlines(host, term):
    s = (CSI + "H" + CSI + "J" + "first line\r\nsecond\tTAB\r\n" + CSI + "5;10Hxxxxxxxxxx"
         + CSI + "5;12H" + CSI + "K" + CSI + "7;3Habcdef" + CSI + "7;5H" + CSI + "1K"
         + CSI + "9;1H" + "line" + CSI + "2K" + "!" + CSI + "3A" + CSI + "4C" + "u"
         + CSI + "10;20H" + "\x1b7" + "s" + CSI + "2;2H" + "\x1b8" + "r"
         + CSI + "12;1H" + "back\b\bXY" + CSI + "14;5H" + "below" + CSI + "14;3H" + CSI + "0J"
         + CSI + "15;40HZ" + CSI + "2;1H" + CSI + "1J")
    same_as_pyte(host, term, s.encode())


def test_unknown_sequences_are_swallowed(host, term):
    s = (CSI + "H" + CSI + "J" + "a" + CSI + "?1049h" + "b" + "\x1b(B" + "c" + CSI + "38;5;1m"
         + "d" + CSI + "0m" + "\x1b]" + "e" + CSI + "12;34;56;78;90;12;34;56;78;90x" + "f")
    rows, _ = screen_of(host, term, s.encode())
    assert rows[0].startswith("abcd"), rows[0]
    assert "[" not in rows[0] and "?" not in rows[0]


def test_bottom_right_cell_is_left_alone_when_drawing(host, term):
    """A picture placed with cursor moves must not scroll the screen."""
    s = CSI + "H" + CSI + "J" + CSI + "1;1Htop" + CSI + "25;70H" + "0123456789XYZ"
    rows, _ = screen_of(host, term, s.encode())
    assert rows[0].startswith("top")
    assert rows[24][69:] == "0123456789 "


def test_characters_the_screen_lacks_get_stand_ins(host, term):
    s = CSI + "H" + CSI + "J" + "\u2603\U0001f600\u00a0x"
    rows, _ = screen_of(host, term, s.encode())
    assert rows[0].startswith("??\u00a0x")


def test_random_positioned_coloured_text(host, term):
    rnd = random.Random(2026)
    words = ["boot", "\u2550\u2550", "\u2551", "x", "Kernel", "\u00e9t\u00e9", "--", "[Enter]"]
    for _ in range(25):
        s = CSI + "H" + CSI + "J"
        col = 0
        for _ in range(40):
            k = rnd.randrange(6)
            if k == 0:
                col = rnd.randrange(1, 60)
                s += "%s%d;%dH" % (CSI, rnd.randrange(1, 25), col)
                col -= 1
            elif k == 1:
                s += CSI + rnd.choice(["1", "22", "0", "31", "32", "37", "34;1", "33", ""]) + "m"
            elif k == 2:
                s += CSI + rnd.choice(["K", "1K", "2K"])
            else:
                w = rnd.choice(words)
                if col + len(w) > 78:	# stay clear of the right edge: wrap rules differ
                    col = 2
                    s += "%s%d;3H" % (CSI, rnd.randrange(1, 25))
                s += w
                col += len(w)
        same_as_pyte(host, term, s.encode())
