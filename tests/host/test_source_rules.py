"""Rules of the kernel's sources (kernel/, net/, crypto/, common/, include/)
and of the tests (tests/) that the compiler's warnings cannot see; the kernel build itself runs with
-Wmissing-prototypes -Wmissing-declarations -Wnested-externs
-Wredundant-decls (kernel/kernel.mk).

- A symbol used across files is declared once, in its header: no `extern`
  in a .c file (a declaration there would be a second, unchecked copy).
  This and the next three hold for the loader (loader/, efi/) and fs/ too.
- No weak symbols: a hook is a plain call to a function that exists, not a
  weak reference that may silently be NULL.  (The loader's libc alone has
  weak memcpy/memset, since gnu-efi's libefi.a defines them as well.)
- The page-table bits are defined once, in <machine/pte.h> (PG_*): the
  kernel and the loader's page tables both take them from there.
- Boot flags are tested by name (RB_SINGLE, sanpo/boothowto.h), never as
  a number (`boothowto & 0x2`).
- Layers stay apart: only the console layer (kern_cons.c) calls the UART
  driver (uart_*), everything else uses cnputc/cngetc/cnreadline
  (<sys/cons.h>); only the virtio PCI transport calls vtpci_*, drivers go
  through <dev/virtio/virtio.h>.
- Each header is spelled one way, never relative to the including file:
  the kernel's own headers (under kernel/ and include/) in angle brackets
  from their include root (<sys/proc.h>, <dev/pci/pcivar.h>,
  <machine/pmap.h>, <sanpo/bootinfo.h>), everything else in quotes from
  the tree top ("net/mbuf.h", "crypto/aes.h", "common/kvprintf_internal.h").
  The loader (loader/ but its libc, efi/) and fs/ spell their own headers
  from the tree top too ("loader/loader.h", "efi/efi_private.h").
- Tests never assert a time or a rate (PREAMBLE: speed is shown by the
  make bench-* targets only).  A fuzzer runs a fixed number of inputs
  (-runs through hostbuild.run_fuzzer), never for a time (-max_total_time);
  an assert may not read the wall clock or test a value named as a time or
  rate unless it is a bound that no load can break (a countdown waits at
  least its delay, a clock ticks no faster than hz) and says so with a
  comment containing "load-proof:" on its first line.
"""
import ast
import os
import re
import subprocess

import pytest

# The kernel's -I order (kernel/kernel.mk), then the tree top.
ROOTS = ["kernel/include", "include", "kernel", "kernel/arch/x86_64/include", "."]
BRACKET_ROOTS = ["kernel/arch/x86_64/include/", "kernel/include/", "include/", "kernel/"]
INCLUDE = re.compile(r'^[ \t]*#[ \t]*include[ \t]*([<"])([^>"]+)[>"]', re.M)


def tracked(top, *dirs):
    out = subprocess.run(["git", "ls-files", *dirs], cwd=top, capture_output=True,
                         text=True, check=True).stdout.split()
    return [f for f in out if f.endswith((".c", ".h", ".S"))]


def strip_comments_and_strings(text):
    """C text with comments, strings and character literals blanked."""
    return re.sub(r'/\*.*?\*/|//[^\n]*|"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])*\'',
                  lambda m: re.sub(r"[^\n]", " ", m.group(0)), text, flags=re.S)


@pytest.fixture(scope="module")
def sources(host):
    files = tracked(host.top, "kernel", "net", "crypto", "common", "include")
    assert len(files) > 100, files
    return {f: (host.top / f).read_text() for f in files}


@pytest.fixture(scope="module")
def all_sources(host, sources):
    """The kernel's sources, the loader's (loader/, efi/) and fs/."""
    more = tracked(host.top, "loader", "efi", "fs")
    assert len(more) > 50, more
    return dict(sources, **{f: (host.top / f).read_text() for f in more})


