"""The kernel crypto framework as a person checks it: published vectors
typed into `cryptotest` give the published answers through each driver,
tampered input fails authentication, bad arguments get an error line, and
`cryptostress` sends requests from every CPU on every path with each
callback run exactly once.

The aesni driver's SHA-NI digests/HMACs, SSSE3 ChaCha20-Poly1305 and
encrypt-then-authenticate (AES-CBC + HMAC-SHA-256) are checked the same
way against the published vectors, against Python's own computation and
against cryptosoft; `cryptotest -o` measures the direct path's cost over
calling the driver (QEMU's -cpu max has AES-NI, SHA-NI and SSSE3) -- the
figures are printed by make bench-crypto-kernel, only checked for form here."""
import hashlib
import hmac as pyhmac
import pathlib
import random
import re

import pytest

from guest import guest
from kshell import PROMPT_AT_END

V = pathlib.Path("/usr/lib/python3/dist-packages/cryptography_vectors")


def records(path, keys=("Key",)):
    """key = value blocks of a CAVP/RFC vector file, as dicts."""
    out, cur = [], {}
    for line in path.read_text().splitlines():
        line = line.strip()
        if line.startswith("#"):
            continue
        if not line or line.startswith("["):
            if cur and any(k in cur for k in keys):
                out.append(cur)
            cur = {}
            continue
        if "=" in line:
            k, v = (s.strip() for s in line.split("=", 1))
            cur[k] = v
    if cur:
        out.append(cur)
    return out


