"""Host tests of the portable crypto algorithm layer (crypto/).

The C driver tests/host/crypto/vector_driver.c (built once, with ASan and
UBSan) reads one hex-encoded request per line; each published vector file
is streamed through a single driver process and every answer is checked:

  * AES-GCM: NIST CAVP gcmEncryptExtIV*.rsp / gcmDecrypt*.rsp (all IV
    lengths, all tag lengths, FAIL cases must fail without writing output)
  * AES-CBC: CAVP CBC{GFSbox,KeySbox,VarKey,VarTxt,MMT}{128,192,256}.rsp
    (also the single-block records as raw AES encrypt/decrypt)
  * AES-CTR: RFC 3686 vectors (aes-{128,192,256}-ctr.txt)
  * ChaCha20-Poly1305: boringssl.txt and openssl.txt
  * SHA-1, SHA-224/256/384/512/512-224/512-256: CAVP ShortMsg, LongMsg
    and Monte Carlo
  * HMAC: RFC 2202 (SHA-1) and RFC 4231 (SHA-224/256/384/512)
  * RFC 8439 ChaCha20 block / encryption, Poly1305, Poly1305 key
    generation values typed in below (section cited at each)

On x86_64 the accelerated paths are checked against the same vectors:
AES-NI (the aes_driver fixture), and SHA-NI SHA-1/224/256 and the SIMD
ChaCha20, Poly1305 and ChaCha20-Poly1305 (the accel fixture: portable,
widest SIMD, AVX2 only where the widest is AVX-512, SSSE3 only), each
skipped with a message when the host CPU lacks the instructions.

tests/host/crypto/selftest.c adds negative tests (bad key lengths, NULL
arguments, tag failure leaves the output untouched, zero lengths) and the
xform table checks.  Counts are printed (pytest -s shows them).
"""
import glob
import hashlib
import hmac as pyhmac
import os
import platform
import random
import re
import subprocess

import host_sources
import pytest

VEC = "/usr/lib/python3/dist-packages/cryptography_vectors"
CRYPTO_SRCS = host_sources.crypto()

KERNEL_CFLAGS = ["-std=gnu11", "-ffreestanding", "-mno-sse", "-mno-mmx",
                 "-mno-red-zone", "-mcmodel=kernel", "-fno-pic", "-O2",
                 "-Wall", "-Wextra", "-Werror"]

needs_vectors = pytest.mark.skipif(
    not os.path.isdir(VEC), reason="python3-cryptography-vectors not installed")

COUNTS = {}


def _count(what, n):
    COUNTS[what] = COUNTS.get(what, 0) + n
    print(f"[crypto] {what}: {n} vectors checked")


ARCH_SRCS = host_sources.crypto_x86_64()
HAVE_X86_64 = platform.machine() in ("x86_64", "AMD64")


@pytest.fixture(scope="module")
def driver(host):
    """The one driver build (sanitizers are slow to compile: build once).
    It holds the portable code, the selftest and, on x86_64, the AES-NI
    code, which it only runs when started with the argument "aesni"."""
    srcs = ["tests/host/crypto/vector_driver.c", "tests/host/crypto/selftest.c"]
    flags = ["-DCRYPTO_SELFTEST_NO_MAIN"]
    if HAVE_X86_64:
        srcs += ARCH_SRCS
        flags.append("-DSANPO_AESNI")
    return host.compile("crypto_vector_driver", srcs + CRYPTO_SRCS,
                        extra_flags=tuple(flags))


@pytest.fixture(scope="module", params=["portable", "aesni"])
def aes_driver(host, driver, request):
    """(program, args): the portable path, or the AES-NI path (skipped with
    a message if the CPU lacks AES-NI/PCLMULQDQ/SSE4.1)."""
    if request.param == "portable":
        return (driver, ())
    r = host.run(driver, "aesni", input="")
    if "NOAESNI" in r.stdout:
        pytest.skip("host CPU (or arch) lacks AES-NI/PCLMULQDQ/SSE4.1: "
                    "AES-NI path not tested")
    return (driver, ("aesni",))


