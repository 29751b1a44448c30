"""Host tests of the loader's freestanding C library (loader/libc) and the
common library under it (common/: the printf engine kvprintf, big integers).

Each driver in tests/host/loader/libc/ links the libc sources, renamed to sanpo_*
by -DSANPO_LIBC_HOSTTEST, and the common sources (whose names clash with
nothing in glibc) next to glibc and compares the two.  The big
randomized runs (100 000 values per check) are built without sanitizers
at -O2 to keep the whole file well under 90 s on 2 cores; a smaller run of
the same driver under ASan/UBSan checks memory safety.  Fixed PRNG seeds:
failures reproduce.  Counts are printed (pytest -s shows them).
"""
import re
import subprocess

import pytest

import files_mk

LIBC = "loader/libc"
# The common library as the loader links it (with printf's floats).
COMMON_MK = files_mk.variables("common/files.mk")
COMMON = COMMON_MK["COMMON_SRCS"] + COMMON_MK["COMMON_FLOAT_SRCS"]
FLOAT_CFLAGS = COMMON_MK["COMMON_FLOAT_CFLAGS"]
HOSTTEST = ("-DSANPO_LIBC_HOSTTEST", "-I", "tests/host/loader/libc", *FLOAT_CFLAGS)

CORE = [f"{LIBC}/{f}" for f in (
    "errno.c", "string_mem.c", "string_str.c", "strerror.c", "ctype.c",
    "locale.c", "stdlib_misc.c", "strtol.c", "strtod.c",
    "stdio.c", "malloc.c")] + COMMON
MATH = [f"{LIBC}/{f}" for f in (
    "math_basic.c", "math_exp.c", "math_trig.c", "math_atan.c")]
SETJMP = [f"{LIBC}/arch/x86_64/setjmp.S"]
ALL = CORE + MATH + SETJMP

# The flags the UEFI loader build uses (loader/loader.mk), for the
# freestanding build check.
LOADER_CFLAGS = [
    "-std=gnu11", "-O2", "-Wall", "-Wextra", "-Werror", "-ffreestanding",
    "-fno-builtin", "-fpic", "-fshort-wchar", "-mno-red-zone",
    "-fno-stack-protector", "-fno-strict-aliasing",
    "-fno-asynchronous-unwind-tables", "-I", f"{LIBC}/include", "-I", "include", "-I", ".",
    *FLOAT_CFLAGS]


def _build(host, name, driver, sanitize, extra=()):
    flags = list(HOSTTEST) + list(extra)
    if not sanitize:
        flags.append("-O2")
    return host.compile(name, [f"tests/host/loader/libc/{driver}"] + CORE + MATH + SETJMP,
                        extra_flags=flags, libs=("-lm",), sanitize=sanitize)


def _run(host, prog, *args, timeout=120):
    r = host.run(prog, *map(str, args), timeout=timeout)
    print(r.stdout)
    assert r.returncode == 0, r.stdout[-4000:] + r.stderr[-4000:]
    return r.stdout


def _summary(out, word):
    m = re.search(r"(\d+) comparisons, (\d+) mismatches", out)
    assert m, out
    assert int(m.group(2)) == 0
    return int(m.group(1))


@pytest.mark.parametrize("sanitize,n", [(True, 10000), (False, 100000)])
def test_printf_matches_glibc(host, sanitize, n):
    prog = _build(host, f"libc_printf{'_san' if sanitize else ''}",
                  "test_printf.c", sanitize)
    out = _run(host, prog, n)
    assert _summary(out, "printf") > 30 * n


@pytest.mark.parametrize("sanitize,n", [(True, 20000), (False, 100000)])
def test_strtod_strtol_match_glibc(host, sanitize, n):
    prog = _build(host, f"libc_strtod{'_san' if sanitize else ''}",
                  "test_strtod.c", sanitize)
    out = _run(host, prog, n)
    assert _summary(out, "strtod") > 6 * n


@pytest.mark.parametrize("sanitize,n", [(True, 5000), (False, 100000)])
def test_math_accuracy(host, sanitize, n):
    prog = _build(host, f"libc_math{'_san' if sanitize else ''}",
                  "test_math.c", sanitize)
    out = _run(host, prog, n)
    _summary(out, "math")
    # every transcendental function within the documented 0.501 ulp
    rows = re.findall(r"^(\w+)\s+(\d+)\s+([\d.]+)\s+([\d.]+)", out, re.M)
    assert len(rows) == 12, out
    for name, count, mine, _glibc in rows:
        assert int(count) == n, name
        assert float(mine) <= 0.501, name


def test_string_ctype_match_glibc(host):
    prog = _build(host, "libc_string_san", "test_string.c", True)
    out = _run(host, prog, 100000)
    assert _summary(out, "string") > 1000000


def test_heap(host):
    prog = _build(host, "libc_heap_san", "test_heap.c", True)
    out = _run(host, prog, 200000)
    assert re.search(r" 0 failures", out), out


def test_setjmp_longjmp(host):
    prog = _build(host, "libc_setjmp_san", "test_setjmp.c", True)
    out = _run(host, prog)
    assert re.search(r"setjmp: \d+ checks, 0 failures", out), out