def gcm_vectors(n):
    recs = [r for r in records(V / "ciphers/AES/GCM/gcmEncryptExtIV128.rsp")
            if len(r.get("IV", "")) == 24 and len(r.get("Tag", "")) == 32
            and r.get("PT") and len(r["PT"]) <= 128 and len(r.get("AAD", "")) <= 160]
    recs += [r for r in records(V / "ciphers/AES/GCM/gcmEncryptExtIV256.rsp")
             if len(r.get("IV", "")) == 24 and len(r.get("Tag", "")) == 32
             and r.get("PT") and r.get("AAD") and len(r["PT"]) <= 128
             and len(r["AAD"]) <= 160]
    return recs[::max(1, len(recs) // n)][:n]


@pytest.fixture(scope="module")
def shell(tmp_path_factory):
    with guest(tmp_path_factory.mktemp("crypto"), "crypto_kernel", 'autoboot_delay="0"\n',
               ready=PROMPT_AT_END, smp=2) as m:
        yield m


def run(m, cmd, timeout=120):
    m.line(cmd, delay=0.001)
    m.expect(r"# $", timeout=timeout)
    return m.p.before.replace("\r", "").split("\n", 1)[1].strip()


def drivers(m):
    out = run(m, "sysctl kern.crypto.drivers")
    return re.findall(r"(\w+)\((?:hw|sw)", out)


def test_both_drivers_registered(shell):
    assert drivers(shell) == ["cryptosoft", "aesni"]


@pytest.mark.parametrize("drv", ["aesni", "cryptosoft"])
def test_aes_gcm_vectors(shell, drv):
    for r in gcm_vectors(6):
        alg = "aes-128-gcm" if len(r["Key"]) == 32 else "aes-256-gcm"
        cmd = "cryptotest -a %s -k %s -i %s -p %s -D %s" % (alg, r["Key"], r["IV"], r["PT"], drv)
        if r.get("AAD"):
            cmd += " -A " + r["AAD"]
        assert run(shell, cmd) == r["CT"] + r["Tag"], (cmd, r)
        dec = cmd.replace("-p " + r["PT"], "-p " + r["CT"] + r["Tag"]) + " -d"
        assert run(shell, dec) == r["PT"]
        bad = r["Tag"][:-1] + ("0" if r["Tag"][-1] != "0" else "1")
        assert run(shell, dec.replace(r["Tag"], bad)) == "authentication failed"


@pytest.mark.parametrize("drv", ["aesni", "cryptosoft"])
def test_aes_cbc_vectors(shell, drv):
    for name in ("CBCMMT128.rsp", "CBCMMT256.rsp"):
        recs = [r for r in records(V / "ciphers/AES/CBC" / name) if "PLAINTEXT" in r]
        for r in recs[:3]:
            alg = "aes-128-cbc" if len(r["KEY"]) == 32 else "aes-256-cbc"
            out = run(shell, "cryptotest -a %s -k %s -i %s -p %s -D %s"
                      % (alg, r["KEY"], r["IV"], r["PLAINTEXT"], drv))
            assert out == r["CIPHERTEXT"]


def test_aes_ctr_rfc3686(shell):
    # RFC 3686 test vector #2: key, nonce 006CB6DB, IV C0543B59DA48D90B, counter 1.
    key = "7e24067817fae0d743d6ce1f32539163"
    iv = "006cb6dbc0543b59da48d90b00000001"
    pt = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
    want = "5104a106168a72d9790d41ee8edad388eb2e1efc46da57c8fce630df9141be28"
    for drv in ("aesni", "cryptosoft"):
        assert run(shell, "cryptotest -a aes-128-ctr -k %s -i %s -p %s -D %s"
                   % (key, iv, pt, drv)) == want


@pytest.mark.parametrize("drv", ["aesni", "cryptosoft"])
def test_aes_ctr_takes_the_full_counter_block(shell, drv):
    """OpenSSL's aes-128/256-ctr: the IV is the whole 128-bit counter block,
    any value, incremented with carries through all 16 bytes -- the tool
    used to refuse an IV not ending in 00000001 (ESP's RFC 3686 layout)."""
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
    pt = bytes(range(200))
    for alg, klen, ctr in (("aes-128-ctr", 16, "f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff"),
                           ("aes-128-ctr", 16, "000102030405060708090a0bfffffffe"),
                           ("aes-256-ctr", 32, "fffffffffffffffffffffffffffffffd")):
        key = bytes(range(3, 3 + klen))
        enc = Cipher(algorithms.AES(key), modes.CTR(bytes.fromhex(ctr))).encryptor()
        want = (enc.update(pt) + enc.finalize()).hex()
        assert run(shell, "cryptotest -a %s -k %s -i %s -p %s -D %s"
                   % (alg, key.hex(), ctr, pt.hex(), drv)) == want
    assert "needs a 16-byte IV" in run(
        shell, "cryptotest -a aes-128-ctr -k %s -i %s -p 00 -D %s" % ("00" * 16, "00" * 8, drv))


@pytest.mark.parametrize("drv", ["aesni", "cryptosoft"])
def test_chacha20_poly1305(shell, drv):
    for r in records(V / "ciphers/ChaCha20Poly1305/openssl.txt")[:4]:
        cmd = "cryptotest -a chacha20-poly1305 -k %s -i %s -A %s -D %s" % (
            r["Key"], r["IV"], r["AAD"], drv)
        if r.get("Result") == "CIPHERFINAL_ERROR":
            out = run(shell, cmd + " -p %s%s -d" % (r["Ciphertext"], r["Tag"]))
            assert out == "authentication failed"
        elif len(r["Plaintext"]) <= 600:
            assert run(shell, cmd + " -p " + r["Plaintext"]) == r["Ciphertext"] + r["Tag"]


@pytest.mark.parametrize("alg,fname", [("sha1", "SHA1/SHA1ShortMsg.rsp"),
                                       ("sha256", "SHA2/SHA256ShortMsg.rsp"),
                                       ("sha384", "SHA2/SHA384ShortMsg.rsp"),
                                       ("sha512", "SHA2/SHA512ShortMsg.rsp")])
def test_hash_vectors(shell, alg, fname):
    recs = [r for r in records(V / "hashes" / fname, keys=("Msg",)) if "MD" in r]
    # SHA-1/256 go to aesni where the CPU has SHA-NI; check cryptosoft as well
    drvs = ["", " -D cryptosoft"] if alg in ("sha1", "sha256") else [""]
    for r in recs[8:64:14]:
        msg = r["Msg"] if int(r["Len"]) > 0 else ""
        if not msg:
            continue
        for d in drvs:
            assert run(shell, "cryptotest -a %s -p %s%s" % (alg, msg, d)) == r["MD"], d


def sysctl_int(m, name):
    return int(re.search(re.escape(name) + r": (\d+)", run(m, "sysctl " + name)).group(1))


def test_aesni_capabilities(shell):
    """What the aesni driver found: AES-NI, and ChaCha20 on AVX2 exactly
    when the kernel saves YMM state (XCR0 has SSE and AVX: `sysctl hw.fpu`;
    -cpu max has AVX2), else on SSSE3.  SHA-NI follows the CPU: QEMU 7.2's
    TCG does not emulate it (later QEMUs do)."""
    assert sysctl_int(shell, "kern.crypto.aesni.aes") == 1
    xcr0 = int(re.search(r"XCR0 0x([0-9a-f]+)", run(shell, "sysctl hw.fpu")).group(1), 16)
    assert sysctl_int(shell, "kern.crypto.aesni.chacha_simd") == (2 if xcr0 & 6 == 6 else 1)
    assert sysctl_int(shell, "kern.crypto.aesni.sha") in (0, 1)


def test_sha_sessions_follow_shani(shell):
    """Default sessions for SHA-1/256 digests and HMACs go to aesni when
    the CPU has SHA-NI and to cryptosoft otherwise; SHA-512 always to
    cryptosoft: the driver counters say who served."""
    def served():
        out = run(shell, "sysctl kern.crypto.drivers")
        return {n: int(c) for n, c in re.findall(r"(\w+)\((?:hw|sw) sessions=\d+ requests=(\d+)", out)}
    sha = sysctl_int(shell, "kern.crypto.aesni.sha")
    before = served()
    msg = "616263"
    assert run(shell, "cryptotest -a sha256 -p " + msg) == hashlib.sha256(b"abc").hexdigest()
    assert run(shell, "cryptotest -a hmac-sha1 -k 0b0b -p " + msg) == \
        pyhmac.new(b"\x0b\x0b", b"abc", "sha1").hexdigest()
    mid = served()
    want = "aesni" if sha else "cryptosoft"
    other = "cryptosoft" if sha else "aesni"
    assert mid[want] == before[want] + 2 and mid[other] == before[other]
    assert run(shell, "cryptotest -a sha512 -p " + msg) == hashlib.sha512(b"abc").hexdigest()
    after = served()
    assert after["cryptosoft"] == mid["cryptosoft"] + 1 and after["aesni"] == mid["aesni"]
    # without SHA-NI the aesni driver declines a SHA-256 session outright
    out = run(shell, "cryptotest -a sha256 -p %s -D aesni" % msg)
    if sha:
        assert out == hashlib.sha256(b"abc").hexdigest()
    else:
        assert "cannot create a sha256 session" in out


@pytest.mark.parametrize("alg,fname", [("hmac-sha256", "rfc-4231-sha256.txt"),
                                       ("hmac-sha512", "rfc-4231-sha512.txt")])
def test_hmac_rfc4231(shell, alg, fname):
    for r in records(V / "HMAC" / fname)[:4]:
        assert run(shell, "cryptotest -a %s -k %s -p %s" % (alg, r["Key"], r["Msg"])) == r["MD"]


def _eta_expected(key, iv, aad, pt):
    """AES-CBC then HMAC-SHA-256-128 over AAD || ciphertext (ESP style)."""
    ciphers = pytest.importorskip("cryptography.hazmat.primitives.ciphers")
    aes_key, mac_key = key[:-32], key[-32:]
    enc = ciphers.Cipher(ciphers.algorithms.AES(aes_key), ciphers.modes.CBC(iv)).encryptor()
    ct = enc.update(pt) + enc.finalize()
    return ct, pyhmac.new(mac_key, aad + ct, "sha256").digest()[:16]


@pytest.mark.parametrize("drv", ["aesni", "cryptosoft"])
def test_eta_cbc_hmac_sha256(shell, drv):
    """Encrypt-then-authenticate through each driver: output = Python's
    AES-CBC + HMAC-SHA-256-128; decryption gives the plaintext back; a
    flipped ciphertext, AAD or ICV bit fails authentication."""
    rnd = random.Random(3602)
    for bits, nblk in ((128, 1), (256, 3), (128, 8), (256, 20)):
        alg = "aes-%d-cbc+hmac-sha256" % bits
        key = rnd.randbytes(bits // 8 + 32)
        iv, aad = rnd.randbytes(16), rnd.randbytes(8)
        pt = rnd.randbytes(16 * nblk)
        ct, icv = _eta_expected(key, iv, aad, pt)
        base = "cryptotest -a %s -k %s -i %s -A %s -D %s" % (alg, key.hex(), iv.hex(),
                                                            aad.hex(), drv)
        assert run(shell, base + " -p " + pt.hex()) == (ct + icv).hex()
        assert run(shell, base + " -d -p " + (ct + icv).hex()) == pt.hex()
        bad_ct = bytes([ct[0] ^ 1]) + ct[1:]
        assert run(shell, base + " -d -p " + (bad_ct + icv).hex()) == "authentication failed"
        bad_icv = icv[:-1] + bytes([icv[-1] ^ 0x80])
        assert run(shell, base + " -d -p " + (ct + bad_icv).hex()) == "authentication failed"
        bad_aad = base.replace("-A " + aad.hex(), "-A " + bytes([aad[0] ^ 4]).hex() + aad[1:].hex())
        assert run(shell, bad_aad + " -d -p " + (ct + icv).hex()) == "authentication failed"


def test_direct_path_overhead(shell):
    """`cryptotest -o`: every algorithm measured on the three paths for
    both drivers, and the verdict line agrees with the figures.  Whether
    the 15% target is met is make bench-crypto-kernel's figure: under
    load on the test machine it moves, so it is never a pass/fail here."""
    sha = sysctl_int(shell, "kern.crypto.aesni.sha")
    for drv in ("aesni", "cryptosoft"):
        out = run(shell, "cryptotest -o -D " + drv, timeout=300)
        print(out)
        rows = re.findall(r"^(\S+)\s+%s\s+(\d+)\s+(\d+)\s+(\d+)\s+(-?\d+)\.(\d)%%$" % drv,
                          out, re.M)
        # aesni serves sha256/hmac-sha256 only with SHA-NI
        assert len(rows) == (4 + 2 * sha if drv == "aesni" else 6), out
        for name, ns_drv, ns_direct, ns_queued, _, _ in rows:
            assert int(ns_drv) > 0 and int(ns_direct) > 0 and int(ns_queued) > 0, name
        m = re.search(r"largest direct-path overhead (\d+)\.(\d)% \(target <= 15%: (met|MISSED)\)",
                      out)
        assert m, out
        worst = int(m.group(1)) + int(m.group(2)) / 10
        assert (m.group(3) == "met") == (worst <= 15.0)


def test_kprof_names_module_code(shell):
    """The sampling profiler names the samples that fall in a module's code:
    the aesni driver is aesni.ko, loaded where the kernel chose at boot, so
    tools/kprof.py (which knows only the kernel ELF's symbols) would have
    filed its AES/GHASH time under the kernel's last function.  A second of
    AES-NI requests must show up as aesni.ko:function lines and in the
    table under those names."""
    import sys
    sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2] / "tools"))
    import kprof

    assert "sampling at every clock tick" in run(shell, "kprof start")
    run(shell, "cryptotest -D aesni -s 16384", timeout=300)
    run(shell, "kprof stop")
    dump = run(shell, "kprof dump", timeout=300)
    named = re.findall(r"^kprof pc [0-9a-f]+ \d+ (\d+) aesni\.ko:(\w+)$", dump, re.M)
    assert named, dump[-2000:]
    assert all(fn != "?" for _, fn in named)
    table = kprof.table(dump)
    assert re.search(r"%\s+aesni\.ko:aesni_\w+", table), table


