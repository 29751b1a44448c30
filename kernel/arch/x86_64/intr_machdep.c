/*
 * Interrupt dispatch for vectors 32..255: a handler table filled by
 * intr_register(), per-CPU counts for every vector, and `vmstat -i`.
 */
#include <sys/systm.h>
#include <sys/kernel.h>
#include <sys/mutex.h>
#include <sys/pcpu.h>
#include <sys/proc.h>
#include <sys/sbuf.h>
#include <sys/sysctl.h>
#include <machine/apicvar.h>
#include <machine/cpufunc.h>
#include <machine/frame.h>
#include <machine/intr_machdep.h>
#include <machine/md_var.h>

#define NVEC	256

struct intr_src {
	intr_handler_t	*is_handler;
	void		*is_arg;
	char		 is_name[24];
	int		 is_irq;	/* ISA IRQ or GSI routed here, -1 none */
	int		 is_flags;	/* INTR_PERCPU */
};

static struct intr_src	intr_srcs[NVEC];
static uint64_t		intrcnt[MAXCPU][NVEC];	/* a row per CPU: no sharing */
static struct mtx	intr_lock;		/* registration */
static unsigned		stray_reported;
static int		intr_preempt;	/* kern.sched.preempt_intr */


static int
intr_register_locked(int vec, intr_handler_t *fn, void *arg, const char *name,
    int flags, int irq)
{
	struct intr_src *is;

	if (vec < 32 || vec >= NVEC || fn == NULL) {
		printf("intr: cannot register \"%s\" on vector %d\n", name, vec);
		return (-1);
	}
	is = &intr_srcs[vec];
	if (is->is_handler != NULL) {
		printf("intr: vector %d is already used by \"%s\"; \"%s\" refused\n",
		    vec, is->is_name, name);
		return (-1);
	}
	strlcpy(is->is_name, name, sizeof(is->is_name));
	is->is_arg = arg;
	is->is_irq = irq;
	is->is_flags = flags;
	__atomic_store_n(&is->is_handler, fn, __ATOMIC_RELEASE);
	return (0);
}

int
intr_register_flags(int vec, intr_handler_t *fn, void *arg, const char *name, int flags)
{
	int error;

	mtx_lock_spin(&intr_lock);
	error = intr_register_locked(vec, fn, arg, name, flags, -1);
	mtx_unlock_spin(&intr_lock);
	return (error);
}

int
intr_register(int vec, intr_handler_t *fn, void *arg, const char *name)
{
	return (intr_register_flags(vec, fn, arg, name, 0));
}

static int
alloc_vector_locked(void)
{
	int v;

	for (v = IDT_DEV_FIRST; v <= IDT_DEV_LAST; v++)
		if (intr_srcs[v].is_handler == NULL)
			return (v);
	return (-1);
}

int
intr_alloc_vector(void)
{
	int v;

	mtx_lock_spin(&intr_lock);
	v = alloc_vector_locked();
	mtx_unlock_spin(&intr_lock);
	return (v);
}

void
intr_unregister(int vec)
{
	unsigned cpu;

	if (vec < IDT_DEV_FIRST || vec > IDT_DEV_LAST)
		return;
	mtx_lock_spin(&intr_lock);
	__atomic_store_n(&intr_srcs[vec].is_handler, NULL, __ATOMIC_RELEASE);
	intr_srcs[vec].is_arg = NULL;
	intr_srcs[vec].is_name[0] = '\0';
	intr_srcs[vec].is_irq = -1;
	intr_srcs[vec].is_flags = 0;
	for (cpu = 0; cpu < MAXCPU; cpu++)
		intrcnt[cpu][vec] = 0;
	mtx_unlock_spin(&intr_lock);
}

/*
 * irq < 16: an ISA IRQ, through the MADT's overrides (edge/high unless an
 * override says otherwise); irq >= 16: a GSI, level/low (PCI).  Routed to
 * the boot CPU.
 */
int
intr_register_irq(int irq, intr_handler_t *fn, void *arg, const char *name)
{
	int level = 1, low = 1, vec;
	uint32_t gsi = (uint32_t)irq;

	if (irq < 0) {
		printf("intr: bad IRQ %d for \"%s\"\n", irq, name);
		return (-1);
	}
	if (irq < 16)
		gsi = isa_irq_to_gsi(irq, &level, &low);
	mtx_lock_spin(&intr_lock);
	vec = alloc_vector_locked();
	if (vec < 0 || intr_register_locked(vec, fn, arg, name, 0, irq) != 0) {
		mtx_unlock_spin(&intr_lock);
		printf("intr: no vector for IRQ %d (\"%s\")\n", irq, name);
		return (-1);
	}
	mtx_unlock_spin(&intr_lock);
	if (ioapic_route(gsi, vec, level, low, pcpu_array[0].pc_apic_id) != 0 ||
	    ioapic_mask(gsi, 0) != 0) {
		printf("intr: IRQ %d (GSI %u) has no I/O APIC pin; \"%s\" not routed\n",
		    irq, gsi, name);
		mtx_lock_spin(&intr_lock);
		intr_srcs[vec].is_handler = NULL;
		mtx_unlock_spin(&intr_lock);
		return (-1);
	}
	if (bootverbose)
		printf("intr: IRQ %d -> GSI %u (%s, active %s) -> vector %d: %s\n",
		    irq, gsi, level ? "level" : "edge", low ? "low" : "high", vec, name);
	return (vec);
}

uint64_t
intr_count(unsigned cpu, int vec)
{
	return (cpu < MAXCPU && vec >= 0 && vec < NVEC ? intrcnt[cpu][vec] : 0);
}

