"""libFuzzer runs, each for a bounded time on its seed corpus kept in the
tree: key_parse and its dispatch (tests/fuzz/fuzz_key_parse.c, corpus
tests/fuzz/corpus/key_parse/), setkey's parser (tests/fuzz/
fuzz_setkey.c, corpus tests/fuzz/corpus/setkey/) and ESP/AH input through
the datapath (tests/fuzz/fuzz_ipsec_input.c, corpus
tests/fuzz/corpus/ipsec_input/), and the inbound policy outcome of
protected traffic (tests/fuzz/fuzz_ipsec_policy.c, corpus
tests/fuzz/corpus/ipsec_policy/).  Any crash, sanitizer report, leak or
timeout fails the test.  The corpora must be what their
generator scripts write, so they cannot rot."""
import os
import subprocess
import sys

import pytest

sys.path.insert(0, str(__import__("pathlib").Path(__file__).parents[1] / "host" / "net" / "ipsec"))

from keydriver_path import SOURCES_NO_DRIVER  # noqa: E402

FUZZERS = ["key_parse", "setkey"]


def assert_ran_corpus(out, corpus):
    """The fuzzer ran every seed and then inputs of its own; how many in its
    20 s depends on the machine's load, so that number is only printed."""
    runs = int(out.split("stat::number_of_executed_units:")[1].split()[0])
    seeds = len(list(corpus.iterdir()))
    print("%s: %d inputs run (%d seeds)" % (corpus.name, runs, seeds))
    assert runs >= seeds, out[-2000:]


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
    prog = host.fuzzer("fuzz_" + name, ["tests/fuzz/fuzz_%s.c" % name, *SOURCES_NO_DRIVER])
    work = tmp_path / "corpus"
    work.mkdir()
    r = subprocess.run([str(prog), "-max_total_time=20", "-runs=5000000", "-timeout=10",
                        "-rss_limit_mb=1536", "-print_final_stats=1", str(work),
                        str(host.top / "tests/fuzz/corpus" / name)],
                       capture_output=True, text=True, timeout=240)
    out = r.stderr
    assert r.returncode == 0, out[-4000:]
    assert "ERROR" not in out and "runtime error" not in out, out[-4000:]
    assert_ran_corpus(out, host.top / "tests/fuzz/corpus" / name)


# --- ESP/AH input (tests/fuzz/fuzz_ipsec_input.c) ---------------------------
# Its seeds are valid packets for each SA the fuzzer installs, written by
# tests/fuzz/gen_ipsec_corpus.py; it links the net stack, the datapath and
# the host crypto framework (the sources test_ipsec_datapath.py uses).

def _build_fuzz_ipsec_input(host):
    from test_ipsec_datapath import datapath_sources
    return host.fuzzer("fuzz_ipsec_input", ["tests/fuzz/fuzz_ipsec_input.c", *datapath_sources()],
                       ["-I", str(host.top / "kernel")])


@pytest.fixture(scope="module")
def fuzz_ipsec_input(host):
    return _build_fuzz_ipsec_input(host)


def test_ipsec_input_corpus_is_generated(host, tmp_path):
    subprocess.run(["/usr/bin/python3", str(host.top / "tests/fuzz/gen_ipsec_corpus.py"),
                    str(tmp_path)], check=True)
    tree = host.top / "tests/fuzz/corpus/ipsec_input"
    gen = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    have = {p.name: p.read_bytes() for p in tree.iterdir()}
    assert gen == have and len(gen) >= 10


def _netstat(text):
    stat, section = {}, None
    for ln in text.splitlines():
        if ln in ("esp:", "ah:", "ipsec:"):
            section = ln[:-1]
        elif section and ln.startswith("\t") and ln.strip().split()[0].isdigit():
            n, what = ln.strip().split(" ", 1)
            stat[(section, what)] = int(n)
    return stat


def test_ipsec_input_seeds_reach_the_end(host, fuzz_ipsec_input):
    """Each valid seed passes its SA's ICV check and is decapsulated (the keys
    of the generator and the fuzzer agree); the invalid ones are dropped for
    the reason they were written for, and nothing else is."""
    corpus = host.top / "tests/fuzz/corpus/ipsec_input"
    expect = {"esp_truncated": ("esp", "packets dropped: bad length for the algorithm"),
              "esp_header_only": ("esp", "packets dropped: header too short"),
              "ah_truncated": ("ah", "packets dropped: header too short"),
              "unknown_spi": ("esp", "packets dropped: no SA for the SPI")}
    for seed in sorted(corpus.iterdir()):
        r = subprocess.run([str(fuzz_ipsec_input), "-runs=1", str(seed)], capture_output=True,
                           text=True, timeout=60, env=dict(os.environ, FUZZ_IPSEC_STATS="1"))
        assert r.returncode == 0, r.stderr[-3000:]
        st = _netstat(r.stdout)
        drops = {k for k, v in st.items() if "dropped" in k[1] and v}
        name = seed.stem
        if name in expect:
            assert drops == {expect[name]}, (name, drops)
        else:
            proto = "ah" if name.startswith("ah") else "esp"
            assert drops == set() and st[(proto, "packets in")] >= 1, (name, st)


