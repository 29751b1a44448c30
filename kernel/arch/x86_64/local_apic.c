/*
 * The local APIC: xAPIC through its MMIO page (reached through the direct
 * map) or, when CPUID offers it, x2APIC through MSRs.  Each CPU enables
 * its own, with the spurious vector, LINT0 masked (the 8259s are masked
 * too), LINT1 as NMI, and an error vector.  Also the APIC timer: its rate
 * is measured against the HPET (else the ACPI PM timer) once on the BSP,
 * and each CPU runs it periodically at hz, calling hardclock().
 */
#include <sys/systm.h>
#include <sys/kernel.h>
#include <sys/kprof.h>
#include <sys/pcpu.h>
#include <sys/sysctl.h>
#include <machine/apicvar.h>
#include <machine/cpufunc.h>
#include <machine/frame.h>
#include <machine/intr_machdep.h>
#include <machine/md_var.h>
#include <machine/vmparam.h>
#include <dev/acpi/acpi.h>

/* Register offsets (xAPIC MMIO); the x2APIC MSR is 0x800 + offset / 16. */
#define LAPIC_ID	0x020
#define LAPIC_VER	0x030
#define LAPIC_TPR	0x080
#define LAPIC_EOI	0x0b0
#define LAPIC_LDR	0x0d0
#define LAPIC_DFR	0x0e0
#define LAPIC_SVR	0x0f0
#define LAPIC_ESR	0x280
#define LAPIC_ICR_LO	0x300
#define LAPIC_ICR_HI	0x310
#define LAPIC_LVT_TIMER	0x320
#define LAPIC_LVT_THERM	0x330
#define LAPIC_LVT_PMC	0x340
#define LAPIC_LVT_LINT0	0x350
#define LAPIC_LVT_LINT1	0x360
#define LAPIC_LVT_ERROR	0x370
#define LAPIC_TMR_ICR	0x380
#define LAPIC_TMR_CCR	0x390
#define LAPIC_TMR_DCR	0x3e0

#define MSR_APICBASE	0x1b
#define APICBASE_BSP	(1ULL << 8)
#define APICBASE_EXTD	(1ULL << 10)	/* x2APIC mode */
#define APICBASE_EN	(1ULL << 11)
#define APICBASE_ADDR	0x000ffffffffff000ULL
#define MSR_X2APIC_BASE	0x800
#define MSR_X2APIC_ICR	0x830

#define SVR_ENABLE	0x100
#define LVT_MASKED	(1U << 16)
#define LVT_PERIODIC	(1U << 17)
#define LVT_DM_NMI	0x400
#define ICR_BUSY	(1U << 12)
#define DCR_DIV16	0x3
#define CPUID_ECX_X2APIC (1U << 21)
#define CPUID_EDX_APIC	(1U << 9)

#define HPET_CAP	0x000
#define HPET_CONF	0x010
#define HPET_COUNTER	0x0f0
#define HPET_CAP_64BIT	(1ULL << 13)
#define HPET_CONF_ENABLE 1ULL
#define PMTMR_FREQ	3579545ULL
#define CAL_MS		10	/* calibration window */

int		lapic_x2apic;
uint64_t	lapic_timer_freq;
static uint64_t	lapic_pa;
static volatile uint32_t *lapic_mmio;
static int	lapic_ok;
static unsigned	timer_hz;
static const char *timer_cal_source = "none";
static uint64_t	apic_errors;
static volatile uint64_t *hpet_regs;
static uint64_t	hpet_freq;
static int	hpet_64bit;

static const char *lapic_mode_str = "none";
SYSCTL_STRING("hw.apic.mode", &lapic_mode_str, "local APIC mode (xAPIC or x2APIC)");
SYSCTL_U64("hw.apic.timer_freq", &lapic_timer_freq,
    "local APIC timer rate (Hz, divide by 16), measured at boot");
SYSCTL_STRING("hw.apic.timer_calibration", &timer_cal_source,
    "what the APIC timer rate was measured against");
SYSCTL_U64("hw.apic.errors", &apic_errors, "local APIC error interrupts");
SYSCTL_U64("hw.hpet.freq", &hpet_freq, "HPET main counter rate (Hz), 0 if none");

static uint32_t
lapic_read(uint32_t reg)
{
	if (lapic_x2apic)
		return ((uint32_t)rdmsr(MSR_X2APIC_BASE + (reg >> 4)));
	return (lapic_mmio[reg / 4]);
}

