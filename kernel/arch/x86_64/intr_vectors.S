/*
 * Entry stubs for interrupt vectors 32-255.  Each pushes a dummy error
 * code and its vector number, so the frame is a struct trapframe exactly
 * as for the exceptions (exception.S), and jumps to intr_common, which
 * saves the registers and calls intr_dispatch().  Every stub is 16 bytes
 * apart: the stub for vector v is at intr_stubs + (v - 32) * 16.
 */
	.text

	.altmacro
.macro	INTR_STUB vec
	.balign	16
	pushq	$0
	pushq	$\vec
	jmp	intr_common
.endm

	.balign	16
	.globl	intr_stubs
intr_stubs:
	.set	vec, 32
	.rept	224
	INTR_STUB %vec
	.set	vec, vec + 1
	.endr
	.balign	16
	.globl	intr_stubs_end
intr_stubs_end:

intr_common:
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
	call	intr_dispatch
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

	.section .note.GNU-stack,"",@progbits
