"""The kernel linker in the booted kernel (issue 17): modules preloaded by
the loader (with their dependencies) and linked before the SYSINITs of
later stages run, loaded and unloaded at run time from the root file
system, every kind of bad module refused with its one-line reason and
nothing of it left behind, dependencies loaded and protected, a busy
module refusing to go, 100 load/use/unload cycles without the kernel's
memory growing, a module's text read-execute and its data no-execute
(the page tables, then a write to its text and a call into its data
stopping the kernel), the loader handing over the kernel's symbols, and
a panic inside a module named in the backtrace.

The test modules are tests/kld/*.c (in the root file system at
/usr/tests/sanpo/kld); example.ko is the shipped one (/boot/kernel).
Four boots: the kernel shell for the run-time tests (ending with the
write to module text), a short one ending with the call into module data,
one on a CPU without NX, and one whose loader preloads modules -- good
ones and ones the loader or the kernel refuses -- (ending with the panic).
"""
import re

import pytest

import kshell
from qemu import BUILD, Image, Machine

KLD = "/usr/tests/sanpo/kld"
ROOTFS = ('rootfs_load="YES"\nrootfs_type="rootfs"\nrootfs_name="/boot/rootfs.cpio"\n')
CONF = ('autoboot_delay="0"\n' + ROOTFS +
        'module_path="/boot/kernel;%s"\n' % KLD)


@pytest.fixture(scope="module")
def m(tmp_path_factory):
    img = Image(tmp_path_factory.mktemp("kld"))
    img.conf(CONF)
    mach = Machine(img, name="kld", timeout=120)
    mach.expect(r"\n# ", timeout=240)
    yield mach
    mach.close()


def run(m, cmd):
    """The command's output, each line ending in a newline ("" for none)."""
    out = kshell.run(m, cmd, timeout=120)
    return out + "\n" if out else ""


def kldstat(m):
    """[(id, refs, name)] of the linked files."""
    out = run(m, "kldstat")
    assert out.startswith("Id Refs Address                Size Name\n"), out
    return [(int(i), int(r), n) for i, r, n in
            re.findall(r"^\s*(\d+)\s+(\d+) 0x[0-9a-f]{16} +[0-9a-f]+ (\S+)$", out, re.M)]


def memory(m):
    """What a module leaves behind if it leaks: its pages, the linker's and
    the module system's allocations, the event handlers.  (Free memory is
    test_hundred_cycles_without_memory_growth's: the first module mapped
    takes page-table pages that stay, as the kernel's tables do.)"""
    out = run(m, "sysctl vm.kld_pages ; vmstat -m")
    inuse = {t: int(n) for t, n in re.findall(r"^\s*(\S+)\s+(\d+)\s+\d+K", out, re.M)}
    return {"kld_pages": int(re.search(r"vm.kld_pages: (\d+)", out).group(1)),
            "linker": inuse["linker"], "module": inuse["module"],
            "eventhandler": inuse["eventhandler"]}


def usermem(m):
    return int(re.search(r"hw.usermem: (\d+)", run(m, "sysctl hw.usermem")).group(1))


def test_kernel_is_file_one(m):
    files = kldstat(m)
    assert files[0][0] == 1 and files[0][2] == "kernel"
    out = run(m, "kldstat -v -i 1")
    assert re.search(r"kernel \(/boot/kernel/kernel\)\n\tContains modules:\n\t\t Id Name\n"
                     r"\t\t\s*\d+ kernel\n", out), out