void
intr_dispatch(struct trapframe *tf)
{
	int vec = (int)tf->tf_trapno;
	struct intr_src *is = &intr_srcs[vec];
	intr_handler_t *fn;

	/* The 8259 vectors never came through the local APIC; nor did spurious. */
	int eoi = vec != IDT_SPURIOUS && (vec < IDT_PIC_BASE || vec >= IDT_PIC_BASE + 16);

	intrcnt[curcpu][vec]++;
	get_pcpu()->pc_intr_user = TRAPF_USERMODE(tf);
	fn = __atomic_load_n(&is->is_handler, __ATOMIC_ACQUIRE);
	if (fn != NULL && (is->is_flags & INTR_EOI_EARLY) && eoi) {
		lapic_eoi();
		eoi = 0;
	}
	if (fn != NULL)
		fn(is->is_arg, tf);
	else if (stray_reported < 8) {
		stray_reported++;
		printf("intr: stray interrupt on vector %d (cpu %u)\n", vec, curcpu);
	}
	if (eoi)
		lapic_eoi();
	/*
	 * Preemption, after the EOI, when the interrupted code ran with
	 * interrupts enabled (no spin lock held, not inside a handler).
	 * sched_preempt_check() leaves alone a thread that is on its way to
	 * sleep or exit, and defers inside critical sections.
	 * kern.sched.preempt_intr="0" turns it off (switches then happen only
	 * when threads block or yield, and at the idle loop).
	 */
	if (intr_preempt && (tf->tf_rflags & 0x200))
		sched_preempt_check();
}

static void
intr_spurious(void *arg, struct trapframe *tf)
{
	(void)arg;
	(void)tf;
}

static void
intr_init(const void *dummy __unused)
{
	int v;

	mtx_init(&intr_lock, "intr table", MTX_SPIN);
	if (intr_stubs_end - intr_stubs != (NVEC - 32) * 16)
		panic("intr_init: entry stubs are %ld bytes, expected %d",
		    (long)(intr_stubs_end - intr_stubs), (NVEC - 32) * 16);
	for (v = 32; v < NVEC; v++) {
		intr_srcs[v].is_irq = -1;
		idt_set_gate(v, (uint64_t)intr_stubs + (uint64_t)(v - 32) * 16, 0);
	}
	/* The masked 8259s can still raise spurious IRQ 7 / 15. */
	intr_register(IDT_PIC_BASE + 7, intr_spurious, NULL, "pic spurious");
	intr_register(IDT_PIC_BASE + 15, intr_spurious, NULL, "pic2 spurious");
	{
		const char *v = kern_getenv("kern.sched.preempt_intr");

		intr_preempt = v == NULL || getenv_is_true("kern.sched.preempt_intr");
	}
}
SYSINIT(intr, SI_SUB_INTR, SI_ORDER_FIRST, intr_init, NULL);

static void
print_row(struct sbuf *sb, const char *name, uint64_t total, uint64_t secs)
{
	sbuf_printf(sb, "%-28s %12llu %8llu\n", name, (unsigned long long)total,
	    (unsigned long long)(total / secs));
}

/*
 * The interrupt table: the kernel shell's `vmstat -i` (the command lives
 * in kern_malloc.c) and, for user space, sysctl hw.intrs print it.
 */
static void
intr_table(struct sbuf *sb)
{
	uint64_t secs = uptime_us() / 1000000, total, sum = 0;
	char name[40];
	unsigned cpu;
	int v;

	if (secs == 0)
		secs = 1;
	sbuf_printf(sb, "%-28s %12s %8s\n", "interrupt", "total", "rate");
	for (v = 32; v < NVEC; v++) {
		struct intr_src *is = &intr_srcs[v];

		if (is->is_flags & INTR_PERCPU) {
			for (cpu = 0; cpu < MAXCPU; cpu++) {
				if (!pcpu_array[cpu].pc_started ||
				    (intrcnt[cpu][v] == 0 && v != IDT_TIMER))
					continue;
				snprintf(name, sizeof(name), "cpu%u:%s", cpu, is->is_name);
				print_row(sb, name, intrcnt[cpu][v], secs);
				sum += intrcnt[cpu][v];
			}
			continue;
		}
		for (total = 0, cpu = 0; cpu < MAXCPU; cpu++)
			total += intrcnt[cpu][v];
		if (is->is_handler == NULL && total == 0)
			continue;
		if (is->is_handler != NULL && total == 0 && v < IDT_DEV_FIRST)
			continue;	/* the 8259s' spurious vectors, unless used */
		if (is->is_irq >= 0)
			snprintf(name, sizeof(name), "irq%d: %s", is->is_irq, is->is_name);
		else if (is->is_handler != NULL)
			snprintf(name, sizeof(name), "vec%d: %s", v, is->is_name);
		else
			snprintf(name, sizeof(name), "vec%d: stray", v);
		print_row(sb, name, total, secs);
		sum += total;
	}
	print_row(sb, "Total", sum, secs);
}

void
vmstat_intr(void)
{
	struct sbuf *sb = sbuf_new_auto();

	intr_table(sb);
	if (sbuf_finish(sb) == 0)
		printf("%s", sbuf_data(sb));
	sbuf_delete(sb);
}

/* hw.intrs: the table (FreeBSD's vmstat -i reads hw.intrnames/hw.intrcnt). */
static void
intrs_handler(char *buf, size_t len)
{
	struct sbuf sb;

	sbuf_new_fixed(&sb, buf, len);
	intr_table(&sb);
	sbuf_finish(&sb);
}
SYSCTL_PROC("hw.intrs", intrs_handler, "interrupt sources, their totals and rates (vmstat -i)");
