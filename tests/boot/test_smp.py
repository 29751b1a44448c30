"""Interrupts, clocks and SMP: the APs come up (-smp 1, 2, 4, 8), every
CPU takes timer ticks, IPIs and TLB shootdowns reach every CPU, an ISA
IRQ arrives through the I/O APIC,
kern.smp.maxcpus / kern.smp.disabled are honoured, `date` reads the RTC,
and panic stops the other CPUs."""
import re
import time

import pytest


def run(m, cmd, timeout=None):
    """Types a command at the shell and returns its output (without the echo)."""
    m.line(cmd)
    m.expect(r"# $", timeout=timeout)
    out = m.p.before.replace("\r", "")
    return out.split("\n", 1)[1] if "\n" in out else ""


def sysctls(m, *names):
    out = run(m, "sysctl " + " ".join(names))
    return dict(re.findall(r"^([\w.]+): (.*)$", out, re.M))


def cpu_ticks(m):
    """cpuinfo -> {cpu: ticks}"""
    out = run(m, "cpuinfo")
    rows = re.findall(r"^(\d+)\s+(\d+)\s+running\s+(\d+)\s+(\d+)\s+\S+$", out, re.M)
    return {int(c): int(t) for c, _, t, _ in rows}


def poweroff(m):
    m.line("shutdown -p now")
    m.expect(r"Powering off")
    assert m.wait_exit() == 0


@pytest.mark.parametrize("ncpu", [1, 2, 4, 8])
def test_smp_boot_ticks_and_ipis(image, machine, ncpu):
    image.conf('autoboot_delay="0"\nboot_verbose="YES"\n')
    m = machine(image, smp=ncpu, timeout=120)
    if ncpu == 1:
        m.expect(r"SMP: 1 CPU \(BSP only\)")
    else:
        m.expect(r"SMP: %d CPUs started \(BSP \+ %d APs?\) in (\d+) ms" % (ncpu, ncpu - 1))
    m.expect(r"# $")
    # bootverbose: one line per AP with its bring-up time
    aps = re.findall(r"SMP: AP cpu(\d+) \(APIC id \d+\) started in (\d+)\.\d+ ms", m.output)
    assert [int(c) for c, _ in aps] == list(range(1, ncpu))
    assert re.search(r"lapic: timer \d+ Hz \(measured against the (HPET|ACPI PM timer)", m.output)

    v = sysctls(m, "hw.ncpu", "kern.smp.active", "kern.smp.cpus", "kern.smp.maxcpus", "kern.hz")
    assert v["hw.ncpu"] == str(ncpu)
    assert v["kern.smp.active"] == str(ncpu)
    assert v["kern.smp.cpus"] == str(ncpu)
    assert v["kern.smp.maxcpus"] == str(ncpu)
    assert int(v["kern.hz"]) > 0

    first = cpu_ticks(m)
    assert sorted(first) == list(range(ncpu))
    time.sleep(1.0)
    second = cpu_ticks(m)
    for cpu in range(ncpu):
        assert second[cpu] > first[cpu], (cpu, first, second)

    out = run(m, "vmstat -i")
    for cpu in range(ncpu):
        assert re.search(r"^cpu%d:timer\s+[1-9]\d*\s+\d+$" % cpu, out, re.M), out

    if ncpu > 1:
        out = run(m, "ipitest", timeout=60)
        assert "ipitest: %d of %d CPUs answered" % (ncpu - 1, ncpu - 1) in out, out
        assert re.search(r"tlb: full shootdown on %d CPUs" % ncpu, out)
        assert int(sysctls(m, "vm.tlb_shootdowns")["vm.tlb_shootdowns"]) >= 2
    poweroff(m)


