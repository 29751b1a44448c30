"""libFuzzer runs of fs/'s parsers on the host: GPT discovery
(tests/fuzz/fuzz_gpt.c) and the FAT file system (tests/fuzz/
fuzz_msdosfs.c: mount, walk, change, remount-and-check).  The seed corpora
are real images made at test time by sgdisk and mkfs.fat/mtools, trimmed
of their zero tails (the FAT harness zero-extends to the volume's size),
so nothing binary is kept in the tree.  Any crash, sanitizer report, leak,
timeout, or a volume the check accepted becoming unsound fails the test;
the number of inputs run is printed, never asserted (it depends on load)."""
import subprocess
import sys

import pytest

sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parents[1] / "host" / "fs"))
import fatimg  # noqa: E402
import fsbuild  # noqa: E402
import gptimg  # noqa: E402


def trim(data, keep=512):
    end = len(data)
    while end > keep and data[end - 1] == 0:
        end -= 1
    return data[:(end + 511) // 512 * 512]


def gpt_seeds(tmp):
    seeds = []
    for size_kb, parts in [(64, ["-n", "1:40:+10K", "-t", "1:ef00"]),
                           (128, ["-n", "1:40:+20K", "-t", "1:ef00", "-c", "1:EFI",
                                  "-n", "2:0:0", "-t", "2:8300", "-c", "2:données"])]:
        p = tmp / ("sg%d.img" % size_kb)
        subprocess.run(["truncate", "-s", "%dK" % size_kb, str(p)], check=True)
        subprocess.run(["sgdisk", "--clear", *parts, str(p)], check=True, capture_output=True)
        seeds.append(p.read_bytes())
    for nent in (4, 16):
        data, first, _ = gptimg.disk(64, [(gptimg.EFI, 12, 20, "a"),
                                          (gptimg.LINUX, 21, 40, "b")], nent=nent)
        seeds.append(data)
    damaged = bytearray(seeds[-1])
    damaged[512 + 40] ^= 1          # primary header CRC: the backup path
    seeds.append(bytes(damaged))
    return seeds


def fat_seeds(tmp):
    seeds = []
    for name, kb, fat, spc in [("f12", 64, 12, None), ("f12b", 360, 12, None),
                               ("f16", 2200, 16, 1), ("f32", 2000, 32, None)]:
        img = fatimg.mkfs(tmp / (name + ".img"), kb, fat=fat, cluster_sectors=spc)
        if fat != 32:       # mtools cannot write FAT32 volumes this small
            fatimg.mput(img, b"hello\n", "/HELLO.TXT", tmp=tmp)
            fatimg.mput(img, bytes(range(256)) * 20, "/a longer name/with data.bin", tmp=tmp)
            fatimg.mput(img, b"x", "/d/e/f/deep", tmp=tmp)
        seeds.append(trim(img.read_bytes()))
    return seeds


@pytest.mark.parametrize("name,seeds,maxlen", [("gpt", gpt_seeds, 140000),
                                               ("msdosfs", fat_seeds, 400000)])
def test_fuzz(host, tmp_path, name, seeds, maxlen):
    prog = fsbuild.build(host.build, "fuzz_" + name, ["tests/fuzz/fuzz_%s.c" % name],
                         cc="clang", fuzz=True)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    seed_list = seeds(tmp_path)
    for i, s in enumerate(seed_list):
        assert len(s) <= maxlen
        (corpus / ("seed%02d" % i)).write_bytes(s)
    r = subprocess.run([str(prog), "-max_total_time=30", "-runs=2000000", "-timeout=20",
                        "-rss_limit_mb=1536", "-max_len=%d" % maxlen, "-print_final_stats=1",
                        "-seed=11", "-artifact_prefix=%s/" % tmp_path, str(corpus)],
                       capture_output=True, text=True, timeout=300)
    out = r.stderr
    assert r.returncode == 0, out[-6000:]
    assert "ERROR" not in out and "runtime error" not in out, out[-4000:]
    runs = int(out.split("stat::number_of_executed_units:")[1].split()[0])
    # How many inputs fit in the time depends on the machine's load: only
    # that every seed ran is asserted, the count is printed.
    print("fuzz_%s: %d inputs run (%d seeds)" % (name, runs, len(seed_list)))
    assert runs >= len(seed_list), out[-2000:]