def test_load_use_unload(m):
    before = memory(m)
    out = run(m, "kldload -v example")
    assert "example: SYSINIT: 4096-byte buffer\nexample: MOD_LOAD\n" in out
    mm = re.search(r"Loaded example, id=(\d+)", out)
    assert mm, out
    assert (int(mm.group(1)), 1, "example.ko") in kldstat(m)
    out = run(m, "kldstat -v -n example.ko")
    assert re.search(r"example.ko \(/boot/kernel/example.ko\)\n\tContains modules:\n"
                     r"\t\t Id Name\n\t\t\s*\d+ example\n", out), out
    assert "example: hello from a module, call 1 [a b] [c]" in run(m, "example 'a b' c")
    out = run(m, "sysctl debug.example")
    assert "debug.example.calls: 1" in out and "debug.example.loaded: 1" in out
    assert re.search(r"^\s+example\s+1\s+\d+K", run(m, "vmstat -m"), re.M)
    assert "example [word ...]" in run(m, "help example")
    out = run(m, "kldunload -v example")
    assert "Unloading example.ko, id=%s\nexample: MOD_UNLOAD\nexample: SYSUNINIT" \
        % mm.group(1) in out
    assert [f for f in kldstat(m) if f[2] == "example.ko"] == []
    assert "unknown oid 'debug.example'" in run(m, "sysctl debug.example")
    assert "command not found" in run(m, "example")
    assert not re.search(r"^\s+example\s", run(m, "vmstat -m"), re.M)
    assert memory(m) == before


BAD = [
    ("kld_truncated", "section header table extends past end of file"),
    ("kld_machine", r"wrong machine type 3 \(expected 62, x86_64\)"),
    ("kld_exec", r"not a relocatable object \(ELF type 2, expected 1 ET_REL\)"),
    ("kld_reloc", r"relocation type 42 \(R_X86_64_REX_GOTPCRELX\) at \.text\+0x[0-9a-f]+ "
                  "is not supported"),
    ("kld_abs32", r"relocation R_X86_64_32 at \.data\+0x0 against 'printf' does not fit "
                  r"\(0xffffffff8[0-9a-f]{7}\+0\)"),
    ("kld_undef", "undefined symbol 'kld_no_such_function'"),
    ("kld_missing", r"needs module kld_nowhere: no kld_nowhere.ko in module_path "
                    r"\(/boot/kernel;/usr/tests/sanpo/kld\)"),
    ("kld_cycle1", "circular dependency: kld_cycle1 -> kld_cycle2 -> kld_cycle1"),
    ("kld_badver", "needs module kld_a version 2 to 3, but version 1 is loaded"),
    ("kld_dup", r"module kld_a is already loaded \(by kld_a.ko\)"),
    ("kld_failload", r"module kld_failload: MOD_LOAD failed \(error 6\)"),
    ("kld_sysctl", "sysctl kern.ostype already exists"),
    ("kld_driverset", "linker set pci_driver_set cannot come from a module"),
    ("/usr/tests/sanpo/kld/nothing.ko", "no such file"),
]


@pytest.mark.parametrize("name,why", BAD, ids=[b[0].split("/")[-1] for b in BAD])
def test_bad_module_refused(m, name, why):
    if name in ("kld_dup", "kld_badver"):       # these are about kld_a
        assert run(m, "kldload kld_a") == ""
    files, before = kldstat(m), memory(m)
    out = run(m, "kldload " + name)
    # One line: the reason, and nothing else printed.
    assert re.fullmatch(r"kldload: %s: %s\n" % (re.escape(name), why), out), out
    assert kldstat(m) == files
    assert memory(m) == before
    # Neither a half-registered sysctl nor a command of a refused file.
    out = run(m, "sysctl debug.kld_failload ; sysctl debug.kld_sysctl ; kldsysctl")
    assert "unknown oid 'debug.kld_failload'" in out, out
    assert "unknown oid 'debug.kld_sysctl'" in out, out
    assert "command not found" in out and "kld_sysctl:" not in out, out
    assert not re.search(r"^\s+kld_failload\s", run(m, "vmstat -m"), re.M)
    if name in ("kld_dup", "kld_badver"):
        assert run(m, "kldunload kld_a") == ""


