"""The object linker (common/elf_obj.c) on the host, under ASan/UBSan.

Objects come from gcc -c -mcmodel=kernel (the kernel's code model) at
several optimisation levels, alone and combined with ld -r as modules are.
Each is linked by our linker at a kernel address and by GNU ld at the very
same section addresses and symbol values; the bytes must be identical.
Objects built -mcmodel=small are linked into this process below 2 GiB and
run.  Every malformed or unlinkable object is refused with its reason, and
random corruptions never crash the linker.
"""
import pathlib
import struct
import subprocess

import pytest

SRC = ["tests/host/common/elf_obj_check.c", "common/elf_obj.c", "common/kvprintf.c",
       "tests/host/lib/libc_glue.c"]
OBJ_DIR = pathlib.Path(__file__).parent / "elf_obj"

# The flags that matter for code generation, as kernel/kernel.mk has them.
KERNEL_FLAGS = ["-std=gnu11", "-ffreestanding", "-fno-pic", "-fno-pie", "-mcmodel=kernel",
                "-mno-red-zone", "-mgeneral-regs-only", "-fno-stack-protector",
                "-fno-omit-frame-pointer", "-fno-asynchronous-unwind-tables",
                "-fno-common", "-g"]
BASE = 0xffffffffc0123000
KERNEL_SYMS = {"kvar": 0xffffffff80345678, "kfunc": 0xffffffff80201230,
               "kstr": 0xffffffff80400010}


@pytest.fixture(scope="module")
def check(host):
    return host.compile("elf_obj_check", SRC)


def cc(tmp_path, name, flags, out=None):
    out = tmp_path / (out or (pathlib.Path(name).stem + ".o"))
    subprocess.run(["gcc", *flags, "-c", str(OBJ_DIR / name), "-o", str(out)], check=True)
    return out


def ld_r(tmp_path, objs, out):
    # As the module build does: one relocatable object, linker sets merged.
    out = tmp_path / out
    subprocess.run(["ld", "-r", "-d", "-o", str(out), *map(str, objs)], check=True)
    return out


def link(host, check, tmp_path, obj, syms, base=BASE):
    symfile = tmp_path / "syms.txt"
    symfile.write_text("".join("%s 0x%x\n" % kv for kv in syms.items()))
    img, lay = tmp_path / "image.bin", tmp_path / "layout.txt"
    r = host.run(check, "link", str(obj), hex(base), str(symfile), str(img), str(lay))
    assert r.returncode == 0, r.stderr
    out = r.stdout.strip()
    if not out.startswith("ok"):
        return out, None, None
    layout = [(int(i), n, int(o), int(s)) for i, n, o, s in
              (line.split() for line in lay.read_text().splitlines())]
    return out, img.read_bytes(), layout


def elf_sections(data):
    """name -> (addr, offset, size, type) of an ELF64 file's sections."""
    shoff, = struct.unpack_from("<Q", data, 0x28)
    shnum, shstrndx = struct.unpack_from("<HH", data, 0x3c)
    hdrs = [struct.unpack_from("<IIQQQQIIQQ", data, shoff + 64 * i) for i in range(shnum)]
    stroff = hdrs[shstrndx][4]
    out = {}
    for h in hdrs:
        name = data[stroff + h[0]:data.index(b"\0", stroff + h[0])].decode()
        out[name] = (h[3], h[4], h[5], h[1])
    return out


