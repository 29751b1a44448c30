/*
 * SMP on x86_64: start every enabled CPU the MADT lists (INIT, then
 * STARTUP twice, with the architected delays) through a real-mode
 * trampoline below 1 MiB; each AP sets up its own GDT/TSS, IDT, page
 * tables, local APIC and tick, reports itself started and waits until the
 * BSP releases all of them together.  Then the IPIs: reschedule, TLB
 * shootdown, and stop (NMI) for panic.
 *
 * Tunables: kern.smp.disabled="1" (BSP only), kern.smp.maxcpus="N" (at
 * most N CPUs, the BSP included).
 */
#include <sys/systm.h>
#include <sys/kernel.h>
#include <sys/pcpu.h>
#include <sys/proc.h>
#include <sys/shell.h>
#include <sys/sysctl.h>
#include <machine/apicvar.h>
#include <machine/cpufunc.h>
#include <machine/fpu.h>
#include <machine/frame.h>
#include <machine/intr_machdep.h>
#include <machine/md_var.h>
#include <machine/pmap.h>
#include <machine/smp.h>
#include <machine/vmparam.h>
#include <dev/acpi/acpi.h>
#include <vm/vm_phys.h>

#define AP_STACK_PAGES	4		/* 16 KiB kernel stack per AP */
#define AP_IST_PAGES	2		/* each of the two IST stacks */
#define AP_PAGES	(AP_STACK_PAGES + 2 * AP_IST_PAGES)
/*
 * From the first SIPI to "started".  Linux waits 10 s too: under an emulator
 * on a busy host a vCPU's thread can go unscheduled for seconds (2 s lost
 * CPU 7 of 8 under TCG with the host's two cores at load 10).
 */
#define AP_TIMEOUT_US	10000000
#define INIT_DELAY_US	10000		/* INIT to STARTUP: 10 ms */
#define SIPI_DELAY_US	200		/* between the two STARTUPs */
#define TLB_TIMEOUT_US	5000000
#define STOP_TIMEOUT_US	100000

#define EFER_LMA	(1ULL << 10)
#define CR4_PAE		(1ULL << 5)

volatile int	smp_started;		/* the release flag: APs go on when set */
uint64_t	ap_boot_stack;		/* mpboot.S: the starting AP's stack top */
static volatile unsigned ap_boot_cpu;	/* the starting AP's cpuid */
static uint64_t	ap_df_stack, ap_nmi_stack;
static uint64_t	bsp_cr4;
static uint64_t	tramp_pa;		/* the trampoline page, below 1 MiB */
static uint64_t	ap_sipi_tsc[MAXCPU];	/* when its first STARTUP went out */
static uint64_t	smp_bringup_us;
static unsigned	smp_failed;


SYSCTL_U64("kern.smp.bringup_us", &smp_bringup_us,
    "microseconds from the first INIT to the APs' release");
SYSCTL_INT("kern.smp.started", (const int *)&smp_started, "1 once the APs are released");

static void *
tramp_field(const char *sym)
{
	return ((void *)(PHYS_TO_DMAP(tramp_pa) + (uint64_t)(sym - mptramp_start)));
}

/*
 * A page for the trampoline: below 1 MiB (the STARTUP vector is its page
 * number), not page 0, and RAM the firmware gave us to use -- usable, or
 * the loader's, which is dead now -- according to the loader's map.
 */
static uint64_t
find_trampoline_page(void)
{
	const struct sanpo_memmap_entry *e =
	    (const void *)PHYS_TO_DMAP(bootinfo.memmap);
	uint64_t pa;
	uint32_t i;

	for (pa = 0x1000; pa < 0x100000; pa += PAGE_SIZE)
		for (i = 0; i < bootinfo.memmap_count; i++) {
			if (e[i].type != SANPO_MEM_USABLE && e[i].type != SANPO_MEM_LOADER)
				continue;
			if (pa >= e[i].base && pa + PAGE_SIZE <= e[i].base + e[i].length)
				return (pa);
		}
	return (0);
}

/*
 * Temporary page tables for the trampoline's switch to long mode: the
 * trampoline page identity-mapped (a 4 KiB page) plus the kernel's upper
 * half, so the AP can jump to mpentry before it loads the kernel's own
 * tables.  The PML4 must be below 4 GiB: real mode loads 32 bits of CR3.
 */
static uint64_t	tmp_pml4;		/* physical; 0 when not built */