def test_freestanding_build_has_no_outside_symbols(host, tmp_path):
    """Every libc file builds with the loader's flags, and the objects
    linked together need nothing from outside (no libgcc, no libc)."""
    objs = []
    for src in ALL:
        obj = tmp_path / (src.replace("/", "_") + ".o")
        r = subprocess.run(["gcc", *LOADER_CFLAGS, "-c", src, "-o", str(obj)],
                           cwd=host.top, capture_output=True, text=True)
        assert r.returncode == 0, r.stderr
        objs.append(str(obj))
    combined = tmp_path / "libc.o"
    r = subprocess.run(["ld", "-r", "-o", str(combined), *objs],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    r = subprocess.run(["nm", "-u", str(combined)], capture_output=True, text=True)
    undefined = set(r.stdout.split()) - {"U", "_GLOBAL_OFFSET_TABLE_"}
    assert not undefined, undefined
    # memcpy/memset are weak: gnu-efi's libefi.a (init.o) defines them too
    r = subprocess.run(["nm", str(combined)], capture_output=True, text=True)
    kinds = {line.split()[-1]: line.split()[-2] for line in r.stdout.splitlines()
             if len(line.split()) == 3}
    assert kinds.get("memcpy") == "W" and kinds.get("memset") == "W", kinds


def test_integer_only_format_core_builds_without_sse(host, tmp_path):
    """The kernel (-mgeneral-regs-only) links the same printf engine
    without its floating conversions (no -DKVPRINTF_FLOAT); it needs
    nothing but strlen, which every program of the tree has."""
    obj = tmp_path / "kvprintf_nofloat.o"
    flags = [f for f in LOADER_CFLAGS if f not in FLOAT_CFLAGS]
    r = subprocess.run(["gcc", *flags, "-mno-sse", "-mno-mmx",
                        "-mgeneral-regs-only", "-c",
                        "common/kvprintf.c", "-o", str(obj)],
                       cwd=host.top, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    r = subprocess.run(["nm", "-u", str(obj)], capture_output=True, text=True)
    assert set(r.stdout.split()) - {"U", "_GLOBAL_OFFSET_TABLE_"} == {"strlen"}, r.stdout


# ---------------------------------------------------------------------------
# Lua 5.4 on top of the libc, end to end.
#
# Lua's sources are not part of this directory: the test looks for them in
# $SANPO_LUA_SRC or anywhere in the tree (a directory holding lapi.c and
# lua.h), and is skipped when there are none.  Lua is built with the
# loader's flags against loader/libc/include into a static Linux program
# with no glibc (tests/host/loader/libc/lua_smoke: entry point, syscall output
# hook, heap arena, time/clock hooks) and runs smoke.lua, whose output must
# equal smoke.expected -- what Debian's lua5.4 (glibc) prints.

LUA_CORE = ("lapi lcode lctype ldebug ldo ldump lfunc lgc llex lmem lobject "
            "lopcodes lparser lstate lstring ltable ltm lundump lvm lzio "
            "lauxlib lbaselib lcorolib lmathlib lstrlib ltablib lutf8lib "
            "ldblib").split()


def _find_lua_src(top):
    import os
    import pathlib
    env = os.environ.get("SANPO_LUA_SRC")
    if env:
        return pathlib.Path(env)
    for dirpath, dirnames, filenames in os.walk(top):
        dirnames[:] = [d for d in dirnames if d not in (".git", "build")]
        if "lapi.c" in filenames and "lua.h" in filenames:
            return pathlib.Path(dirpath)
    return None


def test_lua_runs_on_libc(host, tmp_path):
    src = _find_lua_src(host.top)
    if src is None:
        pytest.skip("no Lua 5.4 sources (set SANPO_LUA_SRC)")
    flags = [f for f in LOADER_CFLAGS if f not in ("-Wall", "-Wextra", "-Werror")]
    flags = flags + ["-I", str(src)]
    objs = []
    sources = [str(src / f"{m}.c") for m in LUA_CORE]
    sources += [str(host.top / s) for s in ALL]
    sources += [str(host.top / "tests/host/loader/libc/lua_smoke" / f)
                for f in ("main.c", "start.S")]
    for i, s in enumerate(sources):
        obj = tmp_path / f"{i}.o"
        r = subprocess.run(["gcc", *flags, "-c", s, "-o", str(obj)],
                           cwd=host.top, capture_output=True, text=True)
        assert r.returncode == 0, s + "\n" + r.stderr
        objs.append(str(obj))
    exe = tmp_path / "lua_smoke"
    r = subprocess.run(["gcc", "-nostdlib", "-static", "-o", str(exe), *objs],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    d = host.top / "tests/host/loader/libc/lua_smoke"
    chunk = (d / "smoke.lua").read_text()
    r = subprocess.run([str(exe), chunk], capture_output=True, text=True,
                       timeout=60)
    assert r.returncode == 0, r.stdout[-3000:]
    expected = (d / "smoke.expected").read_text()
    assert r.stdout == expected