def test_fuzz_ipsec_input(host, tmp_path, fuzz_ipsec_input):
    work = tmp_path / "corpus"
    work.mkdir()
    r = subprocess.run([str(fuzz_ipsec_input), "-max_total_time=20", "-runs=5000000",
                        "-timeout=10", "-rss_limit_mb=1536", "-max_len=9000",
                        "-print_final_stats=1", str(work),
                        str(host.top / "tests/fuzz/corpus/ipsec_input")],
                       capture_output=True, text=True, timeout=240)
    out = r.stderr
    assert r.returncode == 0, out[-4000:]
    assert "ERROR" not in out and "runtime error" not in out, out[-4000:]
    assert_ran_corpus(out, host.top / "tests/fuzz/corpus/ipsec_input")


# --- the inbound policy outcome (tests/fuzz/fuzz_ipsec_policy.c) -------------
# Its inputs are scenarios (addresses, SAs, SPIs, keys, fragments) and it
# aborts whenever what was delivered differs from its RFC 4301 5.2 model;
# the seeds, one per case of the model, are written by
# tests/fuzz/gen_ipsec_policy_corpus.py.

@pytest.fixture(scope="module")
def fuzz_ipsec_policy(host):
    from test_ipsec_datapath import datapath_sources
    host.build.mkdir(parents=True, exist_ok=True)
    prog = host.build / "fuzz_ipsec_policy"
    srcs = [str(host.top / s) for s in ["tests/fuzz/fuzz_ipsec_policy.c",
                                        *datapath_sources()]]
    r = subprocess.run(["clang", *FUZZ_FLAGS, "-I", str(host.top / "include"),
                        "-I", str(host.top), "-I", str(host.top / "kernel"),
                        "-o", str(prog), *srcs], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    return prog


def test_ipsec_policy_corpus_is_generated(host, tmp_path):
    subprocess.run(["/usr/bin/python3", str(host.top / "tests/fuzz/gen_ipsec_policy_corpus.py"),
                    str(tmp_path)], check=True)
    tree = host.top / "tests/fuzz/corpus/ipsec_policy"
    gen = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    have = {p.name: p.read_bytes() for p in tree.iterdir()}
    assert gen == have and len(gen) >= 20


def test_ipsec_policy_seeds_meet_the_model(host, tmp_path, fuzz_ipsec_policy):
    """Every seed runs without the model objecting, and delivers exactly
    when its name says it must (_ok) or must not (_no): the model and the
    seeds were written from the RFC, not from what the code does."""
    corpus = host.top / "tests/fuzz/corpus/ipsec_policy"
    for seed in sorted(corpus.iterdir()):
        r = subprocess.run([str(fuzz_ipsec_policy), "-artifact_prefix=%s/" % tmp_path, str(seed)],
                           capture_output=True, text=True,
                           timeout=60, env=dict(os.environ, FUZZ_POLICY_VERBOSE="1"))
        assert r.returncode == 0, r.stderr[-3000:]
        outcomes = {ln.split(" src=")[0] for ln in r.stdout.splitlines()
                    if ln.startswith("OUTCOME ")}
        want = 1 if seed.stem.endswith("_ok") else 0
        assert outcomes == {"OUTCOME delivered=%d expected=%d" % (want, want)}, \
            (seed.name, outcomes)


def test_fuzz_ipsec_policy(host, tmp_path, fuzz_ipsec_policy):
    work = tmp_path / "corpus"
    work.mkdir()
    r = subprocess.run([str(fuzz_ipsec_policy), "-max_total_time=20", "-runs=5000000",
                        "-artifact_prefix=%s/" % tmp_path,
                        "-timeout=10", "-rss_limit_mb=1536", "-max_len=64",
                        "-print_final_stats=1", str(work),
                        str(host.top / "tests/fuzz/corpus/ipsec_policy")],
                       capture_output=True, text=True, timeout=240)
    out = r.stderr
    assert r.returncode == 0, out[-4000:]
    assert "ERROR" not in out and "runtime error" not in out, out[-4000:]
    assert_ran_corpus(out, host.top / "tests/fuzz/corpus/ipsec_policy")
