"""The buffer cache (fs/vfs_bio.c) on the host under ASan/UBSan:
tests/host/fs/bio_test.c checks hits and misses, delayed writes reaching
the device only on bufsync, LRU recycling in a four-block cache, write-back
under memory pressure, the syncer's age, write errors reported once and
never retried forever, read errors and requests past the device refused,
a block re-read at another size, read-ahead, and four threads sharing
blocks over a device that completes requests out of order."""
import fsbuild

NAMES = ["hits", "delayed_write", "lru", "pressure", "syncer_age", "write_errors",
         "read_errors", "resize", "readahead", "threads"]


def test_buffer_cache(host, tmp_path):
    prog = fsbuild.build(host.build, "bio_test", ["tests/host/fs/bio_test.c"])
    img = tmp_path / "scratch.img"
    img.write_bytes(bytes(1 << 20))
    r = host.run(prog, str(img), timeout=600)
    assert r.returncode == 0, r.stdout + r.stderr[-4000:]
    for name in NAMES:
        assert "ok %s" % name in r.stdout, r.stdout
    assert r.stdout.rstrip().endswith("all ok")
