"""libFuzzer on the newc cpio unpacker over tmpfs (tests/fuzz/fuzz_cpio.c),
from the seed corpus tests/fuzz/corpus/cpio/ that gen_cpio_corpus.py
writes.  Any crash, sanitizer report, leak, page not given back or root
left busy fails the test; the run tries a fixed number of inputs
(hostbuild.run_fuzzer)."""
import corpus_io
import kernhost


def test_seed_corpus_is_generated(tmp_path):
    corpus_io.assert_generated(tmp_path, "cpio", 10)


def test_fuzz_cpio(host, tmp_path):
    prog = kernhost.build(host.build, "fuzz_cpio", "tests/fuzz/fuzz_cpio.c", cc="clang",
                          sanitize=kernhost.FUZZ)
    work = tmp_path / "corpus"
    work.mkdir()
    # -close_fd_mask=1: the unpacker reports bad members on stdout; keep it quiet.
    host.run_fuzzer(prog, [work, host.top / "tests/fuzz/corpus/cpio"], 60000, "-max_len=20000",
                    "-close_fd_mask=1", "-artifact_prefix=%s/" % tmp_path)