static void
lapic_write(uint32_t reg, uint32_t v)
{
	if (lapic_x2apic)
		wrmsr(MSR_X2APIC_BASE + (reg >> 4), v);
	else
		lapic_mmio[reg / 4] = v;
}

int
lapic_present(void)
{
	return (lapic_ok);
}

uint32_t
lapic_id(void)
{
	uint32_t v = lapic_read(LAPIC_ID);

	return (lapic_x2apic ? v : v >> 24);
}

void
lapic_eoi(void)
{
	if (lapic_x2apic)
		wrmsr(MSR_X2APIC_BASE + (LAPIC_EOI >> 4), 0);
	else
		lapic_mmio[LAPIC_EOI / 4] = 0;
}

void
lapic_ipi(uint32_t apic_id, uint32_t icr_lo)
{
	uint64_t fl = read_rflags();
	int spins;

	disable_intr();		/* ICR_HI then ICR_LO must not be split */
	if (lapic_x2apic) {
		/* WRMSR to the x2APIC is not serializing: make earlier stores
		 * (the request the IPI announces) visible first. */
		__asm__ volatile("mfence" ::: "memory");
		wrmsr(MSR_X2APIC_ICR, (uint64_t)apic_id << 32 | icr_lo);
	} else {
		for (spins = 0; (lapic_read(LAPIC_ICR_LO) & ICR_BUSY) && spins < 1000000; spins++)
			cpu_pause();
		lapic_write(LAPIC_ICR_HI, apic_id << 24);
		lapic_write(LAPIC_ICR_LO, icr_lo);
		for (spins = 0; (lapic_read(LAPIC_ICR_LO) & ICR_BUSY) && spins < 1000000; spins++)
			cpu_pause();
	}
	if (fl & 0x200)
		enable_intr();
}

/* Enable this CPU's APIC (the mode the BSP chose) and set its LVTs. */
static void
lapic_setup(void)
{
	const struct acpi_madt_info *mi = acpi_madt();
	uint64_t base = rdmsr(MSR_APICBASE);
	int lint_nmi = mi != NULL && mi->lint_nmi >= 0 ? mi->lint_nmi : 1;
	uint32_t maxlvt;

	/* x2APIC can only be entered from enabled xAPIC mode: EN, then EXTD. */
	if ((base & APICBASE_EN) == 0)
		wrmsr(MSR_APICBASE, (base |= APICBASE_EN));
	if (lapic_x2apic && (base & APICBASE_EXTD) == 0)
		wrmsr(MSR_APICBASE, base | APICBASE_EXTD);

	maxlvt = (lapic_read(LAPIC_VER) >> 16) & 0xff;
	lapic_write(LAPIC_TPR, 0);
	if (!lapic_x2apic) {
		lapic_write(LAPIC_DFR, 0xffffffff);		/* flat model */
		lapic_write(LAPIC_LDR, 0);
	}
	lapic_write(LAPIC_SVR, SVR_ENABLE | IDT_SPURIOUS);
	lapic_write(LAPIC_LVT_TIMER, LVT_MASKED | IDT_TIMER);
	if (maxlvt >= 4)
		lapic_write(LAPIC_LVT_PMC, LVT_MASKED);
	if (maxlvt >= 5)
		lapic_write(LAPIC_LVT_THERM, LVT_MASKED);
	lapic_write(LAPIC_LVT_LINT0, lint_nmi == 0 ? LVT_DM_NMI : LVT_MASKED);
	lapic_write(LAPIC_LVT_LINT1, lint_nmi == 1 ? LVT_DM_NMI : LVT_MASKED);
	lapic_write(LAPIC_ESR, 0);
	lapic_write(LAPIC_ESR, 0);
	lapic_write(LAPIC_LVT_ERROR, IDT_APIC_ERROR);
	lapic_write(LAPIC_TMR_DCR, DCR_DIV16);
	lapic_eoi();
}

void
lapic_init_ap(void)
{
	lapic_setup();
	if (timer_hz != 0)
		lapic_timer_periodic(timer_hz);
}

/* --- the timer ---------------------------------------------------------- */

static void
lapic_timer_intr(void *arg, struct trapframe *tf)
{
	(void)arg;
	kprof_tick(tf->tf_rip, (tf->tf_cs & 3) != 0);
	hardclock();
}

void
lapic_timer_periodic(unsigned rate)
{
	lapic_write(LAPIC_TMR_DCR, DCR_DIV16);
	lapic_write(LAPIC_LVT_TIMER, IDT_TIMER | LVT_PERIODIC);
	lapic_write(LAPIC_TMR_ICR, (uint32_t)(lapic_timer_freq / rate));
}

