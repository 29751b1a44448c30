"""Source lists read from the tree's make fragments (common/files.mk,
net/files.mk...), so that host tests build what the loader and kernel build
and never keep a copy of a list.

Understands what the fragments use: `VAR := words`, `VAR += words`, lines
continued with a backslash, `#` comments and `$(OTHER)` references to
variables of the same file.
"""
import pathlib
import re

TOP = pathlib.Path(__file__).resolve().parents[2]


def variables(path):
    """Every variable of the fragment at path (relative to the tree top),
    as a dict of name -> list of words."""
    text = (TOP / path).read_text()
    text = re.sub(r"\\\n", " ", text)
    out = {}
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        m = re.match(r"([A-Za-z_][A-Za-z0-9_]*)\s*(:=|\+=|=)\s*(.*)$", line)
        if not m:
            continue
        name, op, value = m.groups()
        value = re.sub(r"\$\((\w+)\)", lambda r: " ".join(out.get(r.group(1), [])), value)
        words = value.split()
        out[name] = out.get(name, []) + words if op == "+=" else words
    return out


def sources(path, *names):
    """The words of the named variables of one fragment, in order."""
    v = variables(path)
    missing = [n for n in names if n not in v]
    if missing:
        raise KeyError("%s: no %s" % (path, ", ".join(missing)))
    return [w for n in names for w in v[n]]