def caps(host, prog, args):
    """{'aesni': 0/1, 'shani': 0/1, 'simd': 0-3} as the driver sees them."""
    r = host.run(prog, *args, input="caps\n")
    m = re.search(r"CAPS aesni=(\d) shani=(\d) simd=(\d)", r.stdout)
    if not m:
        return {"aesni": 0, "shani": 0, "simd": 0}
    return dict(zip(("aesni", "shani", "simd"), map(int, m.groups())))


@pytest.fixture(scope="module", params=["portable", "aesni", "accel-avx2", "accel-ssse3"])
def accel(host, driver, request):
    """(program, args, caps) for the hash/HMAC/ChaCha20 tests: portable,
    the accelerated paths with the widest SIMD, or with ChaCha20-Poly1305
    held to AVX2 (only where the widest is AVX-512: otherwise the same as
    "aesni") or to SSSE3.  Skipped when the CPU has nothing to accelerate
    that way."""
    if request.param == "portable":
        return (driver, (), {"aesni": 0, "shani": 0, "simd": 0})
    r = host.run(driver, request.param, input="")
    if "NOAESNI" in r.stdout:
        pytest.skip("host CPU (or arch) lacks AES-NI: accelerated paths not tested")
    c = caps(host, driver, (request.param,))
    if request.param == "accel-ssse3" and c["simd"] < 1:
        pytest.skip("host CPU lacks SSSE3: SIMD ChaCha20 not tested")
    if request.param == "accel-avx2" and caps(host, driver, ("aesni",))["simd"] < 3:
        pytest.skip("widest SIMD is not AVX-512: the AVX2 level is the 'aesni' case")
    return (driver, (request.param,), c)


def _accel_impl(a, what):
    """label for the counts: which implementation ran"""
    if not a[1]:
        return "portable"
    if what == "sha":
        return "SHA-NI" if a[2]["shani"] else "portable (no SHA-NI)"
    return {0: "portable (no SIMD)", 1: "SSSE3", 2: "AVX2", 3: "AVX-512"}[a[2]["simd"]]


def run_lines(host, prog, lines):
    """Send all requests to one driver process; return the answer lines."""
    args = ()
    if isinstance(prog, tuple):
        prog, args = prog[0], prog[1]
    r = host.run(prog, *args, input="".join(l + "\n" for l in lines), timeout=600)
    assert r.returncode == 0, r.stderr[-4000:]
    out = r.stdout.splitlines()
    assert len(out) == len(lines), (len(out), len(lines), r.stderr[-2000:])
    return out


def _impl(d):
    return "AES-NI" if d[1] else "portable"


def h(s):
    """hex field for the driver ("-" when empty)"""
    return s.lower() if s else "-"


def parse_rsp(path):
    """CAVP .rsp / cryptography_vectors .txt: list of (section, dict)."""
    recs, cur, section = [], {}, ""
    with open(path, encoding="latin-1") as f:
        for raw in f:
            line = raw.strip()
            if not line or line.startswith("#"):
                if not line and cur:
                    recs.append((section, cur))
                    cur = {}
                continue
            if line.startswith("["):
                if cur:
                    recs.append((section, cur))
                    cur = {}
                section = line.strip("[]")
                continue
            if line == "FAIL":
                cur["FAIL"] = True
                continue
            if "=" in line:
                k, v = line.split("=", 1)
                k = k.strip()
                v = v.strip()
                if k.upper() in ("COUNT",) and cur and "COUNT" in {x.upper() for x in cur}:
                    recs.append((section, cur))
                    cur = {}
                cur[k] = v
    if cur:
        recs.append((section, cur))
    return recs


# ---------------------------------------------------------------- build checks