def test_bad_arguments(shell):
    assert "unknown algorithm" in run(shell, "cryptotest -a rot13 -k 00 -p 00")
    assert "needs a 16-byte key" in run(shell, "cryptotest -a aes-128-gcm -k 0011 -i 000000000000000000000000 -p 00")
    assert "not hex" in run(shell, "cryptotest -a sha256 -p xyz")
    assert "takes no key" in run(shell, "cryptotest -a sha256 -k 00 -p 00")
    # CBC payloads are whole blocks: refused by the framework, reported as an error.
    assert "failed with error 22" in run(
        shell, "cryptotest -a aes-128-cbc -k %s -i %s -p 0011" % ("00" * 16, "00" * 16))
    assert "no driver" in run(shell, "cryptotest -a sha256 -p 00 -D nosuch")
    assert "needs a 48-byte key" in run(
        shell, "cryptotest -a aes-128-cbc+hmac-sha256 -k %s -i %s -p %s" % ("00" * 16, "00" * 16, "00" * 16))
    assert "takes only -D and -s" in run(shell, "cryptotest -o -a sha256 -p 00")


@pytest.mark.parametrize("drv,alg", [("aesni", "aes-128-gcm"), ("cryptosoft", "aes-128-gcm"),
                                     ("aesni", "chacha20-poly1305"),
                                     ("aesni", "aes-256-cbc+hmac-sha256")])