static void
free_tmp_tables(void)
{
	if (tmp_pml4 != 0) {
		pmap_free_lower_tables(tmp_pml4);
		vm_phys_free_page(tmp_pml4);
		tmp_pml4 = 0;
	}
}

static int
build_tmp_tables(void)
{
	uint64_t *pml4, *kpml4;
	pt_entry_t *pte;
	unsigned i;

	if ((tmp_pml4 = vm_phys_alloc_page()) == 0)
		return (-1);
	pml4 = (uint64_t *)PHYS_TO_DMAP(tmp_pml4);
	memset(pml4, 0, PAGE_SIZE);
	if (tmp_pml4 >= (4ULL << 30)) {
		free_tmp_tables();
		return (-1);
	}
	kpml4 = (uint64_t *)PHYS_TO_DMAP(kernel_pml4_pa);
	for (i = NPTEPG / 2; i < NPTEPG; i++)
		pml4[i] = kpml4[i];
	if ((pte = pmap_walk(tmp_pml4, tramp_pa, PMAP_LVL_PTE, PMAP_WALK_ALLOC)) == NULL) {
		free_tmp_tables();
		return (-1);
	}
	*pte = tramp_pa | PG_V | PG_RW;
	return (0);
}

static void
install_trampoline(void)
{
	uint64_t cr0 = rcr0(), efer = rdmsr(MSR_EFER) & ~EFER_LMA;
	uint32_t v32;

	memcpy((void *)PHYS_TO_DMAP(tramp_pa), mptramp_start,
	    (size_t)(mptramp_end - mptramp_start));
	v32 = (uint32_t)(tramp_pa + (uint64_t)(tr_gdt - mptramp_start));
	memcpy((char *)tramp_field(tr_gdtr) + 2, &v32, 4);
	v32 = (uint32_t)(tramp_pa + (uint64_t)(tr_long - mptramp_start));
	memcpy(tramp_field(tr_farjmp), &v32, 4);
	v32 = (uint32_t)tmp_pml4;
	memcpy(tramp_field(tr_cr3), &v32, 4);
	v32 = (uint32_t)CR4_PAE;
	memcpy(tramp_field(tr_cr4), &v32, 4);
	v32 = (uint32_t)cr0;
	memcpy(tramp_field(tr_cr0), &v32, 4);
	memcpy(tramp_field(tr_efer), &efer, 8);
	*(uint64_t *)tramp_field(tr_entry) = (uint64_t)mpentry;
	bsp_cr4 = rcr4();
}

/* --- the AP side ----------------------------------------------------------- */

static volatile uint64_t tlb_done[MAXCPU];
static volatile uint64_t tlb_gen;

void
init_secondary(void)
{
	unsigned cpu = ap_boot_cpu;
	struct pcpu *pc = &pcpu_array[cpu];

	load_cr4(bsp_cr4);		/* PGE and the rest the BSP runs with */
	gdt_init_cpu(cpu, ap_df_stack, ap_nmi_stack);
	wrmsr(MSR_GSBASE, (uint64_t)pc);
	idt_load();
	fpuinit();		/* SSE on, MXCSR: per CPU */
	cpu_user_init();		/* SYSCALL MSRs, SMEP/SMAP */
	pc->pc_start_tsc = *(volatile uint64_t *)tramp_field(tr_tsc);
	lapic_init_ap();		/* and its tick at hz */
	tlb_done[cpu] = tlb_gen;
	pc->pc_ready_tsc = rdtsc();
	__atomic_store_n(&pc->pc_started, 1, __ATOMIC_RELEASE);

	/* Wait for the release: the timer (or the BSP's IPI) ends each hlt. */
	while (__atomic_load_n(&smp_started, __ATOMIC_ACQUIRE) == 0)
		__asm__ volatile("sti; hlt; cli" ::: "memory");
	init_secondary_mi();
	panic("init_secondary_mi returned on cpu %u", cpu);
}

/* --- the BSP side ---------------------------------------------------------- */

static uint64_t
tsc_us_since(uint64_t t0)
{
	return (tsc_to_us(rdtsc() - t0));
}

