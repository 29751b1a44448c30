"""tools/bench_datapath.py's reading of the Linux guest's /proc/crypto: the
driver it names for an ESP case is the one Linux's crypto API hands out
for the SA's algorithm (the IV generator's instance, the highest priority,
never an internal algorithm), so that the table cannot claim AES-NI for a
Linux that fell back to C, nor the reverse."""
import pathlib
import subprocess
import sys

TOP = pathlib.Path(__file__).resolve().parents[3]
sys.path.insert(0, str(TOP / "tools"))
sys.path.insert(0, str(TOP / "tests" / "lib"))

import bench_datapath  # noqa: E402


def block(name, driver, module, priority, internal="no"):
    return ("name         : %s\ndriver       : %s\nmodule       : %s\n"
            "priority     : %d\nrefcnt       : 1\nselftest     : passed\n"
            "internal     : %s\ntype         : aead\n\n" % (name, driver, module,
                                                           priority, internal))


# What `grep -F -A6 'rfc4106(gcm(aes))' /proc/crypto` shows once an SA exists:
# aesni-intel's inner algorithm, its SIMD wrapper, the generic template
# instance and esp4's seqiv instance over the wrapper, in no useful order.
INTERNAL = block("rfc4106(gcm(aes))", "__rfc4106-gcm-aesni", "aesni_intel", 400, "yes")
GENERIC = block("rfc4106(gcm(aes))", "rfc4106(gcm_base(ctr(aes-generic),ghash-generic))",
                "kernel", 100)
SEQIV = block("seqiv(rfc4106(gcm(aes)))", "seqiv(rfc4106-gcm-aesni)", "seqiv", 400)
WRAPPER = block("rfc4106(gcm(aes))", "rfc4106-gcm-aesni", "aesni_intel", 400)


def grepped(*blocks):
    """As the guest's grep -A6 and its serial console give them."""
    return ("--\n".join(blocks) + "\n").replace("\n", "\r\n")


GCM = grepped(INTERNAL, GENERIC, SEQIV, WRAPPER)


def test_picks_the_ivgen_instance_over_the_aesni_wrapper():
    assert (bench_datapath.proc_crypto_driver(GCM, "rfc4106(gcm(aes))")
            == "seqiv(rfc4106-gcm-aesni) [seqiv]")


def test_highest_priority_wins_and_internal_is_never_named():
    no_ivgen = grepped(INTERNAL, GENERIC, WRAPPER)
    assert (bench_datapath.proc_crypto_driver(no_ivgen, "rfc4106(gcm(aes))")
            == "rfc4106-gcm-aesni [aesni_intel]")
    generic_only = grepped(INTERNAL, GENERIC)
    assert (bench_datapath.proc_crypto_driver(generic_only, "rfc4106(gcm(aes))")
            == "rfc4106(gcm_base(ctr(aes-generic),ghash-generic)) [kernel]")


def test_absent_algorithm_is_said():
    assert (bench_datapath.proc_crypto_driver("", "authenc(hmac(sha256),cbc(aes))")
            == "authenc(hmac(sha256),cbc(aes)) not in /proc/crypto")


def test_this_hosts_proc_crypto_through_grep():
    """The same grep the bench runs in the guest, on this host's kernel:
    whatever serves cbc(aes) here, it is named with its module."""
    out = subprocess.run(["grep", "-F", "-A6", "cbc(aes)", "/proc/crypto"],
                         capture_output=True, text=True).stdout
    got = bench_datapath.proc_crypto_driver(out, "cbc(aes)")
    assert got.endswith("]") and "not in /proc/crypto" not in got, got
