/*
 * Kernel use of the FPU/SSE registers.  The kernel is built without SSE
 * (-mgeneral-regs-only); the few routines that use it (AES-NI) run between
 * fpu_kern_enter() and fpu_kern_leave(), which keep the thread from being
 * preempted or migrated, so no other thread can observe or clobber the
 * registers half way.  Interrupt handlers never touch SSE.  (When user
 * threads exist, fpu_kern_enter() must also save their SSE state.)
 */
#ifndef MACHINE_FPU_H
#define MACHINE_FPU_H

void	fpuinit(void);		/* per CPU: enable SSE, default MXCSR */
void	fpu_kern_enter(void);
void	fpu_kern_leave(void);

#endif
