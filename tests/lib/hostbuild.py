"""Building host test programs: C code from the tree compiled for Linux with
sanitizers, for the host unit tests (tests/host/) and the fuzzers (tests/fuzz/),
whose conftest.py files take the `host` fixture from here.

compile_host() builds one test program into build/host/ (out of tree) with
-fsanitize=address,undefined and returns its path; tests then run it and read
what it prints.  compile_fuzzer() builds a libFuzzer target the same way, and
run_fuzzer() is how every fuzz test runs one.  Sanitizer reports make the
program exit non-zero (halt_on_error), so a test that checks the exit status
also catches them.

Portable kernel code that uses the kernel's own headers (<sys/errno.h>,
<sys/types.h>: they clash with libc's) is compiled as the kernel compiles it
-- freestanding, -nostdinc, kernel_flags() -- and linked with host-side code
compiled against libc: link_units() builds such a mixed program from
(source, flags) pairs (tests/lib/kernhost.py and tests/host/fs/fsbuild.py
say which sources).
"""
import os
import pathlib
import re
import subprocess

import pytest

TOP = pathlib.Path(__file__).resolve().parents[2]
BUILD = pathlib.Path(os.environ.get("SANPO_BUILD", TOP / "build")) / "host"

SAN_FLAGS = ["-fsanitize=address,undefined", "-fno-sanitize-recover=all",
             "-fno-omit-frame-pointer"]
FUZZ_FLAGS = ["-fsanitize=fuzzer,address,undefined", "-fno-sanitize-recover=all"]
BASE_FLAGS = ["-std=gnu11", "-g", "-O1", "-Wall", "-Wextra", "-Werror",
              "-I", str(TOP / "include"), "-I", str(TOP)]

SAN_ENV = dict(os.environ,
               ASAN_OPTIONS="detect_leaks=1:halt_on_error=1:abort_on_error=0",
               UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1")


def compile_host(name, sources, extra_flags=(), libs=(), sanitize=True, cc="gcc"):
    """Compile `sources` (paths relative to the tree top) into build/host/name."""
    BUILD.mkdir(parents=True, exist_ok=True)
    out = BUILD / name
    # Parallel workers may build the same program: each writes its own file
    # and renames it into place, so nobody runs a half-written binary.
    tmp = BUILD / ("%s.tmp.%d" % (name, os.getpid()))
    srcs = [str(TOP / s) for s in sources]
    cmd = [cc, *BASE_FLAGS, *(SAN_FLAGS if sanitize else []), *extra_flags,
           "-o", str(tmp), *srcs, *libs]
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        pytest.fail("compile failed: %s\n%s" % (" ".join(cmd), r.stderr))
    os.replace(tmp, out)
    return out


def kernel_flags(cc):
    """Kernel code compiled for the host as the kernel compiles it: the
    kernel's -I order and warnings, no libc headers."""
    inc = subprocess.run([cc, "-print-file-name=include"], capture_output=True,
                         text=True, check=True).stdout.strip()
    return ["-std=gnu11", "-g", "-O1", "-Wall", "-Wextra", "-Werror",
            "-Wmissing-prototypes", "-Wmissing-declarations",
            "-ffreestanding", "-nostdinc", "-isystem", inc,
            "-I", str(TOP / "kernel/include"), "-I", str(TOP / "include"),
            "-I", str(TOP / "kernel"), "-I", str(TOP / "kernel/arch/x86_64/include"),
            "-I", str(TOP)]


def host_flags():
    """Host-side code of such a program: libc's headers, the tree's."""
    return list(BASE_FLAGS)


def link_units(outdir, name, units, sanitize=SAN_FLAGS, cc="gcc", libs=()):
    """Compile each (source, flags) of `units` with `sanitize` (libFuzzer's
    main linked only at the end) and link them into outdir/name; returns
    the path.  Objects go to a directory of this process and the program is
    written and renamed, so parallel workers never share a half-built file."""
    out = pathlib.Path(outdir)
    objdir = out / ("%s.obj.%d" % (name, os.getpid()))
    objdir.mkdir(parents=True, exist_ok=True)
    csan = [f.replace("fuzzer,", "fuzzer-no-link,") for f in sanitize]
    objs = []
    for src, flags in units:
        obj = objdir / (src.replace("/", "_") + ".o")
        r = subprocess.run([cc, *flags, *csan, "-c", str(TOP / src), "-o", str(obj)],
                           capture_output=True, text=True)
        assert r.returncode == 0, "%s:\n%s" % (src, r.stderr)
        objs.append(str(obj))
    prog = out / name
    tmp = out / ("%s.tmp.%d" % (name, os.getpid()))
    r = subprocess.run([cc, *sanitize, "-o", str(tmp), *objs, *libs],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    os.replace(tmp, prog)
    for o in objdir.iterdir():
        o.unlink()
    objdir.rmdir()
    return prog


def compile_fuzzer(name, sources, extra_flags=()):
    """A libFuzzer target (clang; ASan/UBSan as for every host program),
    built like compile_host into build/host/name."""
    return compile_host(name, sources, ["-fsanitize=fuzzer", *extra_flags], cc="clang")


def run_host(prog, *args, input=None, timeout=300):
    """Run a host test program under the sanitizer settings."""
    return subprocess.run([str(prog), *args], capture_output=True, text=True,
                          input=input, timeout=timeout, env=SAN_ENV)


def run_fuzzer(prog, corpora, runs, *flags, seed=1, input_timeout=10, timeout=1800):
    """One libFuzzer run of `prog` over the corpus directories `corpora`
    (the first receives what it finds): exactly `runs` inputs, seeds
    included, from the fixed random `seed`, so the work -- and what a test
    may conclude from it -- is the same however loaded the machine is (a
    time budget would make both depend on the load).
    Fails on a crash, a sanitizer report, a leak, an input that runs longer
    than input_timeout seconds (a hang, not a speed), or a run that stops
    short; prints the run's own rate as a figure.  Returns libFuzzer's log."""
    r = subprocess.run([str(prog), "-runs=%d" % runs, "-seed=%d" % seed,
                        "-timeout=%d" % input_timeout, "-rss_limit_mb=1536",
                        "-print_final_stats=1", *flags, *[str(c) for c in corpora]],
                       capture_output=True, text=True, timeout=timeout, env=SAN_ENV)
    out = r.stderr
    assert r.returncode == 0, out[-6000:]
    assert "ERROR" not in out and "runtime error" not in out, out[-4000:]
    done = re.search(r"Done (\d+) runs in (\d+) second", out)
    assert done and int(done.group(1)) == runs, out[-3000:]
    print("%s: %d inputs in %s s" % (pathlib.Path(prog).name, runs, done.group(2)))
    return out


@pytest.fixture(scope="session")
def host():
    class _H:
        compile = staticmethod(compile_host)
        fuzzer = staticmethod(compile_fuzzer)
        run_fuzzer = staticmethod(run_fuzzer)
        run = staticmethod(run_host)
        top = TOP
        build = BUILD
    return _H
