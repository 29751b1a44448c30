/*
 * Entry stubs for interrupt vectors 32-255.  Each pushes a dummy error
 * code and its vector number, so the frame is a struct trapframe exactly
 * as for the exceptions (exception.S), and jumps to intr_common, which
 * saves the registers and calls intr_dispatch().  Every stub is 16 bytes
 * apart: the stub for vector v is at intr_stubs + (v - 32) * 16.
 */
#include <machine/asmacros.h>
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
	TRAPFRAME_CALL intr_dispatch

	.section .note.GNU-stack,"",@progbits