/* Start one AP (already INIT'ed) as cpu; 0 when it reported in. */
static int
start_ap(unsigned cpu, uint32_t apic_id)
{
	struct pcpu *pc = &pcpu_array[cpu];
	uint64_t pa, va, t0;

	if ((pa = vm_phys_alloc_contig(AP_PAGES)) == 0) {
		printf("SMP: no memory for CPU %u's stacks\n", cpu);
		return (-1);
	}
	va = PHYS_TO_DMAP(pa);
	ap_boot_stack = va + AP_STACK_PAGES * PAGE_SIZE;
	ap_df_stack = ap_boot_stack + AP_IST_PAGES * PAGE_SIZE;
	ap_nmi_stack = ap_df_stack + AP_IST_PAGES * PAGE_SIZE;
	memset(pc, 0, sizeof(*pc));
	pc->pc_self = pc;
	pc->pc_cpuid = cpu;
	pc->pc_apic_id = apic_id;
	ap_boot_cpu = cpu;
	*(volatile uint64_t *)tramp_field(tr_tsc) = 0;
	__sync_synchronize();

	t0 = ap_sipi_tsc[cpu] = rdtsc();
	lapic_ipi(apic_id, APIC_DM_STARTUP | (uint32_t)(tramp_pa >> 12));
	DELAY(SIPI_DELAY_US);
	if (!__atomic_load_n(&pc->pc_started, __ATOMIC_ACQUIRE)) {
		/* A running CPU ignores a STARTUP: this one is safe. */
		lapic_ipi(apic_id, APIC_DM_STARTUP | (uint32_t)(tramp_pa >> 12));
		DELAY(SIPI_DELAY_US);
	}
	while (!__atomic_load_n(&pc->pc_started, __ATOMIC_ACQUIRE)) {
		if (tsc_us_since(t0) > AP_TIMEOUT_US) {
			printf("SMP: CPU with APIC id %u did not start within %d ms; skipped\n",
			    apic_id, AP_TIMEOUT_US / 1000);
			/* Back to wait-for-SIPI, so it cannot run on later.  Its
			 * stacks are not freed: it may have reached them. */
			lapic_ipi(apic_id, APIC_DM_INIT | APIC_LEVEL_ASSERT);
			memset(pc, 0, sizeof(*pc));
			return (-1);
		}
		cpu_pause();
	}
	return (0);
}

static void
mp_start(const void *dummy __unused)
{
	const struct acpi_madt_info *mi = acpi_madt();
	uint32_t bsp_id = pcpu_array[0].pc_apic_id, ids[MAXCPU];
	uint64_t limit = MAXCPU, t0, us;
	unsigned n = 0, cpu, enabled = 0;
	int i;

	if (mi == NULL || !lapic_present()) {
		printf("SMP: %s; 1 CPU\n", mi == NULL ? "no MADT" : "no local APIC");
		return;
	}
	for (i = 0; i < mi->ncpus; i++)
		enabled += mi->cpus[i].enabled;
	if (enabled == 0)
		enabled = 1;
	mp_maxcpus = enabled > MAXCPU ? MAXCPU : enabled;
	if (enabled > MAXCPU)
		printf("SMP: the firmware lists %u CPUs; this kernel uses at most %d\n",
		    enabled, MAXCPU);
	if (getenv_is_true("kern.smp.disabled")) {
		printf("SMP: disabled by kern.smp.disabled; 1 of %u CPUs used\n", mp_maxcpus);
		return;
	}
	if (getenv_quad("kern.smp.maxcpus", &limit) || kern_getenv("kern.smp.maxcpus") == NULL) {
		if (limit < 1)
			limit = 1;
		if (limit > MAXCPU)
			limit = MAXCPU;
	} else {
		printf("SMP: kern.smp.maxcpus=\"%s\" is not a number; ignored\n",
		    kern_getenv("kern.smp.maxcpus"));
	}
	/* The APs to start: enabled, not the BSP, within the limit. */
	for (i = 0; i < mi->ncpus && n + 1 < limit; i++) {
		if (!mi->cpus[i].enabled || mi->cpus[i].apic_id == bsp_id)
			continue;
		if (!lapic_x2apic && mi->cpus[i].apic_id > 0xfe) {
			printf("SMP: APIC id %u needs x2APIC mode; that CPU is not used\n",
			    mi->cpus[i].apic_id);
			continue;
		}
		ids[n++] = mi->cpus[i].apic_id;
	}
	if (n == 0) {
		if (mp_maxcpus > 1)
			printf("SMP: limited by kern.smp.maxcpus to 1 of %u CPUs\n", mp_maxcpus);
		else
			printf("SMP: 1 CPU (BSP only)\n");
		return;
	}
	if ((tramp_pa = find_trampoline_page()) == 0) {
		printf("SMP: no usable page below 1 MiB for the AP trampoline; 1 CPU\n");
		return;
	}
	if (build_tmp_tables() != 0) {
		printf("SMP: no page below 4 GiB for the trampoline's page tables; 1 CPU\n");
		return;
	}
	install_trampoline();
	if (bootverbose)
		printf("SMP: trampoline at 0x%llx, %u AP%s to start\n",
		    (unsigned long long)tramp_pa, n, n == 1 ? "" : "s");

	t0 = rdtsc();
	/* INIT every AP, one wait for all of them, then STARTUP each in turn. */
	for (i = 0; i < (int)n; i++)
		lapic_ipi(ids[i], APIC_DM_INIT | APIC_LEVEL_ASSERT);
	DELAY(INIT_DELAY_US);
	for (i = 0, cpu = 1; i < (int)n; i++) {
		if (start_ap(cpu, ids[i]) != 0) {
			smp_failed++;
			continue;
		}
		if (bootverbose) {
			struct pcpu *pc = &pcpu_array[cpu];

			us = tsc_to_us(pc->pc_ready_tsc - ap_sipi_tsc[cpu]);
			printf("SMP: AP cpu%u (APIC id %u) started in %llu.%03llu ms "
			    "(long mode after %llu us)\n", cpu, ids[i],
			    (unsigned long long)(us / 1000), (unsigned long long)(us % 1000),
			    (unsigned long long)tsc_to_us(pc->pc_start_tsc - ap_sipi_tsc[cpu]));
		}
		cpu++;
	}
	free_tmp_tables();
	mp_ncpus = cpu;

	/* The release: one flag, then a wake-up for the halted APs. */
	__atomic_store_n(&smp_started, 1, __ATOMIC_RELEASE);
	ipi_all_but_self(IDT_IPI_RESCHED);
	smp_bringup_us = tsc_us_since(t0);
	printf("SMP: %u CPUs started (BSP + %u AP%s) in %llu ms", mp_ncpus, mp_ncpus - 1,
	    mp_ncpus == 2 ? "" : "s", (unsigned long long)(smp_bringup_us / 1000));
	if (smp_failed)
		printf("; %u did not start", smp_failed);
	printf("\n");
}
SYSINIT(mp_start, SI_SUB_SMP, SI_ORDER_FIRST, mp_start, NULL);

