"""libFuzzer runs, each of a fixed number of inputs from its seed corpus
kept in the tree (hostbuild.run_fuzzer): key_parse and its dispatch (tests/fuzz/fuzz_key_parse.c, corpus
tests/fuzz/corpus/key_parse/), setkey's parser (tests/fuzz/
fuzz_setkey.c, corpus tests/fuzz/corpus/setkey/) and ESP/AH input through
the datapath (tests/fuzz/fuzz_ipsec_input.c, corpus
tests/fuzz/corpus/ipsec_input/), and the inbound policy outcome of
protected traffic (tests/fuzz/fuzz_ipsec_policy.c, corpus
tests/fuzz/corpus/ipsec_policy/).  Any crash, sanitizer report, leak or
hanging input fails the test, and so does a run that stops short.  The corpora must be what their
generator scripts write, so they cannot rot."""
import os
import subprocess
import sys

import pytest

sys.path.insert(0, str(__import__("pathlib").Path(__file__).parents[1] / "host" / "net" / "ipsec"))

from keydriver_path import SOURCES_NO_DRIVER  # noqa: E402
import corpus_io  # noqa: E402

FUZZERS = ["key_parse", "setkey"]


# How many inputs each run tries: a few seconds' work on an idle machine.
RUNS = {"key_parse": 30000, "setkey": 30000, "ipsec_input": 20000, "ipsec_policy": 20000}


@pytest.mark.parametrize("name", FUZZERS)
def test_seed_corpus_is_generated(tmp_path, name):
    corpus_io.assert_generated(tmp_path, name, 10)


@pytest.mark.parametrize("name", FUZZERS)
def test_fuzz(host, tmp_path, name):
    prog = host.fuzzer("fuzz_" + name, ["tests/fuzz/fuzz_%s.c" % name, *SOURCES_NO_DRIVER])
    work = tmp_path / "corpus"
    work.mkdir()
    host.run_fuzzer(prog, [work, host.top / "tests/fuzz/corpus" / name], RUNS[name],
                    "-artifact_prefix=%s/" % tmp_path)


# --- ESP/AH input (tests/fuzz/fuzz_ipsec_input.c) ---------------------------
# Its seeds are valid packets for each SA the fuzzer installs, written by
# tests/fuzz/gen_ipsec_input_corpus.py; it links the net stack, the datapath and
# the host crypto framework (the sources test_ipsec_datapath.py uses).

def _build_fuzz_ipsec_input(host):
    from test_ipsec_datapath import datapath_sources
    return host.fuzzer("fuzz_ipsec_input", ["tests/fuzz/fuzz_ipsec_input.c", *datapath_sources()],
                       ["-I", str(host.top / "kernel")])


@pytest.fixture(scope="module")
def fuzz_ipsec_input(host):
    return _build_fuzz_ipsec_input(host)


def test_ipsec_input_corpus_is_generated(tmp_path):
    corpus_io.assert_generated(tmp_path, "ipsec_input", 10)


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
    host.run_fuzzer(fuzz_ipsec_input, [work, host.top / "tests/fuzz/corpus/ipsec_input"],
                    RUNS["ipsec_input"], "-max_len=9000", "-artifact_prefix=%s/" % tmp_path)


# --- the inbound policy outcome (tests/fuzz/fuzz_ipsec_policy.c) -------------
# Its inputs are scenarios (addresses, SAs, SPIs, keys, fragments) and it
# aborts whenever what was delivered differs from its RFC 4301 5.2 model;
# the seeds, one per case of the model, are written by
# tests/fuzz/gen_ipsec_policy_corpus.py.

@pytest.fixture(scope="module")
def fuzz_ipsec_policy(host):
    from test_ipsec_datapath import datapath_sources
    return host.fuzzer("fuzz_ipsec_policy", ["tests/fuzz/fuzz_ipsec_policy.c", *datapath_sources()],
                       ["-I", str(host.top / "kernel")])


def test_ipsec_policy_corpus_is_generated(tmp_path):
    corpus_io.assert_generated(tmp_path, "ipsec_policy", 20)


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
    host.run_fuzzer(fuzz_ipsec_policy, [work, host.top / "tests/fuzz/corpus/ipsec_policy"],
                    RUNS["ipsec_policy"], "-max_len=64", "-artifact_prefix=%s/" % tmp_path)
