"""Rules of the kernel's sources (kernel/, net/, crypto/, common/, include/)
that the compiler's warnings cannot see; the kernel build itself runs with
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
"""
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