/* --- IPIs ---------------------------------------------------------------- */

static int
cpu_is_up(unsigned cpu)
{
	return (cpu < MAXCPU && __atomic_load_n(&pcpu_array[cpu].pc_started, __ATOMIC_ACQUIRE));
}

void
ipi_cpu(unsigned cpu, int vector)
{
	if (cpu_is_up(cpu) && lapic_present())
		lapic_ipi(pcpu_array[cpu].pc_apic_id, APIC_DM_FIXED | (uint32_t)vector);
}

void
ipi_all_but_self(int vector)
{
	unsigned cpu, me = curcpu;

	for (cpu = 0; cpu < mp_ncpus; cpu++)
		if (cpu != me)
			ipi_cpu(cpu, vector);
}

void
ipi_resched(unsigned cpu)
{
	ipi_cpu(cpu, IDT_IPI_RESCHED);
}

/* Nothing to do here: intr_dispatch() checks for a due switch after every handler. */
static void
ipi_resched_intr(void *arg, struct trapframe *tf)
{
	(void)arg;
	(void)tf;
}

/* TLB shootdown: one request at a time, numbered; each target acks the number. */
static volatile int	 tlb_lock;
static volatile uint64_t tlb_sva, tlb_eva;	/* eva 0: everything */
static uint64_t		 tlb_shootdowns;
SYSCTL_U64("vm.tlb_shootdowns", &tlb_shootdowns, "TLB shootdowns sent to other CPUs");

static void
invltlb_local(void)
{
	uint64_t cr4 = rcr4();

	if (cr4 & CR4_PGE) {		/* toggling PGE flushes global pages too */
		load_cr4(cr4 & ~CR4_PGE);
		load_cr4(cr4);
	} else
		load_cr3(rcr3());
}

static void
invlpg_local(uint64_t sva, uint64_t eva)
{
	uint64_t va;

	for (va = trunc_page(sva); va < eva; va += PAGE_SIZE)
		__asm__ volatile("invlpg (%0)" :: "r"(va) : "memory");
}

/* Do the current request if this CPU has not yet; from the IPI or a spin. */
static void
tlb_poll(void)
{
	unsigned cpu = curcpu;
	uint64_t g = __atomic_load_n(&tlb_gen, __ATOMIC_ACQUIRE);

	if (tlb_done[cpu] == g)
		return;
	if (tlb_eva == 0)
		invltlb_local();
	else
		invlpg_local(tlb_sva, tlb_eva);
	__atomic_store_n(&tlb_done[cpu], g, __ATOMIC_RELEASE);
}