def matches(files, pattern, flags=0):
    """file:line: text of each match of pattern outside comments and strings."""
    out = []
    for f, text in files.items():
        code = strip_comments_and_strings(text)
        for m in re.finditer(pattern, code, flags):
            out.append("%s:%d: %s" % (f, code[:m.start()].count("\n") + 1,
                                      text.splitlines()[code[:m.start()].count("\n")].strip()))
    return out


def test_no_extern_in_c_files(all_sources):
    bad = matches({f: t for f, t in all_sources.items() if f.endswith(".c")},
                  r"^.*\bextern\b.*$", re.M)
    assert not bad, "declare these in a header:\n" + "\n".join(bad)


# gnu-efi's libefi.a defines memcpy and memset too (libc_internal.h says so).
WEAK_ALLOWED = {"loader/libc/libc_internal.h"}


def test_no_weak_symbols(all_sources):
    bad = matches({f: t for f, t in all_sources.items() if f not in WEAK_ALLOWED},
                  r"__attribute__\s*\(\(\s*weak|\b__weak\b|#\s*pragma\s+weak|\.weak\b")
    assert not bad, "weak symbols:\n" + "\n".join(bad)


PTE_H = "kernel/arch/x86_64/include/machine/pte.h"


def test_page_table_bits_defined_once(all_sources):
    assert PTE_H in all_sources
    bad = matches({f: t for f, t in all_sources.items() if f != PTE_H},
                  r"^[ \t]*#[ \t]*define[ \t]+(PG|PTE)_\w+", re.M)
    assert not bad, "page-table bits belong in %s:\n%s" % (PTE_H, "\n".join(bad))


def test_boot_flags_by_name(all_sources):
    bad = matches(all_sources, r"\b\w*howto\s*&\s*(0[xX][0-9a-fA-F]+|[0-9]+)\b")
    assert not bad, "test boot flags by name (RB_*, sanpo/boothowto.h):\n" + "\n".join(bad)


def resolve(top, including, quote, name):
    """The tracked file an include names, as the kernel's compiler finds it
    (None for a compiler or system header), and whether it was found
    relative to the including file only."""
    if quote == '"':
        local = os.path.normpath(os.path.join(os.path.dirname(including), name))
        if (top / local).is_file():
            rooted = [os.path.normpath(os.path.join(r, name)) for r in ROOTS
                      if (top / r / name).is_file()]
            return local, not rooted or rooted[0] != local
    for r in ROOTS:
        if (top / r / name).is_file():
            return os.path.normpath(os.path.join(r, name)), False
    return None, False


def canonical(path):
    for r in BRACKET_ROOTS:
        if path.startswith(r):
            return "<%s>" % path[len(r):]
    return '"%s"' % path


def test_includes_spelled_one_way(host, sources):
    bad = []
    for f, text in sources.items():
        for m in INCLUDE.finditer(text):
            quote, name = m.groups()
            path, relative = resolve(host.top, f, quote, name)
            if path is None:
                continue
            spelled = quote + name + (">" if quote == "<" else '"')
            line = text[:m.start()].count("\n") + 1
            if relative:
                bad.append("%s:%d: %s is relative to the file; write %s" %
                           (f, line, spelled, canonical(path)))
            elif spelled != canonical(path):
                bad.append("%s:%d: %s; write %s" % (f, line, spelled, canonical(path)))
    assert not bad, "\n".join(bad)


def test_loader_and_fs_includes_from_tree_top(host, all_sources):
    bad = []
    for f, text in all_sources.items():
        if not f.startswith(("loader/", "efi/", "fs/")) or f.startswith("loader/libc/"):
            continue
        for m in INCLUDE.finditer(text):
            quote, name = m.groups()
            local = os.path.normpath(os.path.join(os.path.dirname(f), name))
            if quote == '"' and not (host.top / name).is_file() and \
                    (host.top / local).is_file():
                bad.append('%s:%d: "%s" is relative to the file; write "%s"' %
                           (f, text[:m.start()].count("\n") + 1, name, local))
    assert not bad, "\n".join(bad)


