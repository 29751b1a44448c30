"""Rules of the kernel's sources (kernel/, net/, crypto/, common/, include/)
and of the tests (tests/) that the compiler's warnings cannot see; the kernel build itself runs with
-Wmissing-prototypes -Wmissing-declarations -Wnested-externs
-Wredundant-decls (kernel/kernel.mk).

- A symbol used across files is declared once, in its header: no `extern`
  in a .c file (a declaration there would be a second, unchecked copy).
- No weak symbols: a hook is a plain call to a function that exists, not a
  weak reference that may silently be NULL.
- Each header is spelled one way, never relative to the including file:
  the kernel's own headers (under kernel/ and include/) in angle brackets
  from their include root (<sys/proc.h>, <dev/pci/pcivar.h>,
  <machine/pmap.h>, <sanpo/bootinfo.h>), everything else in quotes from
  the tree top ("net/mbuf.h", "crypto/aes.h", "common/kvprintf_internal.h").
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


def test_no_extern_in_c_files(sources):
    bad = ["%s:%d: %s" % (f, text[:m.start()].count("\n") + 1, m.group(0).strip())
           for f, text in sources.items() if f.endswith(".c")
           for m in re.finditer(r"^.*\bextern\b.*$", strip_comments_and_strings(text), re.M)]
    assert not bad, "declare these in a header:\n" + "\n".join(bad)


def test_no_weak_symbols(sources):
    bad = ["%s:%d" % (f, text[:m.start()].count("\n") + 1)
           for f, text in sources.items()
           for m in re.finditer(r"__attribute__\s*\(\(\s*weak|\b__weak\b|#\s*pragma\s+weak|\.weak\b",
                                strip_comments_and_strings(text))]
    assert not bad, "weak symbols:\n" + "\n".join(bad)


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
