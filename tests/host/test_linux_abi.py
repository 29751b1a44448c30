"""The Linux ABI tables in the kernel source, checked against Linux's own
headers on this host: system-call numbers (kernel/kern/syscalls.master vs
<asm/unistd_64.h>) and the errno translation (kernel/kern/linux_errno.c,
keyed by the FreeBSD names of kernel/sys/errno.h, vs <asm-generic/errno*.h>).
"""
import pathlib
import re

TOP = pathlib.Path(__file__).resolve().parents[2]
UNISTD = pathlib.Path("/usr/include/x86_64-linux-gnu/asm/unistd_64.h")
# Sanpo's own system calls are numbered from here (tools/makesyscalls.py).
SANPO_BASE = int(re.search(r"^SANPO_BASE\s*=\s*(\d+)", (TOP / "tools/makesyscalls.py").read_text(),
                           re.M).group(1))
LINUX_ERRNO = [pathlib.Path("/usr/include/asm-generic/errno-base.h"),
               pathlib.Path("/usr/include/asm-generic/errno.h")]

# FreeBSD errors Linux lacks, and the Linux error the table gives instead.
SUBSTITUTES = {
    "EPROCLIM": "EAGAIN", "EBADRPC": "EINVAL", "ERPCMISMATCH": "EINVAL",
    "EPROGUNAVAIL": "EINVAL", "EPROGMISMATCH": "EINVAL", "EPROCUNAVAIL": "EINVAL",
    "EFTYPE": "ENOEXEC", "EAUTH": "EACCES", "ENEEDAUTH": "EACCES",
    "ENOATTR": "ENODATA", "EDOOFUS": "EINVAL", "ENOTCAPABLE": "EPERM",
    "ECAPMODE": "EPERM", "EINTEGRITY": "EIO",
}


def defines(paths, prefix):
    vals = {}
    for p in paths:
        for m in re.finditer(r"#define\s+(%s\w+)\s+(\w+)" % prefix, p.read_text()):
            vals[m.group(1)] = m.group(2)
    # resolve aliases (EWOULDBLOCK -> EAGAIN)
    out = {}
    for k, v in vals.items():
        while not v.lstrip("-").isdigit() and v in vals:
            v = vals[v]
        if v.lstrip("-").isdigit():
            out[k] = int(v)
    return out


def test_syscall_numbers_match_linux():
    linux = {}
    for m in re.finditer(r"#define __NR_(\w+) (\d+)", UNISTD.read_text()):
        linux[m.group(1)] = int(m.group(2))
    master = (TOP / "kernel/kern/syscalls.master").read_text()
    rows = re.findall(r"^(\d+)\s+(\w+)\s*\{", master, re.M)
    assert len(rows) > 100
    for num, name in rows:
        if int(num) >= SANPO_BASE:
            # Sanpo's own (kld...): no Linux call of that name or number.
            assert name not in linux and int(num) not in linux.values(), name
            continue
        assert linux.get(name) == int(num), "%s is %s in syscalls.master, %s on Linux" % (
            name, num, linux.get(name))


def test_errno_translation_matches_linux():
    bsd = defines([TOP / "kernel/sys/errno.h"], "E")
    linux = defines(LINUX_ERRNO, "E")
    src = (TOP / "kernel/kern/linux_errno.c").read_text()
    table = {m.group(1): int(m.group(2))
             for m in re.finditer(r"\[(E\w+)\]\s*=\s*(\d+)", src)}
    positive = {k for k, v in bsd.items() if 0 < v and k not in ("ELAST", "EWOULDBLOCK", "ENOTSUP")}
    assert positive - set(table) == set(), "errors without a Linux number"
    for name in positive:
        want = linux[SUBSTITUTES.get(name, name)]
        assert table[name] == want, "%s -> %d, Linux %s is %d" % (
            name, table[name], SUBSTITUTES.get(name, name), want)
