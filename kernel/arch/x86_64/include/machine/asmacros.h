/*
 * Assembler macros shared by the trap and interrupt entry code: building
 * struct trapframe (machine/frame.h) around a C handler and leaving
 * through doreti (exception.S), the one return path to the interrupted
 * code.  The stubs have already pushed the error code (or 0) and the
 * vector.
 *
 * Coming from user mode, the entry swaps in the kernel's GS base (the
 * per-CPU data) and clears EFLAGS.AC: a user's AC=1 must not open SMAP
 * for the kernel.
 */
#ifndef MACHINE_ASMACROS_H
#define MACHINE_ASMACROS_H

#include <machine/frame.h>

.macro	PUSH_FRAME_REGS
	pushq	%r15
	pushq	%r14
	pushq	%r13
	pushq	%r12
	pushq	%r11
	pushq	%r10
	pushq	%r9
	pushq	%r8
	pushq	%rbp
	pushq	%rdi
	pushq	%rsi
	pushq	%rdx
	pushq	%rcx
	pushq	%rbx
	pushq	%rax
.endm

.macro	POP_FRAME_REGS
	popq	%rax
	popq	%rbx
	popq	%rcx
	popq	%rdx
	popq	%rsi
	popq	%rdi
	popq	%rbp
	popq	%r8
	popq	%r9
	popq	%r10
	popq	%r11
	popq	%r12
	popq	%r13
	popq	%r14
	popq	%r15
.endm

/* Save every general register, call handler(trapframe), leave by doreti. */
.macro	TRAPFRAME_CALL handler
	PUSH_FRAME_REGS
	testb	$SEL_UPL, TF_CS(%rsp)
	jz	1f
	swapgs
	cmpb	$0, smap_enabled(%rip)
	je	1f
	clac
1:	cld
	movq	%rsp, %rdi
	call	\handler
	jmp	doreti
.endm

#endif
