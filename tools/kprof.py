#!/usr/bin/python3
"""Turn a kprof dump (the kernel's sampling profiler, kernel/kern/subr_prof.c:
/proc/kprof, or the kernel shell's `kprof dump`; several one after the other
add up) into a table of the functions where the samples fell.

The kernel prints raw addresses; this resolves them against the symbols of
the kernel ELF (`nm -n`, build/kernel/kernel by default) and prints, per
function, its share of all samples and of the non-idle ones.  An address
inside a loaded module comes already named by the kernel ("aesni.ko:
aesni_gcm_encrypt": where a module lands is decided at boot).  Used by
`make bench-datapath --profile` and by hand:

    /usr/bin/python3 tools/kprof.py [--kernel build/kernel/kernel] [-n 25] < dump.txt
    /usr/bin/python3 tools/kprof.py --lines vtnet_transmit < dump.txt
"""
import argparse
import bisect
import collections
import pathlib
import re
import subprocess
import sys

TOP = pathlib.Path(__file__).resolve().parents[1]
# where an idle CPU's ticks land: the idle loop and its halt
IDLE = re.compile(r"idle|cpu_halt|^hlt")


def symbols(kernel):
    """Sorted (address, name) of the kernel's text symbols."""
    out = subprocess.run(["nm", "-n", "--defined-only", str(kernel)], capture_output=True,
                         text=True, check=True).stdout
    syms = []
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[1] in "tTwW":
            syms.append((int(parts[0], 16), parts[2]))
    return syms


def parse(text, named=None):
    """({pc: samples}, {cpu: (samples, user, lost)}) from a dump, or from
    several dumps one after the other (runs whose samples add up, as
    bench-datapath's alternating slices); the names the kernel gave module
    addresses go into `named` {pc: name}."""
    pcs, cpus = collections.Counter(), {}
    for line in text.splitlines():
        m = re.search(r"kprof pc ([0-9a-f]+) (\d+) (\d+)(?: (\S+:\S+))?", line)
        if m:
            pcs[int(m.group(1), 16)] += int(m.group(3))
            if m.group(4) and named is not None:
                named[int(m.group(1), 16)] = m.group(4)
            continue
        m = re.search(r"kprof cpu (\d+) samples (\d+) user (\d+) lost (\d+)", line)
        if m:
            prev = cpus.get(int(m.group(1)), (0, 0, 0))
            cpus[int(m.group(1))] = tuple(p + int(m.group(i)) for p, i in zip(prev, (2, 3, 4)))
    return pcs, cpus


def by_function(pcs, syms, named=None):
    addrs = [a for a, _ in syms]
    funcs = collections.Counter()
    for pc, n in pcs.items():
        if named and pc in named:
            funcs[named[pc]] += n
            continue
        i = bisect.bisect_right(addrs, pc) - 1
        funcs[syms[i][1] if i >= 0 else "?%x" % pc] += n
    return funcs


def table(text, kernel=TOP / "build" / "kernel" / "kernel", top=25):
    """The report as a string."""
    named = {}
    pcs, cpus = parse(text, named)
    funcs = by_function(pcs, symbols(kernel), named)
    total = sum(s for s, _, _ in cpus.values()) or sum(funcs.values())
    idle = sum(n for f, n in funcs.items() if IDLE.search(f))
    busy = max(total - idle, 1)
    lines = ["kprof: %d samples on %d CPUs, %.1f%% idle, %d in user mode, %d lost"
             % (total, len(cpus), 100.0 * idle / max(total, 1),
                sum(u for _, u, _ in cpus.values()), sum(l for _, _, l in cpus.values())),
             "%7s %7s  %s" % ("all", "busy", "function")]
    for f, n in funcs.most_common():
        if IDLE.search(f):
            continue
        lines.append("%6.1f%% %6.1f%%  %s" % (100.0 * n / max(total, 1), 100.0 * n / busy, f))
        if len(lines) >= top + 2:
            break
    return "\n".join(lines)


def lines_of(text, func, kernel=TOP / "build" / "kernel" / "kernel"):
    """Samples inside one function, by source line (addr2line)."""
    pcs, _ = parse(text)
    syms = symbols(kernel)
    addrs = [a for a, _ in syms]
    mine = {pc: n for pc, n in pcs.items()
            if (i := bisect.bisect_right(addrs, pc) - 1) >= 0 and syms[i][1] == func}
    if not mine:
        return "no samples in %s" % func
    out = subprocess.run(["addr2line", "-e", str(kernel), *["%x" % pc for pc in mine]],
                         capture_output=True, text=True, check=True).stdout.split()
    where = collections.Counter()
    for (pc, n), loc in zip(mine.items(), out):
        where[loc] += n
    total = sum(mine.values())
    return "\n".join("%6.1f%%  %s" % (100.0 * n / total, loc) for loc, n in where.most_common())


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--kernel", default=str(TOP / "build" / "kernel" / "kernel"))
    ap.add_argument("-n", type=int, default=25, help="functions to show")
    ap.add_argument("--lines", metavar="FUNCTION", help="the samples in one function, by line")
    args = ap.parse_args()
    text = sys.stdin.read()
    if args.lines:
        print(lines_of(text, args.lines, args.kernel))
    else:
        print(table(text, args.kernel, args.n))


if __name__ == "__main__":
    main()