void
lapic_timer_stop(void)
{
	lapic_write(LAPIC_LVT_TIMER, LVT_MASKED | IDT_TIMER);
	lapic_write(LAPIC_TMR_ICR, 0);
}

/* The HPET main counter, the calibration reference when there is one. */
static int
hpet_init(void)
{
	uint64_t pa = acpi_hpet_address(), cap, period;

	if (pa == 0 || pa + 0x400 > dmap_size)
		return (-1);
	hpet_regs = (volatile uint64_t *)PHYS_TO_DMAP(pa);
	cap = hpet_regs[HPET_CAP / 8];
	period = cap >> 32;		/* femtoseconds per tick */
	if (period == 0 || period > 100000000ULL) {	/* > 100 ns: invalid */
		printf("hpet: bad counter period %llu fs; not used\n",
		    (unsigned long long)period);
		hpet_regs = NULL;
		return (-1);
	}
	hpet_freq = 1000000000000000ULL / period;
	hpet_64bit = (cap & HPET_CAP_64BIT) != 0;
	if ((hpet_regs[HPET_CONF / 8] & HPET_CONF_ENABLE) == 0)
		hpet_regs[HPET_CONF / 8] |= HPET_CONF_ENABLE;
	return (0);
}

static uint64_t
hpet_read(void)
{
	return (hpet_64bit ? hpet_regs[HPET_COUNTER / 8] :
	    (uint32_t)hpet_regs[HPET_COUNTER / 8]);
}

/*
 * Count the APIC timer down from its maximum for CAL_MS of the reference
 * clock; the rate is what it counted over what the reference counted.  The
 * reference is read just before and just after each APIC access and the
 * midpoints used; a try where either pair is far apart (this virtual CPU
 * was descheduled, an SMI...) is repeated.
 */
static uint64_t
ref_read(void)
{
	return (hpet_regs != NULL ? hpet_read() : acpi_pm_timer_read());
}

static uint64_t
lapic_timer_measure(void)
{
	uint64_t a0, b0, a1, b1, elapsed, target, ref_freq, mask, slop, best = 0;
	uint32_t ccr;
	int tries;

	if (hpet_init() == 0) {
		ref_freq = hpet_freq;
		mask = hpet_64bit ? ~0ULL : 0xffffffffULL;
		timer_cal_source = "HPET";
	} else if (acpi_pm_timer_present()) {
		ref_freq = PMTMR_FREQ;
		mask = acpi_pm_timer_32bit() ? 0xffffffffULL : 0xffffffULL;
		timer_cal_source = "ACPI PM timer";
	} else {
		return (0);
	}
	target = ref_freq * CAL_MS / 1000;
	slop = target / 200;			/* 0.5 % */
	lapic_write(LAPIC_TMR_DCR, DCR_DIV16);
	lapic_write(LAPIC_LVT_TIMER, LVT_MASKED | IDT_TIMER);	/* one shot */
	for (tries = 0; tries < 5; tries++) {
		a0 = ref_read();
		lapic_write(LAPIC_TMR_ICR, 0xffffffffU);
		b0 = ref_read();
		do {
			a1 = ref_read();
		} while (((a1 - a0) & mask) < target);
		ccr = lapic_read(LAPIC_TMR_CCR);
		b1 = ref_read();
		lapic_write(LAPIC_TMR_ICR, 0);
		if (ccr == 0)		/* ran out: absurdly fast */
			return (0);
		/* midpoint to midpoint, in reference ticks */
		elapsed = (uint64_t)((int64_t)((a1 - a0) & mask) +
		    ((int64_t)((b1 - a1) & mask) - (int64_t)((b0 - a0) & mask)) / 2);
		best = (0xffffffffULL - ccr) * ref_freq / elapsed;
		if (((b0 - a0) & mask) <= slop && ((b1 - a1) & mask) <= slop)
			break;
	}
	if (bootverbose)
		printf("lapic: timer measured in %d tr%s\n", tries + (tries < 5),
		    tries == 0 ? "y" : "ies");
	return (best);
}

static void
lapic_error_intr(void *arg, struct trapframe *tf)
{
	uint32_t esr;

	(void)arg;
	(void)tf;
	lapic_write(LAPIC_ESR, 0);
	esr = lapic_read(LAPIC_ESR);
	if (apic_errors++ < 4)
		printf("lapic: cpu %u APIC error, ESR 0x%x\n", curcpu, esr);
}

static void
lapic_spurious_intr(void *arg, struct trapframe *tf)
{
	(void)arg;
	(void)tf;
}

