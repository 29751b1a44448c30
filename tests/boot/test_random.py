"""The kernel random number generator as a user meets it: `random` output
differs between boots and between CPUs, passes the FIPS 140-2 tests of
rngtest, and the generator seeds even when the CPU has no RDRAND/RDSEED."""
import re
import subprocess

import pytest


def boot(image, machine, **kw):
    image.conf('autoboot_delay="0"\n')
    m = machine(image, **kw)
    m.expect(r"# $")
    return m


def random_hex(m, n):
    m.line("random -n %d -x" % n)
    hexes = m.expect(r"\n([0-9a-f]{%d})\r*\n" % (2 * n), timeout=120).group(1)
    m.expect(r"# $")
    return bytes.fromhex(hexes)


def test_two_boots_differ(image, machine):
    first = []
    for i in range(2):
        m = boot(image, machine, name="random_boot%d" % i)
        first.append(random_hex(m, 64))
        m.close()
    assert first[0] != first[1]
    assert len(set(first[0])) > 20          # not a constant or short-cycle pattern


def test_fips_140_2_rngtest(image, machine):
    m = boot(image, machine)
    data = random_hex(m, 65536)
    r = subprocess.run(["rngtest"], input=data, capture_output=True)
    report = r.stderr.decode()
    print(report)
    assert re.search(r"FIPS 140-2 successes: 2[0-9]", report), report
    assert "FIPS 140-2 failures: 0" in report, report
    assert r.returncode == 0


def test_sysctl_kern_random(image, machine):
    m = boot(image, machine)
    random_hex(m, 16)
    m.line("sysctl kern.random")
    m.expect(r"# $")
    out = m.p.before
    assert "kern.random.seeded: 1" in out
    assert re.search(r"kern.random.sources: .*rdrand", out)
    assert re.search(r"kern.random.bytes: rdseed=\d+ rdrand=[1-9]\d* tsc_jitter=\d+", out)
    assert re.search(r"kern.random.reseeds: [1-9]", out)


def test_two_cpus_at_once_differ(image, machine):
    m = boot(image, machine, smp=2)
    m.line("random -c")
    a = m.expect(r"cpu0: ([0-9a-f]{64})").group(1)
    b = m.expect(r"cpu1: ([0-9a-f]{64})").group(1)
    assert a != b


def test_seeds_without_rdrand(image, machine):
    """-cpu max,-rdrand,-rdseed: only interrupt timing is left, and it suffices."""
    m = boot(image, machine, cpu="max,-rdrand,-rdseed")
    assert "random: not seeded yet" in m.output
    data = random_hex(m, 32)
    assert len(set(data)) > 8
    m.line("sysctl kern.random.sources kern.random.seeded")
    m.expect(r"# $")
    out = m.p.before
    assert "kern.random.seeded: 1" in out
    src = re.search(r"kern.random.sources: (.*)", out).group(1).split()
    assert "tsc_jitter" in src and "rdrand" not in src and "rdseed" not in src
