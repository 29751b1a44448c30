"""Building host test programs: C code from the tree compiled for Linux with
sanitizers, for the host unit tests (tests/host/) and the fuzzers (tests/fuzz/),
whose conftest.py files take the `host` fixture from here.

compile_host() builds one test program into build/host/ (out of tree) with
-fsanitize=address,undefined and returns its path; tests then run it and read
what it prints.  compile_fuzzer() builds a libFuzzer target the same way.  Sanitizer reports make the program exit non-zero
(halt_on_error), so a test that checks the exit status also catches them.
"""
import os
import pathlib
import subprocess

import pytest

TOP = pathlib.Path(__file__).resolve().parents[2]
BUILD = pathlib.Path(os.environ.get("SANPO_BUILD", TOP / "build")) / "host"

SAN_FLAGS = ["-fsanitize=address,undefined", "-fno-sanitize-recover=all",
             "-fno-omit-frame-pointer"]
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


def compile_fuzzer(name, sources, extra_flags=()):
    """A libFuzzer target (clang; ASan/UBSan as for every host program),
    built like compile_host into build/host/name."""
    return compile_host(name, sources, ["-fsanitize=fuzzer", *extra_flags], cc="clang")


def run_host(prog, *args, input=None, timeout=300):
    """Run a host test program under the sanitizer settings."""
    return subprocess.run([str(prog), *args], capture_output=True, text=True,
                          input=input, timeout=timeout, env=SAN_ENV)


@pytest.fixture(scope="session")
def host():
    class _H:
        compile = staticmethod(compile_host)
        fuzzer = staticmethod(compile_fuzzer)
        run = staticmethod(run_host)
        top = TOP
        build = BUILD
    return _H
