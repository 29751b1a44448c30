"""Fuzzing the net/ input path with libFuzzer (clang, ASan/UBSan).

tests/fuzz/fuzz_ether_input.c feeds arbitrary frames to ether_input of
a configured interface, with the clock advancing so ARP and reassembly
timeouts run.  The corpus starts from real frames built with scapy (echo,
UDP to the echo port and to a bound socket, fragments, ARP, options), and
the run must end without a sanitizer report, crash or lock misuse."""
import host_sources

from scapy.all import ARP, ICMP, IP, UDP, Ether, fragment
from scapy.layers.inet import IPOption_RR

SOURCES = ["tests/fuzz/fuzz_ether_input.c", *host_sources.net()]

US, PEER = "10.0.0.1", "10.0.0.2"
MAC, PMAC = "02:00:00:00:00:01", "02:00:00:00:00:02"


def seeds():
    e = Ether(src=PMAC, dst=MAC)
    yield e / IP(src=PEER, dst=US) / ICMP(type=8, id=1, seq=1) / (b"x" * 32)
    yield e / IP(src=PEER, dst=US) / UDP(sport=1000, dport=7) / b"echo me"
    yield e / IP(src=PEER, dst=US) / UDP(sport=1000, dport=9) / b"sink"
    yield e / IP(src=PEER, dst=US) / UDP(sport=1000, dport=4444) / b"closed"
    yield e / IP(src=PEER, dst=US, options=[IPOption_RR(routers=["1.1.1.1"])]) / ICMP(type=8)
    yield e / IP(src=PEER, dst=US) / ICMP(type=3, code=3) / IP(src=US, dst=PEER) / UDP(dport=5)
    yield e / IP(src=PEER, dst=US) / ICMP(type=0, id=7, seq=1) / b"reply"
    for f in fragment(IP(src=PEER, dst=US, id=9) / UDP(sport=5, dport=7) / (b"f" * 300), 64):
        yield e / f
    yield Ether(src=PMAC, dst="ff:ff:ff:ff:ff:ff") / ARP(op=1, hwsrc=PMAC, psrc=PEER, pdst=US)
    yield e / ARP(op=2, hwsrc=PMAC, psrc=PEER, hwdst=MAC, pdst=US)


def test_fuzz_ether_input(host, tmp_path):
    prog = host.fuzzer("fuzz_ether_input", SOURCES)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i, p in enumerate(seeds()):
        (corpus / ("seed%02d" % i)).write_bytes(bytes(p))
    r = host.run(prog, "-runs=60000", "-max_len=1600", "-seed=6",
                 "-artifact_prefix=%s/" % tmp_path, str(corpus), timeout=600)
    assert r.returncode == 0, r.stderr[-6000:]
    assert "Done 60000 runs" in r.stderr