/* Mask both 8259s, after moving them to vectors 0x20-0x2f. */
static void
pic_disable(void)
{
	outb(0x20, 0x11); outb(0xa0, 0x11);		/* ICW1: init, ICW4 */
	outb(0x21, IDT_PIC_BASE); outb(0xa1, IDT_PIC_BASE + 8);	/* ICW2 */
	outb(0x21, 0x04); outb(0xa1, 0x02);		/* ICW3: cascade on IRQ 2 */
	outb(0x21, 0x01); outb(0xa1, 0x01);		/* ICW4: 8086 mode */
	outb(0x21, 0xff); outb(0xa1, 0xff);		/* mask everything */
}

static void
lapic_init_bsp(const void *dummy __unused)
{
	const struct acpi_madt_info *mi = acpi_madt();
	uint64_t base;

	pic_disable();		/* harmless when there are none (no PCAT_COMPAT) */
	if ((cpu_id.feat_edx & CPUID_EDX_APIC) == 0) {
		printf("lapic: this CPU has no local APIC; no interrupts, no SMP\n");
		return;
	}
	base = rdmsr(MSR_APICBASE);
	lapic_pa = base & APICBASE_ADDR;
	if (mi != NULL && mi->lapic_address != lapic_pa && bootverbose)
		printf("lapic: MADT says 0x%llx, APIC base MSR 0x%llx; using the MSR\n",
		    (unsigned long long)mi->lapic_address, (unsigned long long)lapic_pa);
	if ((cpu_id.feat_ecx & CPUID_ECX_X2APIC) && !(kern_getenv("hw.x2apic_enable") != NULL &&
	    strcmp(kern_getenv("hw.x2apic_enable"), "0") == 0))
		lapic_x2apic = 1;
	else if (base & APICBASE_EXTD) {
		/* The firmware left x2APIC on: leaving it needs a full disable. */
		lapic_x2apic = 1;
	}
	if (!lapic_x2apic) {
		if (lapic_pa + PAGE_SIZE > dmap_size)
			panic("lapic: registers at 0x%llx are outside the direct map",
			    (unsigned long long)lapic_pa);
		lapic_mmio = (volatile uint32_t *)PHYS_TO_DMAP(lapic_pa);
	}
	lapic_mode_str = lapic_x2apic ? "x2APIC" : "xAPIC";
	intr_register(IDT_SPURIOUS, lapic_spurious_intr, NULL, "lapic spurious");
	intr_register(IDT_APIC_ERROR, lapic_error_intr, NULL, "lapic error");
	intr_register_flags(IDT_TIMER, lapic_timer_intr, NULL, "timer",
	    INTR_PERCPU | INTR_EOI_EARLY);
	lapic_setup();
	lapic_ok = 1;
	pcpu_array[0].pc_apic_id = lapic_id();
	printf("lapic: %s mode, BSP APIC id %u, version 0x%x\n", lapic_mode_str,
	    pcpu_array[0].pc_apic_id, lapic_read(LAPIC_VER) & 0xff);
	if (bootverbose && !lapic_x2apic)
		printf("lapic: registers at 0x%llx\n", (unsigned long long)lapic_pa);
}
SYSINIT(lapic, SI_SUB_INTR, SI_ORDER_SECOND, lapic_init_bsp, NULL);

/* Measure the timer, start the BSP's tick at hz, and enable interrupts. */
static void
lapic_timer_init(const void *dummy __unused)
{
	uint64_t want = 100;

	if (!lapic_ok)
		return;
	lapic_timer_freq = lapic_timer_measure();
	if (lapic_timer_freq < 10000) {
		printf("lapic: could not measure the APIC timer (%s); no clock ticks\n",
		    timer_cal_source);
		lapic_timer_freq = 0;
		return;
	}
	if (getenv_quad("kern.hz", &want) && (want < 10 || want > 1000)) {
		printf("lapic: kern.hz=%llu is out of range 10..1000; using 100\n",
		    (unsigned long long)want);
		want = 100;
	}
	timer_hz = (unsigned)want;
	printf("lapic: timer %llu Hz (measured against the %s over %d ms), hz %u\n",
	    (unsigned long long)lapic_timer_freq, timer_cal_source, CAL_MS, timer_hz);
	hz = (int)timer_hz;
	lapic_timer_periodic(timer_hz);
	enable_intr();
}
SYSINIT(lapic_timer, SI_SUB_CLOCKS, SI_ORDER_FIRST, lapic_timer_init, NULL);