def test_kernel_fine_after_bad_modules(m):
    out = run(m, "sysctl kern.kld.refused kern.ostype ; malloc_test")
    assert int(re.search(r"kern.kld.refused: (\d+)", out).group(1)) > 0
    assert "kern.ostype: Sanpo" in out
    assert "malloc_test: 512 allocations, 0 corrupted bytes" in out, out
    assert "example: hello" in run(m, "kldload example ; example ; kldunload example")


def test_dependency_loaded_first_and_protected(m):
    before = memory(m)
    # kld_b alone: kld_a comes first from module_path, and goes with it.
    assert run(m, "kldload kld_b") == ""
    names = [f[2] for f in kldstat(m)]
    assert names.index("kld_a.ko") < names.index("kld_b.ko")
    assert [f[1] for f in kldstat(m) if f[2] == "kld_a.ko"] == [2]    # its own + kld_b's
    assert "debug.kld_b.got: 42" in run(m, "sysctl debug.kld_b.got")
    out = run(m, "kldunload kld_a")
    assert out == "kldunload: kld_a.ko: loaded as a dependency, not by name\n", out
    assert run(m, "kldunload kld_b") == ""
    assert not {"kld_a.ko", "kld_b.ko"} & {f[2] for f in kldstat(m)}
    assert memory(m) == before
    # Loaded by name first: it stays after kld_b, and cannot go before it.
    assert run(m, "kldload kld_a ; kldload kld_b") == ""
    out = run(m, "kldunload kld_a")
    assert out == "kldunload: kld_a.ko: needed by kld_b.ko\n", out
    assert run(m, "kldunload kld_b") == ""
    assert "kld_a.ko" in {f[2] for f in kldstat(m)}
    assert run(m, "kldunload kld_a") == ""
    assert memory(m) == before


def test_busy_module_refuses_unload(m):
    assert run(m, "kldload kld_busy ; kldbusy on") == "kld_busy: busy\n"
    out = run(m, "kldunload kld_busy")
    assert out == "kldunload: kld_busy.ko: module kld_busy is busy (MOD_QUIESCE: error 16)\n"
    assert "kld_busy.ko" in {f[2] for f in kldstat(m)}
    assert run(m, "kldbusy off ; kldunload kld_busy") == "kld_busy: idle\n"
    assert "kld_busy.ko" not in {f[2] for f in kldstat(m)}
    # -f: unloaded even though busy.
    assert run(m, "kldload kld_busy ; kldbusy on ; kldunload -f kld_busy") == "kld_busy: busy\n"
    assert "kld_busy.ko" not in {f[2] for f in kldstat(m)}
    # Its own command running: refused even with -f (the code would go from
    # under the command), and it goes once the command has returned.
    assert run(m, "kldload kld_busy") == ""
    fid = [f[0] for f in kldstat(m) if f[2] == "kld_busy.ko"][0]
    out = run(m, "kldbusy unload %d" % fid)
    assert out == ("kldunload: kld_busy.ko: one of its commands is running\n"
                   "kld_busy: kldunload %d: error 16\n"
                   "kldunload: kld_busy.ko: one of its commands is running\n"
                   "kld_busy: kldunload -f %d: error 16\n" % (fid, fid)), out
    assert run(m, "kldunload kld_busy") == ""
    assert "kld_busy.ko" not in {f[2] for f in kldstat(m)}


def test_hundred_cycles_without_memory_growth(m):
    cycle = "kldload example ; example ; kldunload example ; "
    run(m, cycle)                       # the first cycle's one-time costs
    before, free = memory(m), usermem(m)
    calls = 0
    for _ in range(4):
        out = run(m, cycle * 25)
        calls += out.count("example: hello from a module, call 1")
        assert out.count("example: SYSUNINIT") == 25, out
    assert calls == 100
    assert memory(m) == before
    # Free memory: what it was, but for a few pages of noise (zone slabs),
    # far below one module's 3 pages a cycle.
    assert free - usermem(m) < 8 * 4096, (free, usermem(m))
    stats = run(m, "sysctl kern.kld")
    assert int(re.search(r"kern.kld.loads: (\d+)", stats).group(1)) >= 101


