"""libFuzzer runs, each for a bounded time on its seed corpus kept in the
tree: key_parse and its dispatch (tests/fuzz/fuzz_key_parse.c, corpus
tests/fuzz/corpus/key_parse/) and setkey's parser (tests/fuzz/
fuzz_setkey.c, corpus tests/fuzz/corpus/setkey/).  Any crash, sanitizer
report, leak or timeout fails the test.  The corpora must be what their
generator scripts write, so they cannot rot."""
import subprocess
import sys

import pytest

sys.path.insert(0, str(__import__("pathlib").Path(__file__).parent / "ipsec"))

from keydriver_path import SOURCES_NO_DRIVER  # noqa: E402

FUZZ_FLAGS = ["-std=gnu11", "-g", "-O1", "-Wall", "-Wextra", "-Werror",
              "-fsanitize=fuzzer,address,undefined", "-fno-sanitize-recover=all"]
FUZZERS = ["key_parse", "setkey"]


@pytest.mark.parametrize("name", FUZZERS)
def test_seed_corpus_is_generated(host, tmp_path, name):
    subprocess.run(["/usr/bin/python3", str(host.top / ("tests/fuzz/gen_%s_corpus.py" % name)),
                    str(tmp_path)], check=True)
    tree = host.top / "tests/fuzz/corpus" / name
    gen = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    have = {p.name: p.read_bytes() for p in tree.iterdir()}
    assert gen == have and len(gen) >= 10


@pytest.mark.parametrize("name", FUZZERS)
def test_fuzz(host, tmp_path, name):
    host.build.mkdir(parents=True, exist_ok=True)
    prog = host.build / ("fuzz_" + name)
    srcs = [str(host.top / s) for s in ["tests/fuzz/fuzz_%s.c" % name, *SOURCES_NO_DRIVER]]
    r = subprocess.run(["clang", *FUZZ_FLAGS, "-I", str(host.top / "include"),
                        "-I", str(host.top), "-o", str(prog), *srcs],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    work = tmp_path / "corpus"
    work.mkdir()
    r = subprocess.run([str(prog), "-max_total_time=20", "-runs=5000000", "-timeout=10",
                        "-rss_limit_mb=1536", "-print_final_stats=1", str(work),
                        str(host.top / "tests/fuzz/corpus" / name)],
                       capture_output=True, text=True, timeout=240)
    out = r.stderr
    assert r.returncode == 0, out[-4000:]
    assert "ERROR" not in out and "runtime error" not in out, out[-4000:]
    runs = int(out.split("stat::number_of_executed_units:")[1].split()[0])
    assert runs > 1000, out[-2000:]