static void
ipi_tlb_intr(void *arg, struct trapframe *tf)
{
	(void)arg;
	(void)tf;
	tlb_poll();
}

/*
 * Invalidate [sva, eva) (eva 0: everything) on the CPUs in `cpus` (this
 * one included if its bit is set) and wait until each has done it.
 */
static void
tlb_shootdown(uint64_t cpus, uint64_t sva, uint64_t eva)
{
	uint64_t fl = read_rflags(), g, t0;
	unsigned cpu, me;

	disable_intr();
	me = curcpu;
	if (cpus & (1ULL << me)) {
		if (eva == 0)
			invltlb_local();
		else
			invlpg_local(sva, eva);
	}
	cpus &= ~(1ULL << me);
	if (mp_ncpus <= 1 || panicstr_set || cpus == 0) {
		if (fl & 0x200)
			enable_intr();
		return;
	}
	while (__sync_lock_test_and_set(&tlb_lock, 1))
		while (tlb_lock) {		/* answer the holder's request meanwhile */
			cpu_pause();
			tlb_poll();
		}
	tlb_sva = sva;
	tlb_eva = eva;
	g = tlb_gen + 1;
	__atomic_store_n(&tlb_gen, g, __ATOMIC_RELEASE);
	tlb_done[me] = g;
	tlb_shootdowns++;
	for (cpu = 0; cpu < mp_ncpus; cpu++)
		if (cpus & (1ULL << cpu))
			ipi_cpu(cpu, IDT_IPI_TLB);
	t0 = rdtsc();
	for (cpu = 0; cpu < mp_ncpus; cpu++) {
		if ((cpus & (1ULL << cpu)) == 0 || !cpu_is_up(cpu))
			continue;
		while (__atomic_load_n(&tlb_done[cpu], __ATOMIC_ACQUIRE) != g) {
			cpu_pause();
			if (tsc_us_since(t0) > TLB_TIMEOUT_US)
				panic("TLB shootdown: cpu %u did not answer in %d ms", cpu,
				    TLB_TIMEOUT_US / 1000);
		}
	}
	__sync_lock_release(&tlb_lock);
	if (fl & 0x200)
		enable_intr();
}

void
smp_invlpg_range(uint64_t sva, uint64_t eva)
{
	smp_invlpg_cpus(~0ULL, sva, eva);
}

void
smp_invlpg_cpus(uint64_t cpus, uint64_t sva, uint64_t eva)
{
	if (eva <= sva)
		return;
	if ((eva - sva) / PAGE_SIZE > 64)	/* cheaper as a full flush */
		eva = 0;
	tlb_shootdown(cpus, sva, eva);
}

void
smp_invltlb(void)
{
	tlb_shootdown(~0ULL, 0, 0);
}

/* --- stopping the other CPUs (panic) --------------------------------------- */

static volatile int	 stop_requested;
static volatile int	 stopper = -1;
static volatile unsigned stopped_count;
static volatile int	 cpu_stopped[MAXCPU];

void
cpu_stop_others(void)
{
	unsigned cpu, me, want = 0;
	uint64_t t0;

	if (mp_ncpus <= 1 || rdmsr(MSR_GSBASE) == 0)
		return;
	me = curcpu;
	if (__sync_lock_test_and_set(&stop_requested, 1))
		return;			/* someone else is stopping us all */
	stopper = (int)me;
	__sync_synchronize();
	for (cpu = 0; cpu < mp_ncpus; cpu++)
		if (cpu != me && cpu_is_up(cpu)) {
			lapic_ipi(pcpu_array[cpu].pc_apic_id, APIC_DM_NMI);
			want++;
		}
	t0 = rdtsc();
	while (stopped_count < want && tsc_us_since(t0) < STOP_TIMEOUT_US)
		cpu_pause();
	if (stopped_count < want)
		printf("cpu_stop_others: %u of %u CPUs did not stop\n",
		    want - stopped_count, want);
	else if (bootverbose)
		printf("cpu_stop_others: cpu%u stopped %u other CPU%s\n", me, want,
		    want == 1 ? "" : "s");
}

