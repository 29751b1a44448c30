"""The ELF validator (common/elf_validate.c) on the host, under ASan/UBSan:
every malformed case gets its specific reason, valid files pass with the
right facts, and thousands of random corruptions never crash it."""
import os

import pytest

import elfcases

SRC = ["tests/host/common/elf_check.c", "common/elf_validate.c", "common/kvprintf.c",
       "tests/host/lib/libc_glue.c"]


@pytest.fixture(scope="module")
def elf_check(host):
    return host.compile("elf_check", SRC)


def run_one(host, prog, tmp_path, data, name="f"):
    p = tmp_path / name
    p.write_bytes(data)
    r = host.run(prog, str(p))
    assert r.returncode == 0, r.stderr
    return r.stdout.strip().split(": ", 1)[1]


def test_valid_synthetic(host, elf_check, tmp_path):
    out = run_one(host, elf_check, tmp_path, elfcases.synthetic_elf(entry_off=0x10))
    assert out.startswith("ok entry=0xffffffff80200010 nload=3 lo=0xffffffff80200000 "
                          "hi=0xffffffff80206000")


@pytest.mark.parametrize("name", list(elfcases.CASES))
def test_malformed_refused(host, elf_check, tmp_path, name):
    data, msg = elfcases.CASES[name](elfcases.synthetic_elf())
    assert run_one(host, elf_check, tmp_path, data) == "error: " + msg


def _seg(elf, n, **fields):
    """elf with fields of its n-th program header changed."""
    names = ["type", "flags", "offset", "vaddr", "paddr", "filesz", "memsz", "align"]
    off, ph = elfcases._phdrs(elf)[n]
    for k, v in fields.items():
        ph[names.index(k)] = v
    return elfcases._set_ph(elf, off, ph)


BASE = 0xffffffff80200000
# Rejections the boot tests' elfcases.CASES leave out (host only: no boot each).
MORE = [
    ("ET_REL", lambda e: elfcases._set_eh(e, 1, 1), "",
     "not an executable (ELF type 1, expected 2 ET_EXEC)"),
    ("ET_REL program", lambda e: elfcases._set_eh(e, 1, 1), "-exec",
     "not an executable (ELF type 1, expected 2 ET_EXEC or 3 ET_DYN)"),
    ("65 program headers", lambda e: elfcases._set_eh(e, 10, 65), "",
     "too many program headers (65)"),
    ("empty segment", lambda e: _seg(e, 1, filesz=0, memsz=0), "", "segment 1 is empty"),
    ("wrapping segment", lambda e: _seg(e, 2, vaddr=2**64 - 0x1000, paddr=0), "",
     "segment 2 wraps around the address space"),
    ("alignment 3", lambda e: _seg(e, 0, align=3), "",
     "segment 0 has an alignment that is not a power of two"),
    ("not congruent", lambda e: _seg(e, 1, vaddr=BASE + 0x2010), "",
     "segment 1 is not page-congruent (p_vaddr vs p_offset)"),
    ("span over 256 MiB", lambda e: _seg(e, 2, vaddr=BASE + (256 << 20)), "",
     "loaded size 268443648 bytes exceeds the limit of 268435456 bytes"),
]


@pytest.mark.parametrize("name,mutate,flag,msg", MORE, ids=[c[0] for c in MORE])
def test_more_rejections(host, elf_check, tmp_path, name, mutate, flag, msg):
    p = tmp_path / "f"
    p.write_bytes(mutate(elfcases.synthetic_elf()))
    r = host.run(elf_check, *([flag] if flag else []), str(p))
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip().split(": ", 1)[1] == "error: " + msg


def test_entry_in_non_executable_segment(host, elf_check, tmp_path):
    # 0x2000 is inside segment 1, which is read-only data.
    out = run_one(host, elf_check, tmp_path, elfcases.synthetic_elf(entry_off=0x2000))
    assert out == "error: entry point 0xffffffff80202000 is outside every executable segment"


def test_real_kernel_valid_with_symbols(host, elf_check, tmp_path):
    kernel = host.build / ".." / "kernel" / "kernel"
    if not kernel.exists():
        pytest.skip("kernel not built (make builds it)")
    out = run_one(host, elf_check, tmp_path, kernel.read_bytes())
    assert out.startswith("ok entry=0xffffffff80200000")
    assert "symtab=0" not in out


def test_fuzzed_headers_never_crash(host, elf_check, tmp_path):
    p = tmp_path / "seed.elf"
    p.write_bytes(elfcases.synthetic_elf())
    r = host.run(elf_check, "-fuzz", "20000", "1234", str(p))
    assert r.returncode == 0, r.stderr
    assert "fuzz: 20000 mutants" in r.stdout
    print(r.stdout)
