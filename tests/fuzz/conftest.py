"""libFuzzer targets of every component, their seed corpora (corpus/) and
generators (gen_*_corpus.py), and the tests that run them.  Fuzzers are host
programs: the build helpers and the `host` fixture are tests/lib/hostbuild.py."""
from hostbuild import host  # noqa: F401  (the fixture)
