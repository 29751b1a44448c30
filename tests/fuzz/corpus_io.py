"""The seed corpora kept in the tree (tests/fuzz/corpus/<name>/): each
generator script gen_<name>_corpus.py writes its seeds with write_seeds(),
and each fuzz test checks with assert_generated() that the tree holds
exactly what its generator writes, so that no corpus rots."""
import pathlib
import subprocess
import sys

TOP = pathlib.Path(__file__).resolve().parents[2]
CORPORA = TOP / "tests/fuzz/corpus"


def write_seeds(corpus, seeds, suffix):
    """Write the (name, bytes or str) pairs `seeds` as files name+suffix into
    the directory given as the script's argument, or else into the tree's
    corpus `corpus`."""
    out = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else CORPORA / corpus
    out.mkdir(parents=True, exist_ok=True)
    for name, data in seeds:
        path = out / (name + suffix)
        if isinstance(data, str):
            path.write_text(data)
        else:
            path.write_bytes(data)


def assert_generated(tmp_path, corpus, at_least):
    """gen_<corpus>_corpus.py writes exactly the tree's corpus, of at least
    `at_least` seeds."""
    subprocess.run(["/usr/bin/python3", str(TOP / ("tests/fuzz/gen_%s_corpus.py" % corpus)),
                    str(tmp_path)], check=True)
    gen = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    have = {p.name: p.read_bytes() for p in (CORPORA / corpus).iterdir()}
    assert gen == have and len(gen) >= at_least