/* From trap() on an NMI: a stop request halts this CPU for good. */
int
cpu_stop_nmi(void)
{
	unsigned me;

	if (!stop_requested || rdmsr(MSR_GSBASE) == 0)
		return (0);
	me = curcpu;
	if ((int)me == stopper)
		return (0);
	cpu_stopped[me] = 1;
	__sync_fetch_and_add(&stopped_count, 1);
	for (;;) {
		disable_intr();
		halt();
	}
}

/* --- IPI set-up, and the shell's view ------------------------------------ */

static volatile uint64_t ipitest_acks[MAXCPU];

static void
ipi_test_intr(void *arg, struct trapframe *tf)
{
	(void)arg;
	(void)tf;
	ipitest_acks[curcpu]++;
}

static void
ipi_init(const void *dummy __unused)
{
	if (!lapic_present())
		return;
	intr_register_flags(IDT_IPI_RESCHED, ipi_resched_intr, NULL, "ipi resched",
	    INTR_PERCPU | INTR_EOI_EARLY);
	intr_register_flags(IDT_IPI_TLB, ipi_tlb_intr, NULL, "ipi tlb", INTR_PERCPU);
	intr_register_flags(IDT_IPI_TEST, ipi_test_intr, NULL, "ipi test", INTR_PERCPU);
}
SYSINIT(ipi, SI_SUB_INTR, SI_ORDER_FOURTH, ipi_init, NULL);

static int
cmd_cpuinfo(int argc, char **argv)
{
	unsigned cpu;

	(void)argc;
	(void)argv;
	printf("%-4s %5s %-8s %10s %10s %12s\n", "cpu", "apic", "state", "ticks",
	    "intrs", "bringup(ms)");
	for (cpu = 0; cpu < MAXCPU; cpu++) {
		struct pcpu *pc = &pcpu_array[cpu];
		uint64_t intrs = 0, us;
		char up[24];
		int v;

		if (!pc->pc_started)
			continue;
		for (v = 32; v < 256; v++)
			intrs += intr_count(cpu, v);
		if (cpu == 0) {
			strlcpy(up, "BSP", sizeof(up));
		} else {
			us = tsc_to_us(pc->pc_ready_tsc - ap_sipi_tsc[cpu]);
			snprintf(up, sizeof(up), "%llu.%03llu", (unsigned long long)(us / 1000),
			    (unsigned long long)(us % 1000));
		}
		printf("%-4u %5u %-8s %10llu %10llu %12s\n", cpu, pc->pc_apic_id,
		    cpu_stopped[cpu] ? "stopped" : "running",
		    (unsigned long long)pc->pc_ticks, (unsigned long long)intrs, up);
	}
	return (0);
}
SHELL_COMMAND(cpuinfo, cmd_cpuinfo, "cpuinfo", "per-CPU state: APIC id, ticks, interrupts");

/* Round trip of an IPI to every other CPU, and a TLB shootdown. */
static int
cmd_ipitest(int argc, char **argv)
{
	unsigned cpu, me = curcpu, ok = 0, n = 0;
	uint64_t t0, before;

	(void)argc;
	(void)argv;
	if (mp_ncpus <= 1) {
		printf("ipitest: only one CPU\n");
		return (0);
	}
	for (cpu = 0; cpu < mp_ncpus; cpu++) {
		if (cpu == me || !cpu_is_up(cpu))
			continue;
		n++;
		before = ipitest_acks[cpu];
		t0 = rdtsc();
		ipi_cpu(cpu, IDT_IPI_TEST);
		while (ipitest_acks[cpu] == before && tsc_us_since(t0) < 1000000)
			cpu_pause();
		if (ipitest_acks[cpu] != before) {
			ok++;
			printf("ipi: cpu%u answered in %llu us\n", cpu,
			    (unsigned long long)tsc_us_since(t0));
		} else
			printf("ipi: cpu%u did not answer\n", cpu);
	}
	t0 = rdtsc();
	smp_invlpg_range((uint64_t)&ipitest_acks[0], (uint64_t)&ipitest_acks[0] + PAGE_SIZE);
	printf("tlb: invlpg shootdown on %u CPUs in %llu us\n", mp_ncpus,
	    (unsigned long long)tsc_us_since(t0));
	t0 = rdtsc();
	smp_invltlb();
	printf("tlb: full shootdown on %u CPUs in %llu us\n", mp_ncpus,
	    (unsigned long long)tsc_us_since(t0));
	printf("ipitest: %u of %u CPUs answered\n", ok, n);
	return (ok == n ? 0 : 1);
}
SHELL_COMMAND(ipitest, cmd_ipitest, "ipitest", "test: IPI round trips and TLB shootdowns");
