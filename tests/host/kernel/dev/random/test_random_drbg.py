"""The kernel's ChaCha20 DRBG on the host: its output for fixed seeds equals a
known-answer vector computed here from the ChaCha20 definition (RFC 8439)
and the documented construction, and arc4random_uniform's rejection
sampling has no modulo bias."""
import hashlib
import pathlib
import struct

import pytest

SRC = ["tests/host/kernel/dev/random/drbg_check.c", "kernel/dev/random/chacha_drbg.c",
       "crypto/chacha20.c", "crypto/sha256.c"]
# <dev/random/chacha_drbg.h>, after the system headers so no kernel header shadows one.
KERNEL_INCLUDE = ["-idirafter", str(pathlib.Path(__file__).resolve().parents[5] / "kernel")]


def rotl(v, n):
    return ((v << n) & 0xffffffff) | (v >> (32 - n))


def chacha20_block(key, counter, nonce=b"\0" * 12):
    """RFC 8439 section 2.3, written from the definition."""
    state = [0x61707865, 0x3320646e, 0x79622d32, 0x6b206574]
    state += list(struct.unpack("<8I", key)) + [counter] + list(struct.unpack("<3I", nonce))
    x = state[:]

    def qr(a, b, c, d):
        x[a] = (x[a] + x[b]) & 0xffffffff; x[d] = rotl(x[d] ^ x[a], 16)
        x[c] = (x[c] + x[d]) & 0xffffffff; x[b] = rotl(x[b] ^ x[c], 12)
        x[a] = (x[a] + x[b]) & 0xffffffff; x[d] = rotl(x[d] ^ x[a], 8)
        x[c] = (x[c] + x[d]) & 0xffffffff; x[b] = rotl(x[b] ^ x[c], 7)

    for _ in range(10):
        qr(0, 4, 8, 12); qr(1, 5, 9, 13); qr(2, 6, 10, 14); qr(3, 7, 11, 15)
        qr(0, 5, 10, 15); qr(1, 6, 11, 12); qr(2, 7, 8, 13); qr(3, 4, 9, 14)
    return struct.pack("<16I", *[(a + b) & 0xffffffff for a, b in zip(x, state)])


class RefDrbg:
    """The construction documented in chacha_drbg.h."""
    MAX = 4096

    def __init__(self, seed):
        self.key = hashlib.sha256(seed).digest()

    def reseed(self, m):
        self.key = hashlib.sha256(self.key + m).digest()

    def generate(self, n):
        out = b""
        while n > 0:
            take = min(n, self.MAX)
            nextkey = chacha20_block(self.key, 0)[:32]
            piece = b"".join(chacha20_block(self.key, c) for c in range(1, take // 64 + 2))
            out += piece[:take]
            self.key = nextkey
            n -= take
        return out


def test_rfc8439_block_vector():
    # RFC 8439 2.3.2 (nonce 000000090000004a00000000, counter 1): our
    # reference must be right before it judges the C code.
    key = bytes(range(32))
    nonce = bytes.fromhex("000000090000004a00000000")
    out = chacha20_block(key, 1, nonce)
    assert out[:16].hex() == "10f1e7e4d13b5915500fdd1fa32071c4"


def test_known_answers(host):
    prog = host.compile("drbg_check", SRC, extra_flags=KERNEL_INCLUDE)
    seed = bytes(range(40))
    ref = RefDrbg(seed)
    script = ["init " + seed.hex()]
    want = []
    for n in (1, 31, 32, 64, 65, 1000, 4096, 4097, 10000):
        script.append("gen %d" % n)
        want.append(ref.generate(n).hex())
    script.append("reseed " + b"more entropy".hex())
    ref.reseed(b"more entropy")
    for n in (16, 5000):
        script.append("gen %d" % n)
        want.append(ref.generate(n).hex())
    r = host.run(prog, input="\n".join(script) + "\n")
    assert r.returncode == 0, r.stderr
    assert r.stdout.split() == want


def test_key_erasure_changes_output(host):
    prog = host.compile("drbg_check", SRC, extra_flags=KERNEL_INCLUDE)
    r = host.run(prog, input="init 00\ngen 32\ngen 32\n")
    a, b = r.stdout.split()
    assert a != b


@pytest.mark.parametrize("bound", [3, 7, 10, 100, 641, 1000, 0x80000001, 3000000019])
def test_uniform_has_no_bias(host, bound):
    """10^6 draws; chi-square over the values (1000 buckets for huge bounds,
    where plain modulo would make the lower ~30% of values twice as likely)."""
    prog = host.compile("drbg_check", SRC, extra_flags=KERNEL_INCLUDE)
    draws = 1000000
    r = host.run(prog, input="init 0102\nuniform %d %d\n" % (bound, draws))
    assert r.returncode == 0, r.stdout + r.stderr
    fields = r.stdout.split()
    assert fields[-2] == "max" and int(fields[-1]) < bound
    counts = list(map(int, fields[:-2]))
    k = len(counts)
    if bound <= 1000:
        expected = [draws / bound] * k
    else:
        # bucket i holds the v with v * 1000 // bound == i
        def first(i):
            return -(-i * bound // 1000)
        expected = [draws * (first(i + 1) - first(i)) / bound for i in range(k)]
    chi2 = sum((c - e) ** 2 / e for c, e in zip(counts, expected))
    dof = k - 1
    # Mean dof, sd sqrt(2 dof): 6 sd is far beyond chance, and far below the
    # bias a plain modulo would show for the large bounds (chi2 ~ 10^5).
    assert chi2 < dof + 6 * (2 * dof) ** 0.5 + 10, (bound, chi2, dof)
