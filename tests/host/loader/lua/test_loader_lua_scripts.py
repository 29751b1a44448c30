"""The boot scripts (loader/lua/*.lua) under the host's stock Lua 5.4, with
the loader's modules mocked (FreeBSD-shaped) over a directory standing for
the ESP: loader.conf syntax and errors, conf.local, conf.d,
loader_conf_files and nextboot.conf, module loading commands, hooks and
try_include, autoboot_delay meanings, menu keys, core's flag functions,
the kernel list, cli commands."""
import pathlib
import shutil
import subprocess

import pytest

TOP = pathlib.Path(__file__).resolve().parents[4]

CONF = '''# comment
sanpo.a="plain value"
sanpo.b=unquoted   # trailing comment
sanpo.c=""
this is wrong
bad="open
sanpo.d="x" junk
rd_load="YES"
rd_type="md_image"
rd_name="/boot/rd.img"
rd_flags="-v"
rd_before="echo before"
rd_after="echo after"
off_load="NO"
missing_load="YES"
exec="echo exec"
sanpo.override="base"
sanpo.after="still applied"
'''


@pytest.mark.skipif(shutil.which("lua5.4") is None, reason="no lua5.4 on the host")
def test_scripts_under_stock_lua(tmp_path):
    esp = tmp_path / "esp"
    (esp / "boot/loader.conf.d").mkdir(parents=True)
    (esp / "boot/kernel").mkdir()
    (esp / "boot/kernel/kernel").write_text("k")
    (esp / "boot/kernel.old").mkdir()
    (esp / "boot/kernel.old/kernel").write_text("k")
    (esp / "boot/modules").mkdir()
    (esp / "boot/loader.conf").write_text(CONF)
    (esp / "boot/loader.conf.local").write_text('sanpo.local="local"\nsanpo.nul="a\0b"\n'
                                                 'loader_conf_files="/boot/extra.conf"\n')
    (esp / "boot/extra.conf").write_text('sanpo.extra="from extra"\n')
    (esp / "boot/nextboot.conf").write_text('sanpo.nextboot="once"\n')
    (esp / "boot/lua").mkdir()
    (esp / "boot/lua/local.lua").write_text('loader.setenv("sanpo.fromlocal", "yes")\n')
    (esp / "boot/loader.conf.d/10-a.conf").write_text('="no name"\nsanpo.override="from d/10"\n')
    (esp / "boot/loader.conf.d/20-b.conf").write_text('sanpo.override="from d/20"\n')
    (esp / "boot/loader.conf.d/x.txt").write_text('sanpo.ignored="1"\n')
    r = subprocess.run(["lua5.4", str(TOP / "tests/host/loader/lua/mock.lua"), str(TOP),
                        str(esp)], capture_output=True, text=True)
    print(r.stdout, r.stderr)
    assert r.returncode == 0, r.stderr
    fails = [l for l in r.stdout.splitlines() if l.startswith("FAIL")]
    assert not fails, "\n".join(fails)
    assert len([l for l in r.stdout.splitlines() if l.startswith("PASS")]) >= 45