# (what is called, the only files that may call it)
LAYERS = [(r"\buart_\w+\s*\(", ("kernel/dev/uart/", "kernel/kern/kern_cons.c")),
          (r"\bvtpci_\w+\s*\(", ("kernel/dev/virtio/pci/",))]


@pytest.mark.parametrize("pattern,owners", LAYERS, ids=["uart", "vtpci"])
def test_layers_called_through_their_interface(all_sources, pattern, owners):
    bad = matches({f: t for f, t in all_sources.items() if not f.startswith(owners)}, pattern)
    assert not bad, "call it through its layer's interface:\n" + "\n".join(bad)


# Readings of the host's clock, and names that say "a time or a rate".
CLOCK_CALLS = {"time", "monotonic", "perf_counter", "process_time", "time_ns",
               "monotonic_ns", "perf_counter_ns"}
TIME_NAME = re.compile(r"(^|_)(ms|us|ns|msec|usec|seconds|elapsed|duration|took|rate|"
                       r"per_s|pps|[kmg]bps|throughput)$", re.I)


def python_test_files(top):
    out = subprocess.run(["git", "ls-files", "tests"], cwd=top, capture_output=True,
                         text=True, check=True).stdout.split()
    return [f for f in out if f.endswith(".py")]


def clock_reading(node):
    return (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and node.func.attr in CLOCK_CALLS and isinstance(node.func.value, ast.Name)
            and node.func.value.id == "time")


def names_in(node):
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}


def timing_asserts(tree):
    """(line, why) of each assert that reads the clock, directly or through
    a name assigned from a clock reading in the same function or module, or
    that tests a name spelled as a time or a rate."""
    found = []
    scopes = [tree] + [n for n in ast.walk(tree)
                       if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]
    for scope in scopes:
        body = [n for n in ast.walk(scope)]
        tainted = set()
        for _ in range(3):          # names assigned from names assigned from the clock
            for n in body:
                if isinstance(n, ast.Assign):
                    pairs = []
                    for t in n.targets:
                        if isinstance(t, ast.Tuple) and isinstance(n.value, ast.Tuple) and \
                                len(t.elts) == len(n.value.elts):
                            pairs += list(zip(t.elts, n.value.elts))
                        else:
                            pairs.append((t, n.value))
                    for t, v in pairs:
                        # a plain name; a subscript's key is not followed
                        clocked = any(clock_reading(x) for x in ast.walk(v))
                        if isinstance(t, ast.Name) and (clocked or names_in(v) & tainted):
                            tainted.add(t.id)
        for n in body:
            if not isinstance(n, ast.Assert):
                continue
            if any(clock_reading(x) for x in ast.walk(n.test)):
                found.append((n.lineno, "reads the clock"))
            elif names_in(n.test) & tainted:
                found.append((n.lineno, "uses %s, read from the clock" %
                              ", ".join(sorted(names_in(n.test) & tainted))))
            elif any(TIME_NAME.search(x) for x in names_in(n.test)):
                found.append((n.lineno, "tests %s" % ", ".join(
                    sorted(x for x in names_in(n.test) if TIME_NAME.search(x)))))
    return sorted(set(found))


def test_tests_assert_no_timings(host):
    bad = []
    for f in python_test_files(host.top):
        if f == "tests/host/test_source_rules.py":
            continue
        text = (host.top / f).read_text()
        lines = text.splitlines()
        for i, ln in enumerate(lines, 1):
            if "-max_total_time" in ln:
                bad.append("%s:%d: a fuzzer run for a time; give it -runs (run_fuzzer)" % (f, i))
        for line, why in timing_asserts(ast.parse(text, f)):
            if "load-proof:" not in lines[line - 1]:
                bad.append("%s:%d: assert %s: %s" % (f, line, why, lines[line - 1].strip()))
    assert not bad, "timing assertions in tests (a figure belongs in make bench-*):\n" + \
        "\n".join(bad)
