"""Host unit tests of the loader's firmware-independent code (memory map,
boot info, page tables, environment, loader.conf, boot flags), built with
ASan/UBSan."""
import re

SRC = ["tests/host/loader/bootinfo_check.c", "loader/bootinfo.c",
       "loader/arch/x86_64/pagetable.c", "loader/env.c", "loader/conf.c",
       "common/boot_flags.c", "common/kvprintf.c"]


def test_loader_pure_code(host):
    prog = host.compile("bootinfo_check", SRC)
    r = host.run(prog)
    print(r.stdout)
    fails = [l for l in r.stdout.splitlines() if l.startswith("FAIL")]
    assert not fails, "\n".join(fails) + r.stderr
    assert r.returncode == 0, r.stderr
    passed = len([l for l in r.stdout.splitlines() if l.startswith("PASS")])
    assert passed >= 30
    # The conf parser names file and line for each bad line.
    assert "test.conf:6: expected '=' after the variable name" in r.stdout
    assert "test.conf:7: unterminated quoted value" in r.stdout
    assert "test.conf:8: unexpected text after the value" in r.stdout
    assert "nul.conf:1: NUL byte in the line, ignored" in r.stdout
    assert "nul.conf:2: NUL byte in the line, ignored" in r.stdout
