"""Host tests of the mbuf layer (net/mbuf.c, net/mbuf_tag.c) and the
Internet checksum over chains, with ASan/UBSan: tests/host/net/mbuf_test.c
prints "ok <name>" for each operation it verified byte for byte and checks
that the pool statistics return to zero after everything is freed."""
import host_sources

NAMES = ["adj", "pullup", "prepend", "split", "copydata_copyback", "copym",
         "dup_append_devget", "tags", "limit", "cksum"]


def test_mbuf_operations(host):
    prog = host.compile("net_mbuf_test", ["tests/host/net/mbuf_test.c", *host_sources.net()])
    r = host.run(prog)
    assert r.returncode == 0, r.stdout + r.stderr
    for name in NAMES:
        assert "ok %s\n" % name in r.stdout, name
    assert r.stdout.rstrip().endswith("all ok")
