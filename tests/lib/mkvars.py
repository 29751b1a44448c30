"""Reads a source list from a component's files.mk, so that host tests
build exactly what the kernel builds (one list, in one place).

Understands the forms the files.mk fragments use: `VAR := a b \\` with
continuation lines, `VAR += ...`, and $(OTHER) references to variables
defined earlier in the same file."""
import pathlib
import re

TOP = pathlib.Path(__file__).resolve().parents[2]


def make_var(mkfile, name):
    text = (TOP / mkfile).read_text().replace("\\\n", " ")
    vals = {}
    for line in text.splitlines():
        m = re.match(r"\s*([A-Za-z0-9_]+)\s*(:=|\+=|=)\s*(.*)$", line)
        if not m:
            continue
        var, op, val = m.groups()
        val = re.sub(r"\$\(([A-Za-z0-9_]+)\)", lambda r: " ".join(vals.get(r.group(1), [])),
                     val.split("#")[0])
        words = val.split()
        vals[var] = (vals.get(var, []) + words) if op == "+=" else words
    if name not in vals:
        raise KeyError("%s does not define %s" % (mkfile, name))
    return vals[name]
