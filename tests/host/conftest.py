"""Host unit tests: C code from the tree compiled for Linux with sanitizers.
The tree below mirrors the source tree (tests/host/net/ipsec/ tests
net/ipsec/); tests/host/lib/ holds the host platform the kernel code runs
on here.  The build helpers and the `host` fixture are tests/lib/hostbuild.py."""
from hostbuild import host  # noqa: F401  (the fixture)
