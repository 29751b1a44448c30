/* Machine-dependent kernel interfaces of the x86_64 port. */
#ifndef MACHINE_MD_VAR_H
#define MACHINE_MD_VAR_H

#include <stdint.h>

/* cpu_identify.c */
struct cpu_ident {
	char		vendor[13];	/* "GenuineIntel" */
	char		brand[49];	/* processor brand string */
	uint32_t	family, model, stepping;
	uint32_t	max_leaf, max_ext_leaf;
	uint32_t	feat_ecx, feat_edx;	/* CPUID 1 */
	uint32_t	ext_ecx, ext_edx;	/* CPUID 0x80000001 */
	uint32_t	stdext_ebx, stdext_ecx;	/* CPUID 7.0 */
};
extern struct cpu_ident cpu_id;
void	cpu_identify(void);
void	cpu_print_identity(void);
int	cpu_has_nx(void);
int	cpu_has_1gb_pages(void);
struct sbuf;
/* procfs_machdep.c: /proc/cpuinfo, one entry per running CPU. */
void	cpuinfo_fill(struct sbuf *sb);

/* machdep.c: GDT and TSS per CPU, the IDT all CPUs share. */
void	gdt_init(void);			/* the boot CPU's */
/* CPU cpu's own GDT and TSS; IST1 (double fault) and IST2 (NMI) stack tops. */
void	gdt_init_cpu(unsigned cpu, uint64_t df_stack, uint64_t nmi_stack);
void	idt_init(void);
void	idt_load(void);			/* an AP loads the shared IDT */
void	tss_set_rsp0(void *tss, uint64_t rsp0);	/* kernel stack for traps from user mode */
/* Install an interrupt gate: vector, handler address, IST index (0: none). */
void	idt_set_gate(int vec, uint64_t handler, int ist);

/* mp_machdep.c: stop the other CPUs (panic, fatal trap); NMI-driven. */
void	cpu_stop_others(void);
int	cpu_stop_nmi(void);		/* trap(): 1 if this NMI was a stop request */

/* syscall_machdep.c: per CPU: SYSCALL MSRs, SMEP/SMAP. */
void	cpu_user_init(void);
extern int cpu_smep, cpu_smap;		/* enabled */
void	cpu_test_user_guard(int exec);	/* boot tests: a fatal fault, or returns if off */

/* tsc.c */
extern const char *tsc_calibration_source;

/* Called from assembly: the kernel's C entry (locore.S), and an AP's (mpboot.S). */
void	hammer_time(uint64_t bootinfo_pa);
void	init_secondary(void);

/* Symbols defined in assembly, for the C that sets them up. */
extern const uint64_t trap_vectors[32];	/* exception.S: entry of each exception */
extern char intr_stubs[], intr_stubs_end[];	/* intr_vectors.S: 16 bytes a vector */
void	fork_trampoline(void);		/* swtch.S: a new thread's first return */
/* swtch.S: save into *old_rsp, release old, wait for new to be free, switch. */
void	cpu_switch_raw(uint64_t *old_rsp, volatile int *old_oncpu, uint64_t *new_rsp,
	    volatile int *new_oncpu);
/* mpboot.S: the AP start-up trampoline, copied below 1 MiB, and its patch points. */
extern char mptramp_start[], mptramp_end[];
extern char tr_gdtr[], tr_farjmp[], tr_cr3[], tr_cr4[], tr_cr0[], tr_efer[];
extern char tr_entry[], tr_tsc[], tr_gdt[], tr_long[];
void	mpentry(void);			/* where an AP enters long mode */

/* copy_machdep.c: SMAP is on (support.S's user copies bracket with stac/clac). */
extern uint8_t smap_enabled;

/* syscall_machdep.c, called from the SYSCALL entry and the return to user mode. */
struct trapframe;
void	amd64_syscall(struct trapframe *tf);
int	ast_return(struct trapframe *tf);

/* kernel.ld: the image and its sections, as mapped. */
extern char __kernel_start[], __kernel_end[];
extern char __text_end[], __rodata_start[], __rodata_end[], __data_start[];

/* CPUID feature bits used by name. */
#define CPUID_EDX_NX		(1U << 20)	/* 0x80000001 */
#define CPUID_EDX_PAGE1GB	(1U << 26)	/* 0x80000001 */
#define CPUID_STDEXT_SMEP	(1U << 7)	/* 7.0 EBX */
#define CPUID_STDEXT_SMAP	(1U << 20)	/* 7.0 EBX */

#endif