def test_module_interrupt_handler_goes_with_it(m):
    # selftest.ko's irqtest registers the RTC's IRQ 8 to a handler in the
    # module: unloading it frees the vector, loading it again works.
    assert re.search(r"irqtest: IRQ 8 \(RTC\) on vector \d+: [1-9]\d* interrupts",
                     run(m, "irqtest")), "no interrupts"
    assert re.search(r"^irq8: rtc\s+[1-9]", run(m, "vmstat -i"), re.M)
    assert run(m, "kldunload selftest") == ""
    assert "rtc" not in run(m, "vmstat -i")
    assert "command not found" in run(m, "irqtest")
    out = run(m, "kldload selftest ; irqtest ; vmstat -i")
    assert re.search(r"irqtest: IRQ 8 \(RTC\) on vector \d+: [1-9]\d* interrupts", out), out
    assert re.search(r"^irq8: rtc\s+[1-9]", out, re.M), out


def test_module_pages_are_w_xor_x(m):
    # The page-table entries the CPU uses for one address in each segment.
    out = run(m, "kldload kld_wx ; kldwx ; kldunload kld_wx")
    assert out == "kld_wx: text r-x rodata r-- data rw- bss rw-\n", out


def test_write_to_module_text_faults(m):
    """Last of this boot: the kernel stops at the write (CR0.WP makes a
    read-only page read-only for the kernel too), in the module's code."""
    assert run(m, "kldload kld_wx") == ""
    m.line("kldwx write-text")
    m.expect(r"cpu halted", timeout=60)
    out = m.output[m.output.rindex("kldwx write-text"):]
    va = re.search(r"kld_wx: writing to text at (0x[0-9a-f]+)", out).group(1)
    assert "Fatal trap 14: page fault while in kernel mode" in out, out
    assert "fault virtual address = 0x%016x" % int(va, 16) in out, out
    assert "fault code            = supervisor write data, protection violation" in out
    assert "the write to text succeeded" not in out
    frames = re.findall(r"#\d+ 0x[0-9a-f]{16} at (\w+)\+0x[0-9a-f]+(?: \((\S+)\))?", out)
    assert ("kld_wx_write_text", "kld_wx.ko") in frames, out


@pytest.fixture(scope="module")
def wx(tmp_path_factory):
    img = Image(tmp_path_factory.mktemp("kldwx"))
    img.conf(CONF)
    mach = Machine(img, name="kldwx", timeout=120)
    mach.expect(r"\n# ", timeout=240)
    yield mach
    mach.close()


def test_call_into_module_data_faults(wx):
    """A boot of its own, which it ends: the data pages are no-execute."""
    assert run(wx, "kldload kld_wx") == ""
    wx.line("kldwx exec-data")
    wx.expect(r"cpu halted", timeout=60)
    out = wx.output[wx.output.rindex("kldwx exec-data"):]
    va = int(re.search(r"kld_wx: calling data at (0x[0-9a-f]+)", out).group(1), 16)
    assert "Fatal trap 14: page fault while in kernel mode" in out, out
    assert "fault virtual address = 0x%016x" % va in out, out
    assert "fault code            = supervisor instruction fetch, protection violation" \
        in out, out
    assert re.search(r"^rip 0x%016x " % va, out, re.M), out
    assert "the call into data returned" not in out
    frames = re.findall(r"#\d+ 0x[0-9a-f]{16} at (\w+)\+0x[0-9a-f]+(?: \((\S+)\))?", out)
    assert ("cmd_kldwx", "kld_wx.ko") in frames, out


