/*
 * Assembler macros shared by the trap and interrupt entry code: building
 * and tearing down struct trapframe (machine/frame.h) around a C handler.
 * The stubs have already pushed the error code (or 0) and the vector.
 */
#ifndef MACHINE_ASMACROS_H
#define MACHINE_ASMACROS_H

/* Save every general register, call handler(trapframe), restore, iretq. */
.macro	TRAPFRAME_CALL handler
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
	cld
	movq	%rsp, %rdi
	call	\handler
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
	addq	$16, %rsp		/* vector and error code */
	iretq
.endm

#endif
