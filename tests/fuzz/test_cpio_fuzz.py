"""libFuzzer on the newc cpio unpacker over tmpfs (tests/fuzz/fuzz_cpio.c),
from the seed corpus tests/fuzz/corpus/cpio/ that gen_cpio_corpus.py
writes.  Any crash, sanitizer report, leak, page not given back or root
left busy fails the test."""
import subprocess

import kernhost


def test_seed_corpus_is_generated(host, tmp_path):
    subprocess.run(["/usr/bin/python3", str(host.top / "tests/fuzz/gen_cpio_corpus.py"),
                    str(tmp_path)], check=True)
    tree = host.top / "tests/fuzz/corpus/cpio"
    gen = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    have = {p.name: p.read_bytes() for p in tree.iterdir()}
    assert gen == have and len(gen) >= 10


def test_fuzz_cpio(host, tmp_path):
    prog = kernhost.build(host.build, "fuzz_cpio", "tests/fuzz/fuzz_cpio.c", cc="clang",
                          sanitize=kernhost.FUZZ)
    work = tmp_path / "corpus"
    work.mkdir()
    # -close_fd_mask=1: the unpacker reports bad members on stdout; keep it quiet.
    r = subprocess.run([str(prog), "-max_total_time=30", "-runs=2000000", "-timeout=10",
                        "-rss_limit_mb=1536", "-max_len=20000", "-close_fd_mask=1",
                        "-print_final_stats=1", str(work),
                        str(host.top / "tests/fuzz/corpus/cpio")],
                       capture_output=True, text=True, timeout=300)
    out = r.stderr
    assert r.returncode == 0, out[-4000:]
    assert "ERROR" not in out and "runtime error" not in out, out[-4000:]
    runs = int(out.split("stat::number_of_executed_units:")[1].split()[0])
    assert runs > 1000, out[-2000:]