def test_modules_on_a_cpu_without_nx(tmp_path):
    """Without NX (EFER.NXE cannot be set, bit 63 of an entry is reserved)
    modules load, run and unload: data is executable, as all the hardware
    can do, and nothing faults on a reserved bit."""
    img = Image(tmp_path)
    img.conf(CONF)
    mach = Machine(img, name="kldnonx", timeout=120, cpu="max,nx=off")
    try:
        mach.expect(r"\n# ", timeout=240)
        assert run(mach, "kldload kld_wx ; kldwx ; kldunload kld_wx") == \
            "kld_wx: text r-x rodata r-x data rwx bss rwx\n"
        assert "example: hello" in run(mach, "kldload example ; example ; kldunload example")
        assert "kld_wx.ko" not in {f[2] for f in kldstat(mach)}
    finally:
        mach.close()


# --- preloaded by the loader ----------------------------------------------------


@pytest.fixture(scope="module")
def pre(tmp_path_factory):
    img = Image(tmp_path_factory.mktemp("kldpre"))
    for name in ("kld_a", "kld_b", "kld_truncated", "kld_panic", "kld_failload",
                 "kld_cycle1", "kld_cycle2", "kld_badver", "kld_missing", "kld_dup"):
        img.put("/boot/modules/%s.ko" % name, (BUILD / ("tests/kld/%s.ko" % name)).read_bytes())
    img.conf('autoboot_delay="0"\n' + ROOTFS +
             'kld_b_load="YES"\nexample_load="YES"\nkld_panic_load="YES"\n'
             'kld_failload_load="YES"\nkld_cycle1_load="YES"\nkld_badver_load="YES"\n'
             'kld_missing_load="YES"\nkld_dup_load="YES"\n'
             'bad_load="YES"\nbad_name="kld_truncated"\n')
    mach = Machine(img, name="kldpre", timeout=120)
    mach.expect(r"\n# ", timeout=240)
    yield mach
    mach.close()


def test_loader_loads_dependencies_first(pre):
    loads = re.findall(r"^(/boot/\S+\.ko) size=0x[0-9a-f]+", pre.output, re.M)
    assert loads.index("/boot/modules/kld_a.ko") < loads.index("/boot/modules/kld_b.ko")
    assert "/boot/kernel/example.ko" in loads


def test_loader_passes_kernel_symbols(pre):
    # FreeBSD's loader line: the symbol and string tables' sizes, now handed
    # to the kernel (its linker resolves modules against them).
    mm = re.search(r"^/boot/kernel/kernel text=0x[0-9a-f]+ data=0x[0-9a-f]+\+0x[0-9a-f]+ "
                   r"syms=\[0x([0-9a-f]+)\+0x([0-9a-f]+)\]", pre.output, re.M)
    assert mm, pre.output
    assert int(mm.group(1), 16) > 0 and int(mm.group(2), 16) > 0
    assert int(mm.group(1), 16) % 24 == 0                  # whole Elf64_Syms


def test_loader_refuses_bad_module(pre):
    assert "load: /boot/modules/kld_truncated.ko: section header table extends past " \
        "end of file" in pre.output
    assert "/boot/modules/kld_truncated.ko size=" not in pre.output


def test_loader_refuses_circular_dependency(pre):
    # Named as the kernel names it, once -- not nested until the depth limit.
    boot = pre.output[:pre.output.index("\n# ")].replace("\r", "")
    assert "load: /boot/modules/kld_cycle2.ko: circular dependency: kld_cycle1 -> " \
        "kld_cycle2 -> kld_cycle1\nload: /boot/modules/kld_cycle1.ko: needs module " \
        "kld_cycle2, which could not be loaded\n" in boot, boot
    # Those two lines and the loader.conf processing's own, nothing more.
    assert [line for line in boot.splitlines() if "kld_cycle" in line][2:] == \
        ["Failed to load module 'kld_cycle1' (kld_cycle1)"], boot
    assert "kld_cycle1.ko size=" not in boot and "kld_cycle2.ko size=" not in boot


