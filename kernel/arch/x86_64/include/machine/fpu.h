/*
 * FPU/SSE/AVX state.
 *
 * Each CPU runs with exactly the state components it enables: x87 and SSE
 * always, and with XSAVE (CR4.OSXSAVE) every user component the CPU has
 * among AVX and AVX-512 (XCR0; `sysctl hw.fpu`).  A user thread's
 * registers are live on the CPU while it runs, in the kernel too; the
 * context switch saves them into its area (td_md.md_fpu, XSAVE standard
 * format, fpu_save_area_size bytes) and loads the next user thread's.
 *
 * The kernel itself is built without SSE (-mgeneral-regs-only); the few
 * routines that use vector registers (AES-NI, SHA-NI, SIMD ChaCha20) run
 * between fpu_kern_enter() and fpu_kern_leave(), which keep the thread on
 * its CPU, unpreempted, and -- in a user thread -- save its user registers
 * first and put them back after.  Interrupt handlers never touch them.
 */
#ifndef MACHINE_FPU_H
#define MACHINE_FPU_H

#include <stddef.h>
#include <stdint.h>

#define XFEATURE_X87		0x01
#define XFEATURE_SSE		0x02
#define XFEATURE_AVX		0x04
#define XFEATURE_AVX512		0xe0	/* opmask, ZMM_Hi256, Hi16_ZMM */

extern uint64_t	fpu_xcr0;		/* XCR0 on every CPU; 0 without XSAVE (FXSAVE) */
extern size_t	fpu_save_area_size;	/* bytes of a save area */

void	fpuinit(void);		/* per CPU: enable SSE (and XSAVE), default MXCSR */
void	fpu_kern_enter(void);
void	fpu_kern_leave(void);

/* A save area (64-byte aligned) holding the initial state; NULL if out of memory. */
void	*fpu_area_alloc(void);
void	 fpu_area_free(void *area);
void	 fpu_area_init(void *area);		/* reset to the initial state */
void	 fpu_save(void *area);			/* this CPU's registers -> area */
void	 fpu_restore(const void *area);		/* area -> this CPU's registers */
/*
 * Checks an area that came from user space (rt_sigreturn) so that loading
 * it cannot fault: reserved MXCSR bits clear, only enabled components,
 * the standard format.  0 or EINVAL... the caller gives SIGSEGV.
 */
int	 fpu_area_valid(const void *area);

#endif