def test_kernel_flags_build(host, tmp_path):
    """Every crypto/*.c compiles with the kernel's freestanding flags."""
    assert CRYPTO_SRCS, "no crypto sources"
    # one gcc run for all files (objects land in tmp_path); the AES-NI file
    # too: its functions enable SSE with target attributes
    srcs = [str(host.top / s) for s in CRYPTO_SRCS]
    if HAVE_X86_64:
        srcs += [str(host.top / s) for s in ARCH_SRCS]
    cmd = ["gcc", *KERNEL_CFLAGS, "-I", str(host.top / "include"),
           "-I", str(host.top), "-c", *srcs]
    r = subprocess.run(cmd, capture_output=True, text=True, cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    objs = sorted(p.name for p in tmp_path.glob("*.o"))
    assert len(objs) == len(srcs), objs
    print(f"[crypto] kernel-flag build: {len(srcs)} files")


def test_only_allowed_headers(host):
    """No libc beyond <stdint.h>/<stddef.h>/<string.h>; no floating point."""
    allowed = {"stdint.h", "stddef.h", "string.h"}
    files = glob.glob(str(host.top / "crypto" / "*.[ch]"))
    for path in files:
        text = open(path).read()
        for inc in re.findall(r'#\s*include\s*<([^>]+)>', text):
            assert inc in allowed, f"{path}: <{inc}>"
        assert not re.search(r'\b(float|double)\b', text), path
        assert "malloc" not in text, path


# ---------------------------------------------------------------- AES / modes

@needs_vectors
@pytest.mark.parametrize("kind", ["GFSbox", "KeySbox", "VarKey", "VarTxt", "MMT"])
def test_aes_cbc_cavp(host, aes_driver, kind):
    lines, want = [], []
    for bits in (128, 192, 256):
        for section, r in parse_rsp(f"{VEC}/ciphers/AES/CBC/CBC{kind}{bits}.rsp"):
            key, iv = r["KEY"], r["IV"]
            pt, ct = r["PLAINTEXT"], r["CIPHERTEXT"]
            if section == "ENCRYPT":
                lines.append(f"cbc-enc {key} {iv} {pt}")
                want.append(ct.lower())
            else:
                lines.append(f"cbc-dec {key} {iv} {ct}")
                want.append(pt.lower())
            if iv == "0" * 32 and len(pt) == 32:
                # single block with zero IV: plain AES block
                lines.append(f"aes-enc {key} {pt}")
                want.append(ct.lower())
                lines.append(f"aes-dec {key} {ct}")
                want.append(pt.lower())
    got = run_lines(host, aes_driver, lines)
    for i, (g, w) in enumerate(zip(got, want)):
        assert g == w, lines[i]
    _count(f"AES-CBC/ECB {kind} {_impl(aes_driver)}", len(lines))


@needs_vectors
def test_aes_ctr_rfc3686(host, aes_driver):
    lines, want = [], []
    for bits in (128, 192, 256):
        for _, r in parse_rsp(f"{VEC}/ciphers/AES/CTR/aes-{bits}-ctr.txt"):
            for op in ("ctr", "ctr-split"):
                lines.append(f"{op} {r['KEY']} {r['IV']} {r['PLAINTEXT']}")
                want.append(r["CIPHERTEXT"].lower())
                lines.append(f"{op} {r['KEY']} {r['IV']} {r['CIPHERTEXT']}")
                want.append(r["PLAINTEXT"].lower())
    got = run_lines(host, aes_driver, lines)
    assert got == want
    _count(f"AES-CTR RFC 3686 {_impl(aes_driver)}", len(lines))


def test_aes_ctr_128bit_counter_carries(host, aes_driver):
    """SP 800-38A counter mode over all 128 bits (OpenSSL's aes-*-ctr, the
    kernel's AES-ICM): counter blocks about to carry out of the low 32, 64
    and 96 bits, and the F.5.1 example, against pyca/cryptography."""
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
    lines, want = [], []
    key = bytes.fromhex("2b7e151628aed2a6abf7158809cf4f3c")
    pt = bytes.fromhex("6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51"
                       "30c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710")
    lines.append("ctr %s f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff %s" % (key.hex(), pt.hex()))
    want.append("874d6191b620e3261bef6864990db6ce9806f66b7970fdff8617187bb9fffdff"
                "5ae4df3edbd5d35e5b4f09020db03eab1e031dda2fbe03d1792170a0f3009cee")
    data = bytes(range(256)) * 5 + b"tail"             # 1284 bytes: 80 blocks and a piece
    for ctr in ("000102030405060708090a0bfffffffd", "0001020304050607fffffffffffffff0",
                "00010203ffffffffffffffffffffffc0", "fffffffffffffffffffffffffffffffe",
                "0123456789abcdef0123456789abcdef"):
        for klen in (16, 32):
            k = bytes(range(7, 7 + klen))
            enc = Cipher(algorithms.AES(k), modes.CTR(bytes.fromhex(ctr))).encryptor()
            lines.append("ctr %s %s %s" % (k.hex(), ctr, data.hex()))
            want.append((enc.update(data) + enc.finalize()).hex())
    assert run_lines(host, aes_driver, lines) == want
    _count(f"AES-CTR 128-bit counter {_impl(aes_driver)}", len(lines))


def test_aes_fips197(host, aes_driver):
    """FIPS 197 appendix C.1-C.3 example vectors."""
    pt = "00112233445566778899aabbccddeeff"
    cases = [("000102030405060708090a0b0c0d0e0f",
              "69c4e0d86a7b0430d8cdb78070b4c55a"),
             ("000102030405060708090a0b0c0d0e0f1011121314151617",
              "dda97ca4864cdfe06eaf70a0ec0d7191"),
             ("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f",
              "8ea2b7ca516745bfeafc49904b496089")]
    lines = [f"aes-enc {k} {pt}" for k, _ in cases] + \
            [f"aes-dec {k} {c}" for k, c in cases]
    got = run_lines(host, aes_driver, lines)
    assert got == [c for _, c in cases] + [pt] * 3
    _count(f"AES FIPS 197 {_impl(aes_driver)}", len(lines))


# ---------------------------------------------------------------- AES-GCM

def _gcm_file(host, driver, path, decrypt):
    lines, want = [], []
    nfail = 0
    for _, r in parse_rsp(path):
        if "Key" not in r:
            continue
        key, iv, aad, tag = r["Key"], r["IV"], r.get("AAD", ""), r["Tag"]
        if decrypt:
            lines.append(f"gcm-dec {key} {iv} {h(aad)} {h(r['CT'])} {tag}")
            if r.get("FAIL"):
                want.append("FAIL")
                nfail += 1
            else:
                want.append(h(r["PT"]))
        else:
            lines.append(f"gcm-enc {key} {iv} {h(aad)} {h(r['PT'])} {len(tag) // 2}")
            want.append(f"{h(r['CT'])} {tag.lower()}")
            # and the reverse direction must verify
            lines.append(f"gcm-dec {key} {iv} {h(aad)} {h(r['CT'])} {tag}")
            want.append(h(r["PT"]))
    got = run_lines(host, driver, lines)
    bad = [(lines[i], g, w) for i, (g, w) in enumerate(zip(got, want)) if g != w]
    assert not bad, bad[:3]
    return len(lines), nfail


@needs_vectors
@pytest.mark.parametrize("bits", [128, 192, 256])
@pytest.mark.parametrize("direction", ["EncryptExtIV", "Decrypt"])
def test_aes_gcm_cavp(host, aes_driver, bits, direction):
    n, nfail = _gcm_file(host, aes_driver, f"{VEC}/ciphers/AES/GCM/gcm{direction}{bits}.rsp",
                         direction == "Decrypt")
    _count(f"AES-{bits}-GCM {direction} {_impl(aes_driver)}", n)
    if nfail:
        print(f"[crypto]   of which {nfail} tag failures (output untouched)")


def test_ghash_gcm_spec(host, driver):
    """GHASH alone: McGrew & Viega, "The Galois/Counter Mode of Operation",
    appendix B, test case 2 (H, C, and GHASH(H, {}, C))."""
    lines = ["ghash 66e94bd4ef8a2c3b884cfa59ca342b2e "
             "0388dace60b6a392f328c2b971b2fe78" + "00" * 15 + "80"]
    assert run_lines(host, driver, lines) == ["f38cbb1ad69223dcc3457ae5b6b0f885"]
    _count("GHASH spec", 1)


# ---------------------------------------------------------------- ChaCha20-Poly1305

def _field(v):
    v = v.strip()
    if v.startswith('"') and v.endswith('"'):
        return v[1:-1].encode().hex()
    return v.lower()


@needs_vectors
def test_chacha20_poly1305_vectors(host, accel):
    lines, want = [], []
    for _, r in parse_rsp(f"{VEC}/ciphers/ChaCha20Poly1305/boringssl.txt"):
        key, nonce = _field(r["KEY"]), _field(r["NONCE"])
        ad, pt, ct, tag = (_field(r["AD"]), _field(r["IN"]), _field(r["CT"]),
                           _field(r["TAG"]))
        lines.append(f"ccp-enc {key} {nonce} {h(ad)} {h(pt)} {len(tag) // 2}")
        want.append(f"{h(ct)} {tag}")
        lines.append(f"ccp-dec {key} {nonce} {h(ad)} {h(ct)} {tag}")
        want.append(h(pt))
    for _, r in parse_rsp(f"{VEC}/ciphers/ChaCha20Poly1305/openssl.txt"):
        key, nonce, ad = r["Key"].lower(), r["IV"].lower(), r.get("AAD", "").lower()
        pt, ct, tag = r["Plaintext"].lower(), r["Ciphertext"].lower(), r["Tag"].lower()
        lines.append(f"ccp-dec {key} {nonce} {h(ad)} {h(ct)} {tag}")
        if r.get("Result") == "CIPHERFINAL_ERROR":
            want.append("FAIL")
        else:
            want.append(h(pt))
            lines.append(f"ccp-enc {key} {nonce} {h(ad)} {h(pt)} {len(tag) // 2}")
            want.append(f"{h(ct)} {tag}")
    got = run_lines(host, accel, lines)
    bad = [(lines[i], g, w) for i, (g, w) in enumerate(zip(got, want)) if g != w]
    assert not bad, bad[:3]
    _count(f"ChaCha20-Poly1305 {_accel_impl(accel, 'simd')}", len(lines))


RFC8439_KEY = bytes(range(32)).hex()
SUNSCREEN = (b"Ladies and Gentlemen of the class of '99: If I could offer you "
             b"only one tip for the future, sunscreen would be it.").hex()


def test_rfc8439_chacha20_poly1305_sections(host, accel):
    reqs = [
        # RFC 8439 2.3.2: ChaCha20 block function test vector
        (f"chacha-block {RFC8439_KEY} 000000090000004a00000000 1",
         "10f1e7e4d13b5915500fdd1fa32071c4c7d1f4c733c068030422aa9ac3d46c4e"
         "d2826446079faa0914c2d705d98b02a2b5129cd1de164eb9cbd083e8a2503c4e"),
        # RFC 8439 2.4.2: ChaCha20 encryption of the sunscreen text
        (f"chacha {RFC8439_KEY} 000000000000004a00000000 1 {SUNSCREEN}",
         "6e2e359a2568f98041ba0728dd0d6981e97e7aec1d4360c20a27afccfd9fae0b"
         "f91b65c5524733ab8f593dabcd62b3571639d624e65152ab8f530c359f0861d8"
         "07ca0dbf500d6a6156a38e088a22b65e52bc514d16ccf806818ce91ab7793736"
         "5af90bbf74a35be6b40b8eedf2785e42874d"),
        # RFC 8439 2.5.2: Poly1305 of "Cryptographic Forum Research Group"
        ("poly-split 85d6be7857556d337f4452fe42d506a80103808afb0db2fd4abff6af4149f51b "
         + b"Cryptographic Forum Research Group".hex(),
         "a8061dc1305136c6c22b8baf0c0127a9"),
        # RFC 8439 2.6.2: Poly1305 key generation = first 32 bytes of block 0
        ("chacha-block 808182838485868788898a8b8c8d8e8f909192939495969798999a9b"
         "9c9d9e9f 000000000001020304050607 0",
         "8ad5a08b905f81cc815040274ab29471a833b637e3fd0da508dbb8e2fdd1a646"),
        # RFC 8439 A.3 #1: zero key, zero message
        ("poly " + "00" * 32 + " " + "00" * 64, "00" * 16),
        # RFC 8439 A.3 #5-#11: final-reduction edge cases
        ("poly-split 02" + "00" * 31 + " " + "ff" * 16, "03" + "00" * 15),
        ("poly-split 02" + "00" * 15 + "ff" * 16 + " 02" + "00" * 15, "03" + "00" * 15),
        ("poly-split 01" + "00" * 31 + " " + "ff" * 16 + "f0" + "ff" * 15 + "11" + "00" * 15,
         "05" + "00" * 15),
        ("poly-split 01" + "00" * 31 + " " + "ff" * 16 + "fb" + "fe" * 15 + "01" * 16,
         "00" * 16),
        ("poly-split 02" + "00" * 31 + " fd" + "ff" * 15, "fa" + "ff" * 15),
        ("poly-split 0100000000000000040000000000000000000000000000000000000000000000 "
         "e33594d7505e43b900000000000000003394d7505e4379cd0100000000000000"
         "0000000000000000000000000000000001000000000000000000000000000000",
         "14000000000000005500000000000000"),
        ("poly-split 0100000000000000040000000000000000000000000000000000000000000000 "
         "e33594d7505e43b900000000000000003394d7505e4379cd010000000000000000"
         "000000000000000000000000000000",
         "13000000000000000000000000000000"),
    ]
    got = run_lines(host, accel, [q for q, _ in reqs])
    for (q, w), g in zip(reqs, got):
        if w.startswith("8ad5a08b"):
            g = g[:64]
        elif q.startswith("chacha-block"):
            pass
        assert g == w, q
    _count(f"RFC 8439 typed-in {_accel_impl(accel, 'simd')}", len(reqs))


def test_chacha20_long_vs_python_cryptography(host, accel):
    """ChaCha20 keystream over long messages (every SIMD width, the 8- and
    16-block steps, the padded tail, leftovers between calls) and the AEAD
    at sizes around the steps and the SIMD Poly1305 thresholds (also for
    the AAD), against pyca/cryptography."""
    algs = pytest.importorskip("cryptography.hazmat.primitives.ciphers")
    aead = pytest.importorskip("cryptography.hazmat.primitives.ciphers.aead")
    rnd = random.Random(7539)
    lines, want = [], []
    for n in (0, 1, 63, 64, 128, 129, 255, 256, 257, 383, 384, 511, 512, 513,
              1023, 1024, 1025, 1500, 2048 + 17, 3000, 5000, 16384, 16384 + 15):
        key, nonce = rnd.randbytes(32), rnd.randbytes(12)
        ctr = rnd.choice((0, 1, 7, 0xffff0000))  # no 32-bit wrap (pyca carries)
        pt = rnd.randbytes(n)
        enc = algs.Cipher(algs.algorithms.ChaCha20(
            key, ctr.to_bytes(4, "little") + nonce), mode=None).encryptor()
        lines.append(f"chacha {key.hex()} {nonce.hex()} {ctr} {h(pt.hex())}")
        want.append(h(enc.update(pt).hex()))
        aad = rnd.randbytes(rnd.choice((0, 12, 20, 384, 700)))
        ct = aead.ChaCha20Poly1305(key).encrypt(nonce, pt, aad)
        lines.append(f"ccp-enc {key.hex()} {nonce.hex()} {h(aad.hex())} {h(pt.hex())} 16")
        want.append(f"{h(ct[:-16].hex())} {ct[-16:].hex()}")
        lines.append(f"ccp-dec {key.hex()} {nonce.hex()} {h(aad.hex())} "
                     f"{h(ct[:-16].hex())} {ct[-16:].hex()}")
        want.append(h(pt.hex()))
    got = run_lines(host, accel, lines)
    bad = [(lines[i][:80], g[:40], w[:40]) for i, (g, w) in enumerate(zip(got, want))
           if g != w]
    assert not bad, bad[:3]
    _count(f"ChaCha20 long {_accel_impl(accel, 'simd')}", len(lines))


def test_poly1305_long_vs_python_cryptography(host, accel):
    """Poly1305 with the bulk through the SIMD block functions (4 or 8
    blocks per step in 26-bit limbs, the powers of r made per call, the
    lanes folded back into the portable accumulator) at lengths around
    their thresholds and steps, split at several points, against
    pyca/cryptography -- with random keys and with the extremes that
    stress the limb bounds (r and the message all ones)."""
    p1305 = pytest.importorskip("cryptography.hazmat.primitives.poly1305")
    rnd = random.Random(1305)
    lines, want = [], []
    for n in (0, 15, 16, 100, 383, 384, 385, 400, 511, 512, 513, 520, 1500,
              4096 + 7, 9000):
        for key, msg in ((rnd.randbytes(32), rnd.randbytes(n)),
                         (b"\xff" * 32, b"\xff" * n),
                         (b"\xff" * 16 + rnd.randbytes(16), rnd.randbytes(n))):
            op = "poly-split" if n <= 1500 else "poly"
            lines.append(f"{op} {key.hex()} {h(msg.hex())}")
            want.append(p1305.Poly1305.generate_tag(key, msg).hex())
    got = run_lines(host, accel, lines)
    bad = [(lines[i][:80], g, w) for i, (g, w) in enumerate(zip(got, want)) if g != w]
    assert not bad, bad[:3]
    _count(f"Poly1305 long {_accel_impl(accel, 'simd')}", len(lines))


# ---------------------------------------------------------------- SHA / HMAC

SHA_FILES = [("sha1", "SHA1/SHA1"), ("sha224", "SHA2/SHA224"),
             ("sha256", "SHA2/SHA256"), ("sha384", "SHA2/SHA384"),
             ("sha512", "SHA2/SHA512"), ("sha512_224", "SHA2/SHA512_224"),
             ("sha512_256", "SHA2/SHA512_256")]


@needs_vectors
@pytest.mark.parametrize("name,base", SHA_FILES)
def test_sha_cavp(host, accel, name, base):
    lines, want = [], []
    for kind in ("ShortMsg", "LongMsg"):
        for _, r in parse_rsp(f"{VEC}/hashes/{base}{kind}.rsp"):
            if "Len" not in r:
                continue
            msg = r["Msg"] if int(r["Len"]) else ""
            # split at every offset for the short messages
            op = "hash-split" if kind == "ShortMsg" else "hash"
            lines.append(f"{op} {name} {h(msg)}")
            want.append(r["MD"].lower())
    recs = parse_rsp(f"{VEC}/hashes/{base}Monte.rsp")
    seed = [r["Seed"] for _, r in recs if "Seed" in r][0]
    mds = [r["MD"].lower() for _, r in recs if "MD" in r]
    assert len(mds) == 100
    lines.append(f"hash-monte {name} {seed}")
    want.append(",".join(mds))
    got = run_lines(host, accel, lines)
    bad = [(lines[i][:80], g, w) for i, (g, w) in enumerate(zip(got, want)) if g != w]
    assert not bad, bad[:3]
    impl = _accel_impl(accel, "sha") if name in ("sha1", "sha224", "sha256") else "portable"
    _count(f"{name} Short/Long/Monte {impl}", len(lines) - 1 + 100)


@needs_vectors
@pytest.mark.parametrize("name,fname", [
    ("sha1", "rfc-2202-sha1.txt"), ("sha224", "rfc-4231-sha224.txt"),
    ("sha256", "rfc-4231-sha256.txt"), ("sha384", "rfc-4231-sha384.txt"),
    ("sha512", "rfc-4231-sha512.txt")])
def test_hmac_rfc(host, accel, name, fname):
    lines, want = [], []
    for _, r in parse_rsp(f"{VEC}/HMAC/{fname}"):
        if "Key" not in r:
            continue
        lines.append(f"hmac {name} {r['Key']} {h(r['Msg'])}")
        want.append(r["MD"].lower())
    got = run_lines(host, accel, lines)
    assert got == want
    impl = _accel_impl(accel, "sha") if name in ("sha1", "sha224", "sha256") else "portable"
    _count(f"HMAC-{name} {impl}", len(lines))


def test_hash_hmac_random_vs_hashlib(host, accel):
    """Random lengths around block boundaries against Python's hashlib/hmac."""
    rnd = random.Random(8439)
    lines, want = [], []
    for name in ("sha1", "sha224", "sha256", "sha384", "sha512",
                 "sha512_224", "sha512_256"):
        for n in list(range(0, 260)) + [rnd.randrange(260, 5000) for _ in range(20)]:
            m = rnd.randbytes(n)
            lines.append(f"hash {name} {h(m.hex())}")
            want.append(hashlib.new(name, m).hexdigest())
        for kl in (0, 1, 20, 63, 64, 65, 127, 128, 129, 200):
            k = rnd.randbytes(kl)
            m = rnd.randbytes(rnd.randrange(0, 300))
            lines.append(f"hmac {name} {h(k.hex())} {h(m.hex())}")
            want.append(pyhmac.new(k, m, name).hexdigest())
    got = run_lines(host, accel, lines)
    bad = [(lines[i][:80], g, w) for i, (g, w) in enumerate(zip(got, want)) if g != w]
    assert not bad, bad[:3]
    _count(f"hash/HMAC random vs hashlib {_accel_impl(accel, 'sha')}", len(lines))


def test_aead_random_vs_python_cryptography(host, aes_driver):
    """Random sizes (odd IV lengths, partial blocks) against pyca/cryptography."""
    aead = pytest.importorskip("cryptography.hazmat.primitives.ciphers.aead")
    rnd = random.Random(4106)
    lines, want = [], []
    for _ in range(300):
        kl = rnd.choice((16, 24, 32))
        key = rnd.randbytes(kl)
        ivl = rnd.choice((12, 12, 8, 16, 17, 60))
        iv = rnd.randbytes(ivl)
        aad = rnd.randbytes(rnd.choice((0, 1, 13, 16, 33, rnd.randrange(0, 200))))
        pt = rnd.randbytes(rnd.choice((0, 1, 15, 16, 17, rnd.randrange(0, 600))))
        ct = aead.AESGCM(key).encrypt(iv, pt, aad)
        lines.append(f"gcm-enc {key.hex()} {iv.hex()} {h(aad.hex())} {h(pt.hex())} 16")
        want.append(f"{h(ct[:-16].hex())} {ct[-16:].hex()}")
        ck = rnd.randbytes(32)
        nonce = rnd.randbytes(12)
        ct = aead.ChaCha20Poly1305(ck).encrypt(nonce, pt, aad)
        lines.append(f"ccp-enc {ck.hex()} {nonce.hex()} {h(aad.hex())} {h(pt.hex())} 16")
        want.append(f"{h(ct[:-16].hex())} {ct[-16:].hex()}")
        # flip one bit of the tag: must fail with output untouched
        bad_tag = bytearray(ct[-16:])
        bad_tag[rnd.randrange(16)] ^= 1 << rnd.randrange(8)
        lines.append(f"ccp-dec {ck.hex()} {nonce.hex()} {h(aad.hex())} "
                     f"{h(ct[:-16].hex())} {bad_tag.hex()}")
        want.append("FAIL")
    got = run_lines(host, aes_driver, lines)
    bad = [(lines[i][:80], g, w) for i, (g, w) in enumerate(zip(got, want)) if g != w]
    assert not bad, bad[:3]
    _count(f"AEAD random vs pyca/cryptography {_impl(aes_driver)}", len(lines))


def test_aes_gcm_long_vs_python_cryptography(host, aes_driver):
    """Long messages through the 8-block paths (AES-NI: CTR 8 blocks in
    flight, GHASH over 8 blocks per reduction, CTR stitched with GHASH),
    every key size, with and without AAD, against pyca/cryptography."""
    aead = pytest.importorskip("cryptography.hazmat.primitives.ciphers.aead")
    rnd = random.Random(5288)
    lines, want = [], []
    for n in (127, 128, 129, 255, 256, 383, 384, 1500, 2048 + 5, 4096, 16384):
        for kl in (16, 24, 32):
            key, iv = rnd.randbytes(kl), rnd.randbytes(12)
            aad = rnd.randbytes(rnd.choice((0, 13, 128, 300)))
            pt = rnd.randbytes(n)
            ct = aead.AESGCM(key).encrypt(iv, pt, aad)
            lines.append(f"gcm-enc {key.hex()} {iv.hex()} {h(aad.hex())} {pt.hex()} 16")
            want.append(f"{ct[:-16].hex()} {ct[-16:].hex()}")
            lines.append(f"gcm-dec {key.hex()} {iv.hex()} {h(aad.hex())} {ct[:-16].hex()} "
                         f"{ct[-16:].hex()}")
            want.append(pt.hex())
    got = run_lines(host, aes_driver, lines)
    bad = [(lines[i][:60], g[:40], w[:40]) for i, (g, w) in enumerate(zip(got, want))
           if g != w]
    assert not bad, bad[:3]
    _count(f"AES-GCM long vs pyca/cryptography {_impl(aes_driver)}", len(lines))


# ---------------------------------------------------------------- negative tests

def test_selftest(host, driver):
    r = host.run(driver, input="selftest\n", timeout=300)
    print(r.stdout)
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-3000:]
    m = re.search(r"selftest: (\d+) checks, 0 failed", r.stdout)
    assert m, r.stdout[-2000:]
    _count("selftest checks", int(m.group(1)))