def test_stress_every_path(shell, drv, alg):
    """Requests from both CPUs on every path; with aesni the SIMD code runs
    on both CPUs at once, and every result must equal cryptosoft's."""
    before = run(shell, "sysctl kern.crypto.queued kern.crypto.cb_queued")
    out = run(shell, "cryptostress 1000 %s %s" % (drv, alg), timeout=300)
    assert re.search(r"cryptostress: %s: (\d+) requests from \d+ CPUs via %s, \1 callbacks, "
                     r"0 wrong" % (re.escape(alg), drv), out), out
    assert "cryptostress: ok" in out
    after = run(shell, "sysctl kern.crypto.queued kern.crypto.cb_queued")
    q0, c0 = map(int, re.findall(r": (\d+)", before))
    q1, c1 = map(int, re.findall(r": (\d+)", after))
    assert q1 > q0 and c1 > c0          # both queued paths were used


def test_busy_driver_requests_are_requeued(image, machine):
    image.conf('autoboot_delay="0"\ndebug.crypto.soft_busy_every="3"\n')
    m = machine(image)
    m.expect(r"# $")
    out = run(m, "cryptostress 300 cryptosoft", timeout=300)
    assert "cryptostress: ok" in out, out
    assert int(re.search(r"kern.crypto.requeued: (\d+)", run(m, "sysctl kern.crypto.requeued"))
               .group(1)) >= 100