def test_preloaded_refused_by_kernel(pre):
    # The loader keeps them (their dependency is loaded, or no file has it);
    # the kernel, linking the preload, knows versions and its own modules.
    boot = pre.output[:pre.output.index("\n# ")].replace("\r", "")
    assert "kldload: /boot/modules/kld_badver.ko: needs module kld_a version 2 to 3, " \
        "but version 1 is loaded\n" in boot, boot
    assert "kldload: /boot/modules/kld_missing.ko: needs module kld_nowhere, which is " \
        "not loaded\n" in boot, boot
    assert "kldload: /boot/modules/kld_dup.ko: module kld_a is already loaded " \
        "(by kld_a.ko)\n" in boot, boot
    assert not {"kld_badver.ko", "kld_missing.ko", "kld_dup.ko"} & \
        {f[2] for f in kldstat(pre)}


def test_preloaded_linked_before_later_sysinits(pre):
    # example's SYSINIT (SI_SUB_DRIVERS) ran during start-up, before the shell.
    boot = pre.output[:pre.output.index("\n# ")].replace("\r", "")
    assert "example: SYSINIT: 4096-byte buffer\nexample: MOD_LOAD" in boot
    files = {f[2]: f for f in kldstat(pre)}
    assert {"kld_a.ko", "kld_b.ko", "example.ko", "kld_panic.ko"} <= set(files)
    assert "debug.kld_b.got: 42" in run(pre, "sysctl debug.kld_b.got")
    out = run(pre, "kldstat -v -n kld_b")
    assert "kld_b.ko (/boot/modules/kld_b.ko)" in out
    assert re.search(r"\t\t\s*\d+ kld_b\n", out)


def test_preloaded_failed_mod_load_unloaded(pre):
    """A preloaded module whose MOD_LOAD fails goes again once start-up's
    SYSINITs have run: its SYSUNINIT undoes its SYSINIT, nothing stays."""
    boot = pre.output[:pre.output.index("\n# ")].replace("\r", "")
    assert re.search(r"module_register_init: MOD_LOAD \(kld_failload, 0x[0-9a-f]+\) error 6\n",
                     boot), boot
    assert "kldload: /boot/modules/kld_failload.ko: module kld_failload: MOD_LOAD failed " \
        "(error 6)\n" in boot, boot
    assert "kld_failload.ko" not in {f[2] for f in kldstat(pre)}
    out = run(pre, "sysctl debug.kld_failload ; vmstat -m")
    assert "unknown oid 'debug.kld_failload'" in out, out
    assert not re.search(r"^\s+kld_failload\s", out, re.M), out
    assert "kld_failload" not in kshell.run_settled(pre, "sysinit")
    assert int(re.search(r"kern.kld.refused: (\d+)",
                         run(pre, "sysctl kern.kld.refused")).group(1)) == 4


def test_preloaded_unload_and_reload(pre):
    assert "example_init" in kshell.run_settled(pre, "sysinit")
    out = run(pre, "kldunload example")
    assert "example: MOD_UNLOAD\nexample: SYSUNINIT" in out
    # Gone from the start-up list `sysinit` shows (its header holds "# ").
    assert "example_init" not in kshell.run_settled(pre, "sysinit")
    assert "example: MOD_LOAD" in run(pre, "kldload example")
    assert "example: hello" in run(pre, "example")


def test_panic_in_module_backtrace(pre):
    pre.line("kldpanic boom")
    pre.expect(r"cpu halted", timeout=60)
    out = pre.output[pre.output.rindex("kldpanic boom"):]
    assert "panic: kld_panic: boom" in out
    frames = re.findall(r"#\d+ 0x[0-9a-f]{16} at ([\w]+)(?:\.[\w.]+)?\+0x[0-9a-f]+(?: \((\S+)\))?", out)
    assert ("kld_panic_deep", "kld_panic.ko") in frames, out
    assert ("kld_panic_middle", "kld_panic.ko") in frames, out
    assert ("cmd_kldpanic", "kld_panic.ko") in frames, out
    assert ("shell_run", "") in frames, out
