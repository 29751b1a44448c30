/*
 * The x86_64 part of struct pcpu (sys/pcpu.h): what the system-call entry
 * and the context switch need per CPU.  The entry code reaches these
 * through %gs, so their offsets are also given as numbers for assembly;
 * syscall_machdep.c checks them against the structure at compile time.
 */
#ifndef MACHINE_PCPU_H
#define MACHINE_PCPU_H

#define PC_CURTHREAD	16	/* offsetof(struct pcpu, pc_curthread) */
#define PC_RSP0		72	/* offsetof(struct pcpu, pc_rsp0) */
#define PC_SCRATCH_RSP	80	/* offsetof(struct pcpu, pc_scratch_rsp) */

#ifndef __ASSEMBLER__
struct pmap;

#define PCPU_MD_FIELDS							\
	uint64_t	 pc_rsp0;	/* top of the running thread's kernel stack */ \
	uint64_t	 pc_scratch_rsp;	/* syscall entry: user %rsp in transit */ \
	void		*pc_tss;	/* this CPU's TSS (rsp0 for traps from user mode) */ \
	struct pmap	*pc_curpmap;	/* user address space in CR3; NULL: kernel only */
#endif

#endif
