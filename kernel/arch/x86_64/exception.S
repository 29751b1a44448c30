/*
 * Exception entry stubs for vectors 0-31.  Each pushes a dummy error code
 * when the CPU does not push one, then its vector number, so every frame
 * has the same layout (struct trapframe) when alltraps calls trap().
 */
#include <machine/asmacros.h>
	.text

.macro	TRAP_NOERR vec
	.globl	Xtrap\vec
Xtrap\vec:
	pushq	$0
	pushq	$\vec
	jmp	alltraps
.endm

.macro	TRAP_ERR vec
	.globl	Xtrap\vec
Xtrap\vec:
	pushq	$\vec
	jmp	alltraps
.endm

TRAP_NOERR 0
TRAP_NOERR 1
TRAP_NOERR 2
TRAP_NOERR 3
TRAP_NOERR 4
TRAP_NOERR 5
TRAP_NOERR 6
TRAP_NOERR 7
TRAP_ERR   8
TRAP_NOERR 9
TRAP_ERR   10
TRAP_ERR   11
TRAP_ERR   12
TRAP_ERR   13
TRAP_ERR   14
TRAP_NOERR 15
TRAP_NOERR 16
TRAP_ERR   17
TRAP_NOERR 18
TRAP_NOERR 19
TRAP_NOERR 20
TRAP_ERR   21
TRAP_NOERR 22
TRAP_NOERR 23
TRAP_NOERR 24
TRAP_NOERR 25
TRAP_NOERR 26
TRAP_NOERR 27
TRAP_NOERR 28
TRAP_ERR   29
TRAP_ERR   30
TRAP_NOERR 31

alltraps:
	TRAPFRAME_CALL trap

	.section .rodata
	.balign	8
	.globl	trap_vectors
trap_vectors:
	.irp	n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	.quad	Xtrap\n
	.endr

	.section .note.GNU-stack,"",@progbits