def test_smp_maxcpus_limits_cpus(image, machine):
    image.conf('autoboot_delay="0"\nkern.smp.maxcpus="2"\n')
    m = machine(image, smp=4)
    m.expect(r"SMP: 2 CPUs started \(BSP \+ 1 AP\)")
    m.expect(r"# $")
    v = sysctls(m, "hw.ncpu", "kern.smp.active", "kern.smp.maxcpus")
    assert v == {"hw.ncpu": "2", "kern.smp.active": "2", "kern.smp.maxcpus": "4"}
    assert sorted(cpu_ticks(m)) == [0, 1]
    poweroff(m)


def test_smp_disabled_gives_one_cpu(image, machine):
    image.conf('autoboot_delay="0"\nkern.smp.disabled="1"\n')
    m = machine(image, smp=4)
    m.expect(r"SMP: disabled by kern.smp.disabled; 1 of 4 CPUs used")
    m.expect(r"# $")
    v = sysctls(m, "hw.ncpu", "kern.smp.active")
    assert v == {"hw.ncpu": "1", "kern.smp.active": "1"}
    first = cpu_ticks(m)
    time.sleep(0.5)
    assert cpu_ticks(m)[0] > first[0]
    poweroff(m)


def test_date_hz_and_interrupt_controllers(image, machine):
    image.conf('autoboot_delay="0"\nkern.hz="250"\n')
    started = time.time()
    m = machine(image, smp=2)
    m.expect(r"ioapic0: id \d+ at 0x[0-9a-f]+, GSIs 0-(\d+), all masked")
    m.expect(r"lapic: timer (\d+) Hz .* hz 250")
    m.expect(r"# $")
    out = run(m, "date")
    d = re.search(r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|"
                  r"Oct|Nov|Dec) [ \d]\d \d\d:\d\d:\d\d UTC (\d{4})$", out, re.M)
    assert d, out
    assert 2020 <= int(d.group(3)) <= 2100
    # the RTC agrees with the host's clock (QEMU's default -rtc base=utc): the
    # kernel started after QEMU did and before now (whole seconds, rounded)
    boot = int(sysctls(m, "kern.boottime")["kern.boottime"])
    assert started - 2 <= boot <= time.time() + 2, (started, boot)  # load-proof: a clock
    v = sysctls(m, "kern.hz", "hw.apic.mode", "hw.apic.timer_freq")
    assert v["kern.hz"] == "250"
    assert v["hw.apic.mode"] in ("xAPIC", "x2APIC")
    assert int(v["hw.apic.timer_freq"]) > 1000000
    # the tick runs, and never faster than hz: both reads lie within [t0, t1]
    # (a starved QEMU drops ticks, so fewer is a figure, not a failure)
    t0, a = time.time(), cpu_ticks(m)
    time.sleep(2.0)
    b, t1 = cpu_ticks(m), time.time()
    ticks = b[0] - a[0]
    print("ticks: %d in %.2f s (%.0f/s at hz 250)" % (ticks, t1 - t0, ticks / (t1 - t0)))
    assert 0 < ticks <= 250 * (t1 - t0) * 1.1 + 2, ticks  # load-proof: no faster than hz
    # an ISA IRQ through the I/O APIC: the RTC's periodic interrupt at 64 Hz
    out = run(m, "irqtest")
    n = int(re.search(r"irqtest: IRQ 8 \(RTC\) on vector \d+: (\d+) interrupts", out).group(1))
    # they arrive, and not faster than programmed: 64 Hz over 250 ms is 16
    assert 1 <= n <= 16 * 1.1 + 2, out
    assert re.search(r"^irq8: rtc\s+[1-9]\d*\s+\d+$", run(m, "vmstat -i"), re.M)
    poweroff(m)


def test_panic_stops_other_cpus(image, machine):
    image.conf('autoboot_delay="0"\nboot_verbose="YES"\n')
    m = machine(image, smp=4)
    m.expect(r"# $")
    m.line("panic stop-them")
    m.expect(r"cpu_stop_others: cpu0 stopped 3 other CPUs")
    m.expect(r"panic: stop-them")
    m.expect(r"cpu halted")
