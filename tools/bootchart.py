#!/usr/bin/python3
"""make bootchart: boot the image headless, collect the boot timestamps the
loader and kernel recorded (the kernel shell's `bootchart` command), and
draw build/bootchart.svg -- where boot time goes, one lane per CPU.

Panel 1: the whole boot from machine reset (TSC 0): firmware, loader,
kernel.  Panel 2: the kernel from its first instruction to the shell
prompt: each SYSINIT on the boot CPU's lane, each AP's bring-up on its own.
"""
import html
import os
import pathlib
import sys
import tempfile

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "tests" / "lib"))
from qemu import BUILD, Image, Machine  # noqa: E402

COLORS = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948",
          "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"]


def collect(smp):
    with tempfile.TemporaryDirectory() as d:
        img = Image(d)
        img.conf('autoboot_delay="0"\n')
        m = Machine(img, name="bootchart", smp=smp)
        try:
            m.expect(r"# $", timeout=120)
            m.line("bootchart")
            m.expect(r"bootchart end")
            text = m.p.before
            m.line("shutdown -p now")
            m.wait_exit()
        finally:
            m.close()
    data = {"sysinit": [], "cpu": []}
    for line in text.replace("\r", "").split("\n"):
        f = line.split()
        if len(f) < 2 or f[0] != "bootchart":
            continue
        if f[1] == "sysinit":
            data["sysinit"].append((int(f[2]), int(f[3]), f[4], f[5]))
        elif f[1] == "cpu":
            data["cpu"].append((int(f[2]), int(f[3]), int(f[4])))
        elif f[1] == "loader":
            data["loader"] = tuple(int(x) for x in f[2:5])
        else:
            data[f[1]] = int(f[2])
    return data


class Svg:
    def __init__(self, width):
        self.w = width
        self.parts = []
        self.h = 0

    def rect(self, x, y, w, h, color, title, label=None):
        w = max(w, 1.0)
        self.parts.append('<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s" '
                          'stroke="#333" stroke-width="0.3"><title>%s</title></rect>'
                          % (x, y, w, h, color, html.escape(title)))
        if label and w > 7 * len(label):
            self.text(x + 3, y + h / 2 + 4, label, size=11, color="#fff")

    def text(self, x, y, s, size=12, color="#000", anchor="start"):
        self.parts.append('<text x="%.1f" y="%.1f" font-family="sans-serif" font-size="%d" '
                          'fill="%s" text-anchor="%s">%s</text>'
                          % (x, y, size, color, anchor, html.escape(s)))

    def line(self, x1, y1, x2, y2):
        self.parts.append('<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#ccc"/>'
                          % (x1, y1, x2, y2))

    def render(self):
        return ('<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d">'
                '<rect width="100%%" height="100%%" fill="#fff"/>%s</svg>\n'
                % (self.w, self.h, "".join(self.parts)))


def axis(svg, x0, width, y, t0_ms, t1_ms, height):
    span = max(t1_ms - t0_ms, 1e-6)
    step = 10 ** max(0, len(str(int(span))) - 1) / 2 or 1
    while span / step > 12:
        step *= 2
    t = 0.0
    while t <= span:
        x = x0 + width * t / span
        svg.line(x, y, x, y + height)
        svg.text(x, y + height + 14, "%g ms" % (t0_ms + t), size=10, anchor="middle")
        t += step


def draw(d, out):
    hz = d["tsc_hz"]
    ms = lambda t: t * 1000.0 / hz                     # noqa: E731
    le, kr, bj = d["loader"]
    ke, shell = d["kernel_entry"], d["shell"]
    W, X0, LANE = 1200, 150, 26
    svg = Svg(W)
    plot_w = W - X0 - 30

    # Panel 1: machine reset -> shell prompt.
    y = 30
    svg.text(10, 20, "Sanpo boot: machine reset to shell prompt (%.0f ms)" % ms(shell), size=15)
    end = ms(shell)
    sx = lambda t: X0 + plot_w * ms(t) / end            # noqa: E731
    lanes = [("firmware", [(0, le, "OVMF", COLORS[9])]),
             ("loader", [(le, kr, "until kernel read (incl. countdown)", COLORS[0]),
                         (kr, bj, "load, boot info, exit", COLORS[1])]),
             ("kernel", [(ke, shell, "kernel entry to prompt", COLORS[4])])]
    for name, boxes in lanes:
        svg.text(10, y + 17, name)
        for a, b, label, color in boxes:
            svg.rect(sx(a), y, sx(b) - sx(a), LANE - 4, color,
                     "%s: %.1f ms" % (label, ms(b - a)), label)
        y += LANE
    axis(svg, X0, plot_w, 30, 0, end, y - 30)
    y += 40

    # Panel 2: kernel entry -> shell prompt, one lane per CPU.
    top = y
    kend = ms(shell - ke)
    svg.text(10, y - 8, "Kernel: entry to shell prompt (%.1f ms); SYSINITs on cpu0, AP bring-up"
             % kend, size=15)
    kx = lambda t: X0 + plot_w * ms(t - ke) / kend      # noqa: E731
    subsys = sorted({s[2] for s in d["sysinit"]})
    color_of = {s: COLORS[i % len(COLORS)] for i, s in enumerate(subsys)}
    svg.text(10, y + 17, "cpu0")
    for start, stop, sub, fn in d["sysinit"]:
        if stop == 0:
            stop = shell
        svg.rect(kx(start), y, kx(stop) - kx(start), LANE - 4, color_of[sub],
                 "%s (%s): %.3f ms" % (fn, sub, ms(stop - start)), fn)
    y += LANE
    for cpu, start, ready in sorted(d["cpu"]):
        if cpu == 0:
            continue
        svg.text(10, y + 17, "cpu%d" % cpu)
        if ready:
            svg.rect(kx(start), y, kx(ready) - kx(start), LANE - 4, COLORS[6],
                     "AP %d bring-up: %.3f ms" % (cpu, ms(ready - start)), "AP up")
        y += LANE
    axis(svg, X0, plot_w, top, 0, kend, y - top)
    y += 30
    for i, s in enumerate(subsys):
        svg.rect(X0 + (i % 6) * 170, y + (i // 6) * 18, 12, 12, color_of[s], s)
        svg.text(X0 + (i % 6) * 170 + 16, y + (i // 6) * 18 + 11, s, size=11)
    svg.h = y + 20 + 18 * ((len(subsys) + 5) // 6)
    out.write_text(svg.render())


def main():
    smp = int(os.environ.get("SMP", "4"))
    d = collect(smp)
    out = BUILD / "bootchart.svg"
    draw(d, out)
    print("bootchart: %s (%d SYSINITs, %d CPUs, TSC %.0f MHz)"
          % (out, len(d["sysinit"]), len(d["cpu"]), d["tsc_hz"] / 1e6))


if __name__ == "__main__":
    main()
