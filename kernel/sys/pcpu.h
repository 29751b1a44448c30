/*
 * Per-CPU data.  Each CPU's GS base points at its struct pcpu (set by
 * machine-dependent code during bring-up), so curcpu/PCPU_GET are one
 * %gs-relative load and never need a lock.
 */
#ifndef SYS_PCPU_H
#define SYS_PCPU_H

#include <stdint.h>
#include <machine/pcpu.h>

#define MAXCPU	64

struct thread;

/* What a CPU was doing at its timer ticks (FreeBSD's cp_time states; /proc/stat). */
#define CP_USER		0	/* a user program, in user mode */
#define CP_NICE		1	/* (never: no nice levels) */
#define CP_SYS		2	/* the kernel: system calls, kernel threads, interrupts */
#define CP_INTR		3	/* (not told apart from CP_SYS yet) */
#define CP_IDLE		4	/* the idle thread */
#define CPUSTATES	5

struct pcpu {
	struct pcpu	*pc_self;	/* this structure (for %gs:0 loads) */
	unsigned	 pc_cpuid;	/* 0..mp_ncpus-1; 0 is the BSP */
	uint32_t	 pc_apic_id;	/* local APIC id */
	struct thread	*pc_curthread;	/* running thread */
	struct thread	*pc_idlethread;	/* runs when nothing else can */
	uint64_t	 pc_ticks;	/* timer ticks this CPU has taken */
	uint64_t	 pc_switches;	/* context switches on this CPU */
	int		 pc_intr_user;	/* the interrupt being handled came from user mode */
	int		 pc_started;	/* set by the CPU once it runs the kernel */
	uint64_t	 pc_start_tsc;	/* bring-up: first instruction in long mode */
	uint64_t	 pc_ready_tsc;	/* bring-up: ready to schedule */
	PCPU_MD_FIELDS			/* machine-dependent (machine/pcpu.h) */
	/* After the fields assembly reaches at fixed offsets: */
	uint64_t	 pc_cp_time[CPUSTATES];	/* pc_ticks by what the CPU did (CP_*) */
};

extern struct pcpu	pcpu_array[MAXCPU];
extern unsigned		mp_ncpus;	/* CPUs running (or about to) */
extern unsigned		mp_maxcpus;	/* enabled CPUs the firmware lists */

static inline struct pcpu *
get_pcpu(void)
{
	struct pcpu *pc;

	__asm__ volatile("movq %%gs:0, %0" : "=r"(pc));
	return (pc);
}

#define curcpu		(get_pcpu()->pc_cpuid)
#define curthread	(get_pcpu()->pc_curthread)
#define PCPU_GET(f)	(get_pcpu()->pc_##f)

#endif
