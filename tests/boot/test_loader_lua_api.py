"""FreeBSD's loader Lua API, checked at the OK prompt: one test script per
module (tests/lua_api/api_*.lua: loader, io, lfs, and what core.lua needs
of the loader), each printing PASS/FAIL lines and a DONE summary; the same
scripts run under the host harness of the bindings (tests/host).

The console path is checked here too: what scripts print with printc --
cursor positions, colours, UTF-8 frames, code page 437 bytes -- must reach
the serial line as a terminal understands it, so the serial bytes are
rendered with a terminal emulator (pyte) and each cell is checked.

One QEMU session for the whole file."""
import pathlib
import re

import pytest

from qemu import Image, Machine

TOP = pathlib.Path(__file__).resolve().parents[2]
API = TOP / "tests" / "lua_api"
DATA = "first line\nsecond line\nthird line\n"


@pytest.fixture(scope="module")
def prompt(tmp_path_factory):
    img = Image(tmp_path_factory.mktemp("luaapi"))
    img.conf('beastie_disable="YES"\nautoboot_delay="NO"\nkernel.autopoweroff="YES"\n')
    for f in sorted(API.glob("*.lua")):
        img.put("/boot/t/api/" + f.name, f.read_text())
    img.put("/boot/t/data.txt", DATA)
    img.put("/boot/t/sub/x.txt", "x\n")
    m = Machine(img, name="loader_lua_api")
    m.expect(r"OK $")
    yield m
    m.close()


def run_script(m, name, module, during=None):
    m.line('lua dofile("/boot/t/api/%s")' % name)
    if during:
        during(m)
    done = m.expect(r"DONE %s: (\d+) checks, (\d+) failed" % module, timeout=120)
    m.expect(r"OK $")
    out = m.output[m.output.rindex('dofile("/boot/t/api/%s")' % name):]
    fails = [l for l in out.splitlines() if l.startswith("FAIL")]
    assert not fails, "\n".join(fails)
    return int(done.group(1)), int(done.group(2))


def test_loader_module(prompt):
    n, failed = run_script(prompt, "api_loader.lua", "loader")
    assert failed == 0 and n >= 40


def test_io_module(prompt):
    def keys(m):
        m.expect(r"KEYS: type a, then Up")
        m.type("a")
        m.type("\x1b[A")
    n, failed = run_script(prompt, "api_io.lua", "io", during=keys)
    assert failed == 0 and n >= 20


def test_lfs_module(prompt):
    n, failed = run_script(prompt, "api_lfs.lua", "lfs")
    assert failed == 0 and n >= 12


def test_what_core_needs(prompt):
    n, failed = run_script(prompt, "api_core.lua", "core")
    assert failed == 0 and n >= 10


def test_escape_sequences_reach_the_serial_terminal(prompt):
    import pyte  # python3-pyte (tools/deps.sh)
    m = prompt
    m.line('lua dofile("/boot/t/api/screen.lua")')
    m.expect(r"SCREEN-BEGIN\r*\n")
    m.p.expect(r"SCREEN-END")
    raw = m.p.before
    m.expect(r"OK $")
    assert "?[" not in raw, "an escape sequence was mangled on its way"
    screen = pyte.Screen(80, 25)
    pyte.Stream(screen).feed(raw)
    rows = screen.display
    print("\n".join(rows))
    # the double frame (columns 2..21, rows 1..5, 0-based)
    assert rows[1][2:22] == "\u2554" + "\u2550" * 18 + "\u2557"
    assert rows[5][2:22] == "\u255a" + "\u2550" * 18 + "\u255d"
    for r in (2, 4):
        assert rows[r][2] == "\u2551" and rows[r][21] == "\u2551"
    # text with a bold letter and a red word
    assert rows[2][4:15] == "1. Boot red"
    assert screen.buffer[2][7].bold and not screen.buffer[2][8].bold
    assert screen.buffer[2][12].fg == "red" and screen.buffer[2][4].fg == "default"
    # ESC [ K erased the rest of the line (the frame's right edge too)
    assert rows[3][4:22] == "kept" + " " * 14
    # code page 437 bytes arrive as the characters they stand for
    assert rows[1][29:32] == "\u250c\u2500\u2510"
    # relative moves, save and restore
    assert rows[9][39] == "C" and rows[11][37] == "B"


def test_boot_after_the_api_scripts(prompt):
    """Last: the prompt still boots after all that (the kernel the core
    script loaded was unloaded again)."""
    m = prompt
    m.line("boot -v")
    m.expect(r"boot flags: 0x00000800 <RB_VERBOSE>")
    assert m.wait_exit() == 0
