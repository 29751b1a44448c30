"""Host unit tests of the loader's Lua bindings (loader/lua_lib.c,
lua_glue.c) under ASan/UBSan: the API test scripts of tests/lua_api -- the
same ones the boot tests run at the OK prompt -- run by the real glue and
command table over a directory standing for the boot volume
(tests/host/loader/lua/harness.c plays the firmware)."""
import os
import pathlib
import subprocess

import pytest

import host_sources

TOP = pathlib.Path(__file__).resolve().parents[4]
API = TOP / "tests" / "lua_api"
LUA_MODS = ("lapi lcode lctype ldebug ldo ldump lfunc lgc llex lmem lobject lopcodes "
            "lparser lstate lstring ltable ltm lundump lvm lzio lauxlib lbaselib "
            "lcorolib lmathlib lstrlib ltablib lutf8lib").split()
SRC = ["tests/host/loader/lua/harness.c", "loader/lua_lib.c", "loader/lua_glue.c",
       "loader/commands.c", "loader/env.c", "loader/interp.c"] + host_sources.common()


def _lua_src():
    p = pathlib.Path(os.environ.get("SANPO_LUA_SRC", TOP / "build/lua-5.4.4/src"))
    if not (p / "lapi.c").exists():
        pytest.fail("no Lua sources at %s: run `make lua-src`" % p)
    return p


@pytest.fixture(scope="module")
def harness(host):
    src = _lua_src()
    # Lua itself: built once, warnings are Lua's business.
    lib = host.build / "liblua_host.a"
    objs = []
    host.build.mkdir(parents=True, exist_ok=True)
    for m in LUA_MODS:
        o = host.build / ("lua_host_%s.o" % m)
        if not o.exists() or o.stat().st_mtime < (src / (m + ".c")).stat().st_mtime:
            tmp = o.with_suffix(".tmp%d" % os.getpid())
            subprocess.run(["gcc", "-std=gnu11", "-g", "-O1", "-w", "-fsanitize=address,undefined",
                            "-fno-omit-frame-pointer", "-DLUAI_MAXCCALLS=120", "-c",
                            str(src / (m + ".c")), "-o", str(tmp)], check=True)
            os.replace(tmp, o)
        objs.append(str(o))
    tmp = lib.with_suffix(".tmp%d" % os.getpid())
    subprocess.run(["ar", "rcs", str(tmp), *objs], check=True)
    os.replace(tmp, lib)
    return host.compile("loader_lua_harness", SRC,
                        extra_flags=("-I", str(src), "-I", str(TOP / "loader"), "-include",
                                     str(TOP / "tests/host/loader/lua/host_libc.h")),
                        libs=(str(lib), "-lm"))


def _root(tmp_path, script):
    root = tmp_path / "esp"
    (root / "boot/t/api").mkdir(parents=True)
    (root / "boot/t/sub").mkdir()
    (root / "boot/lua").mkdir()
    (root / "boot/t/data.txt").write_text("first line\nsecond line\nthird line\n")
    (root / "boot/t/sub/x.txt").write_text("x\n")
    for f in API.glob("*.lua"):
        (root / "boot/t/api" / f.name).write_text(f.read_text())
    (root / "boot/lua/hook.lua").write_text((TOP / "loader/lua/hook.lua").read_text())
    (root / "boot/lua/loader.lua").write_text('dofile("/boot/t/api/%s")\n' % script)
    return root


@pytest.mark.parametrize("script,module,keys,least", [
    ("api_loader.lua", "loader", "", 40),
    ("api_io.lua", "io", "a^U", 20),
    ("api_lfs.lua", "lfs", "", 12),
])
def test_api_script_on_host(host, harness, tmp_path, script, module, keys, least):
    r = host.run(harness, str(_root(tmp_path, script)), keys, timeout=120)
    print(r.stdout[-6000:], r.stderr[-3000:])
    assert r.returncode == 0, r.stderr[-3000:]
    fails = [l for l in r.stdout.splitlines() if l.startswith("FAIL")]
    assert not fails, "\n".join(fails)
    done = [l for l in r.stdout.splitlines() if l.startswith("DONE " + module)]
    assert done, "the script did not finish"
    n, failed = map(int, done[0].split(":")[1].replace("checks,", "").replace("failed", "").split())
    assert failed == 0 and n >= least


def test_script_error_is_file_and_line(host, harness, tmp_path):
    """A script error ends as file:line: message and lua_start() fails (the
    loader then falls back to its built-in prompt)."""
    root = _root(tmp_path, "api_lfs.lua")
    (root / "boot/lua/loader.lua").write_text("local x = nil\nprint(x.y)\n")
    r = host.run(harness, str(root), timeout=60)
    assert r.returncode == 1
    assert "/boot/lua/loader.lua:2: attempt to index a nil value (local 'x')" in r.stdout