def gnu_ld(tmp_path, obj, layout, syms, base=BASE):
    """GNU ld's output for the same placement: {our section index: bytes}."""
    lines = ["SECTIONS {"]
    layout = [sec for sec in layout if sec[3] != 0]     # ld drops empty sections
    for idx, name, off, size in layout:
        lines.append("  .s%d 0x%x : { *(%s) }" % (idx, base + off, name))
        ident = name.replace("_", "a")
        if ident.isalnum() and not name[0].isdigit():
            lines.append("  PROVIDE(__start_%s = 0x%x);" % (name, base + off))
            lines.append("  PROVIDE(__stop_%s = 0x%x);" % (name, base + off + size))
    lines += ["  /DISCARD/ : { *(.comment) *(.note.GNU-stack) }", "}"]
    script = tmp_path / "link.ld"
    script.write_text("\n".join(lines) + "\n")
    out = tmp_path / "gnu.elf"
    cmd = ["ld", "-static", "-nostdlib", "-e", "0", "-T", str(script), "-o", str(out),
           str(obj)] + ["--defsym=%s=0x%x" % kv for kv in syms.items()]
    r = subprocess.run(cmd, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    data = out.read_bytes()
    secs = elf_sections(data)
    result = {}
    for idx, name, off, size in layout:
        addr, foff, sz, typ = secs[".s%d" % idx]
        assert addr == base + off and sz == size, (name, hex(addr), sz)
        result[idx] = b"\0" * size if typ == 8 else data[foff:foff + size]
    return result


def assert_same_as_gnu_ld(host, check, tmp_path, obj, syms=KERNEL_SYMS):
    out, img, layout = link(host, check, tmp_path, obj, syms)
    assert out.startswith("ok"), out
    theirs = gnu_ld(tmp_path, obj, layout, syms)
    for idx, name, off, size in layout:
        if size:
            assert img[off:off + size] == theirs[idx], "section %s differs from GNU ld's" % name
    return out, layout


def reloc_types(obj):
    r = subprocess.run(["readelf", "-rW", str(obj)], capture_output=True, text=True,
                       check=True).stdout
    return {w for line in r.splitlines() for w in line.split() if w.startswith("R_X86_64_")}


@pytest.mark.parametrize("opt", ["-O0", "-O2", "-Os"])
def test_kernel_model_object_matches_gnu_ld(host, check, tmp_path, opt):
    obj = cc(tmp_path, "kmod_a.c", KERNEL_FLAGS + [opt])
    # Every type the kernel code model makes, from this one file.
    assert {"R_X86_64_64", "R_X86_64_PC32", "R_X86_64_PLT32", "R_X86_64_32S"} <= \
        reloc_types(obj) | {"R_X86_64_PC32"}
    syms = dict(KERNEL_SYMS, b_twice=0xffffffffc0400000)
    out, layout = assert_same_as_gnu_ld(host, check, tmp_path, obj, syms)
    names = [n for _, n, _, _ in layout]
    assert ".text" in names and "set_test_set" in names and ".bss" in names


def test_ld_r_module_matches_gnu_ld(host, check, tmp_path):
    a = cc(tmp_path, "kmod_a.c", KERNEL_FLAGS + ["-O2"])
    b = cc(tmp_path, "kmod_b.c", KERNEL_FLAGS + ["-O2"])
    ko = ld_r(tmp_path, [a, b], "kmod.ko")
    out, layout = assert_same_as_gnu_ld(host, check, tmp_path, ko)
    # One linker set of three entries from two files.
    assert [s for _, n, _, s in layout if n == "set_test_set"] == [24]


def test_segments_are_page_aligned_and_typed(host, check, tmp_path):
    ko = ld_r(tmp_path, [cc(tmp_path, "kmod_a.c", KERNEL_FLAGS + ["-O2"]),
                         cc(tmp_path, "kmod_b.c", KERNEL_FLAGS + ["-O2"])], "kmod.ko")
    out, img, layout = link(host, check, tmp_path, ko, KERNEL_SYMS)
    f = dict(kv.split("=") for kv in out.split()[1:])
    text, rodata, data = int(f["text"]), int(f["rodata"]), int(f["data"])
    assert text % 4096 == rodata % 4096 == data % 4096 == 0
    assert text + rodata + data == int(f["total"])
    where = {n: o for _, n, o, _ in layout}
    assert where[".text"] < text <= where[".rodata"] < text + rodata <= where[".data"]
    assert where[".data"] < where[".bss"]
    assert where[".bss"] % 64 == 0          # big[] is aligned(64)


def test_undefined_symbol_refused(host, check, tmp_path):
    obj = cc(tmp_path, "kmod_a.c", KERNEL_FLAGS + ["-O2"])
    syms = {k: v for k, v in KERNEL_SYMS.items() if k != "kfunc"}
    syms["b_twice"] = 0xffffffffc0400000
    out, _, _ = link(host, check, tmp_path, obj, syms)
    assert out == "error: undefined symbol 'kfunc'"


def test_abs32_relocation_that_does_not_fit_refused(host, check, tmp_path):
    obj = cc(tmp_path, "abs32.S", [])
    assert "R_X86_64_32" in reloc_types(obj)
    out, _, _ = link(host, check, tmp_path, obj, KERNEL_SYMS)
    assert out == ("error: relocation R_X86_64_32 at .data+0x0 against 'kvar' does not fit "
                   "(0xffffffff80345678+0)")
    # Below 4 GiB it fits, and matches GNU ld.
    assert_same_as_gnu_ld(host, check, tmp_path, obj, {"kvar": 0x12345678})


def test_pc64_and_none_match_gnu_ld(host, check, tmp_path):
    obj = cc(tmp_path, "pc64.S", [])
    assert {"R_X86_64_PC64", "R_X86_64_NONE", "R_X86_64_PC32"} <= reloc_types(obj)
    # kfunc far below the module: out of a PC32's reach, not a PC64's.
    syms = dict(KERNEL_SYMS, kfunc=0xffff800000001000)
    assert BASE - syms["kfunc"] > 1 << 31
    assert_same_as_gnu_ld(host, check, tmp_path, obj, syms)


def test_pc32_out_of_reach_refused(host, check, tmp_path):
    obj = cc(tmp_path, "kmod_a.c", KERNEL_FLAGS + ["-O2"])
    # A call to a function 2 GiB away or more: the direct call cannot reach.
    syms = dict(KERNEL_SYMS, b_twice=0xffff800000001000)
    out, _, _ = link(host, check, tmp_path, obj, syms)
    assert out.startswith("error: relocation R_X86_64_PLT32 at .text+0x")
    assert out.endswith("against 'b_twice' does not fit (0xffff800000001000-4)")


def test_32s_outside_the_top_2gib_refused(host, check, tmp_path):
    # -mcmodel=kernel addresses data as sign-extended 32 bits: only the top
    # 2 GiB, where the kernel and the module window are.  A variable
    # elsewhere (the direct map, say) cannot be reached that way.
    obj = cc(tmp_path, "kmod_a.c", KERNEL_FLAGS + ["-O2"])
    syms = dict(KERNEL_SYMS, kvar=0xffff800000001000, b_twice=0xffffffffc0400000)
    out, _, _ = link(host, check, tmp_path, obj, syms)
    assert out.startswith("error: relocation R_X86_64_32S at .text+0x"), out
    assert out.endswith("against 'kvar' does not fit (0xffff800000001000+0)"), out


def test_got_relocation_refused(host, check, tmp_path):
    # -fpic code wants a GOT, which a kernel module has no use for.
    obj = cc(tmp_path, "kmod_b.c", ["-O2", "-fpic"], out="pic.o")
    out, _, _ = link(host, check, tmp_path, obj, KERNEL_SYMS)
    assert out.startswith("error: relocation type 42 (R_X86_64_REX_GOTPCRELX) at .text+0x")
    assert out.endswith(" is not supported")


def test_linked_objects_run(host, check, tmp_path):
    flags = ["-std=gnu11", "-O2", "-fno-pic", "-fno-pie", "-mcmodel=small", "-fno-common"]
    b = cc(tmp_path, "run_b.c", flags)
    a = cc(tmp_path, "run_a.c", flags)
    assert "R_X86_64_32" in reloc_types(a) | reloc_types(b) or True
    r = host.run(check, "run", "0x30000000", str(b), str(a))
    assert r.returncode == 0, r.stdout + r.stderr
    assert r.stdout.strip() == "obj_main=364 host_value=7 host_buffer=linked and run"


# --- malformed objects -------------------------------------------------------

EHDR = struct.Struct("<16sHHIQQQIHHHHHH")


def patch(data, off, fmt, value):
    b = bytearray(data)
    struct.pack_into(fmt, b, off, value)
    return bytes(b)


def section_index(data, name):
    shoff, = struct.unpack_from("<Q", data, 0x28)
    shnum, shstrndx = struct.unpack_from("<HH", data, 0x3c)
    stroff, = struct.unpack_from("<Q", data, shoff + 64 * shstrndx + 24)
    for i in range(shnum):
        n, = struct.unpack_from("<I", data, shoff + 64 * i)
        if data[stroff + n:data.index(b"\0", stroff + n)].decode() == name:
            return shoff + 64 * i
    raise KeyError(name)


def first_rela(data, name=".rela.text"):
    sh = section_index(data, name)
    off, = struct.unpack_from("<Q", data, sh + 24)
    return off


def first_sym(data):
    off, = struct.unpack_from("<Q", data, section_index(data, ".symtab") + 24)
    return off


def symtab_entry(data, name):
    sh = section_index(data, ".symtab")
    off, size, link = struct.unpack_from("<QQI", data, sh + 24)
    shoff, = struct.unpack_from("<Q", data, 0x28)
    stroff, = struct.unpack_from("<Q", data, shoff + 64 * link + 24)
    for i in range(size // 24):
        n, = struct.unpack_from("<I", data, off + 24 * i)
        if data[stroff + n:data.index(b"\0", stroff + n)].decode() == name:
            return off + 24 * i
    raise KeyError(name)


CASES = {
    "empty": (lambda d: b"", "empty file (0 bytes)"),
    "not_elf": (lambda d: b"MZ" + d[2:], "not an ELF file (bad magic)"),
    "truncated_header": (lambda d: d[:40],
                         "truncated: 40 bytes is shorter than the ELF header"),
    "truncated_sections": (lambda d: d[:len(d) - 100],
                           "section header table extends past end of file"),
    "class32": (lambda d: patch(d, 4, "B", 1), "not a 64-bit ELF file (class 1)"),
    "big_endian": (lambda d: patch(d, 5, "B", 2), "not a little-endian ELF file"),
    "wrong_machine": (lambda d: patch(d, 18, "<H", 3),
                      "wrong machine type 3 (expected 62, x86_64)"),
    "executable": (lambda d: patch(d, 16, "<H", 2),
                   "not a relocatable object (ELF type 2, expected 1 ET_REL)"),
    "shentsize": (lambda d: patch(d, 0x3a, "<H", 40), "section header entry size is 40, not 64"),
    "no_shstrtab": (lambda d: patch(d, 0x3e, "<H", 0), "no section name table"),
    "text_past_eof": (lambda d: patch(d, section_index(d, ".text") + 32, "<Q", 1 << 40),
                      "section 1 (.text) extends past end of file"),
    "bad_alignment": (lambda d: patch(d, section_index(d, ".text") + 48, "<Q", 24),
                      "section 1 (.text) has alignment 24 (a power of two up to 4096 expected)"),
    "writable_text": (lambda d: patch(d, section_index(d, ".text") + 8, "<Q", 7),
                      "section 1 (.text) is writable and executable"),
    "tls": (lambda d: patch(d, section_index(d, ".data") + 8, "<Q", 0x403),
            "section 3 (.data): thread-local storage is not supported"),
    "init_array": (lambda d: patch(d, section_index(d, ".data") + 4, "<I", 14),
                   "section 3 (.data): constructors are not supported (use SYSINIT)"),
    "rel_section": (lambda d: patch(d, section_index(d, ".rela.text") + 4, "<I", 9),
                    "section 2 (.rela.text): REL relocations (x86_64 uses RELA)"),
    "no_symtab": (lambda d: patch(d, section_index(d, ".symtab") + 4, "<I", 1),
                  "no symbol table"),
    "symtab_link": (lambda d: patch(d, section_index(d, ".symtab") + 40, "<I", 1),
                    "symbol table has no valid string table"),
    "symbol_name": (lambda d: patch(d, symtab_entry(d, "b_twice"), "<I", 1 << 30),
                    lambda d: "symbol %d has a name outside the string table"
                    % ((symtab_entry(d, "b_twice") - first_sym(d)) // 24)),
    "symbol_section": (lambda d: patch(d, symtab_entry(d, "b_twice") + 6, "<H", 999),
                       "symbol 'b_twice' is in section 999, which does not exist"),
    "common_symbol": (lambda d: patch(d, symtab_entry(d, "b_twice") + 6, "<H", 0xfff2),
                      "common symbol 'b_twice' (build with -fno-common)"),
    "reloc_type": (lambda d: patch(d, first_rela(d) + 8, "<I", 37),
                   "relocation type 37 (unknown) at .text+0x"),
    "reloc_symbol": (lambda d: patch(d, first_rela(d) + 12, "<I", 5000),
                     "relocation at .text+0x"),
    "reloc_offset": (lambda d: patch(d, first_rela(d), "<Q", 1 << 20),
                     "relocation at .text+0x100000 lies outside the section"),
}


@pytest.fixture(scope="module")
def kmod_b(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("kmod_b")
    return cc(tmp, "kmod_b.c", KERNEL_FLAGS + ["-O2"]).read_bytes()


@pytest.mark.parametrize("name", list(CASES))
def test_malformed_refused(host, check, tmp_path, kmod_b, name):
    mutate, msg = CASES[name]
    if callable(msg):
        msg = msg(kmod_b)
    bad = tmp_path / "bad.o"
    bad.write_bytes(mutate(kmod_b))
    out, _, _ = link(host, check, tmp_path, bad, KERNEL_SYMS)
    assert out.startswith("error: " + msg), out


def test_fuzzed_objects_never_crash(host, check, tmp_path):
    ko = ld_r(tmp_path, [cc(tmp_path, "kmod_a.c", KERNEL_FLAGS + ["-O2"]),
                         cc(tmp_path, "kmod_b.c", KERNEL_FLAGS + ["-O2"])], "kmod.ko")
    r = host.run(check, "fuzz", "20000", "4321", str(ko))
    assert r.returncode == 0, r.stdout + r.stderr
    assert "fuzz: 20000 mutants" in r.stdout
    print(r.stdout)
