/*
 * Sanpo libc: setjmp / longjmp for x86_64 (System V ABI).
 *
 * jmp_buf layout (9 x 8 bytes):
 *   0 rbx  1 rbp  2 r12  3 r13  4 r14  5 r15  6 rsp (caller's, after
 *   return)  7 rip (return address)  8 MXCSR (low 32) | x87 CW (bits 32-47)
 *
 * longjmp(env, 0) makes setjmp return 1.
 */
#ifdef SANPO_LIBC_HOSTTEST
#define SYM(x) sanpo_##x
#else
#define SYM(x) x
#endif

	.text
	.globl	SYM(setjmp)
	.type	SYM(setjmp), @function
	.p2align 4
SYM(setjmp):
	movq	%rbx, 0(%rdi)
	movq	%rbp, 8(%rdi)
	movq	%r12, 16(%rdi)
	movq	%r13, 24(%rdi)
	movq	%r14, 32(%rdi)
	movq	%r15, 40(%rdi)
	leaq	8(%rsp), %rdx		/* rsp as it will be after our ret */
	movq	%rdx, 48(%rdi)
	movq	(%rsp), %rdx		/* return address */
	movq	%rdx, 56(%rdi)
	stmxcsr	64(%rdi)
	fnstcw	68(%rdi)
	xorl	%eax, %eax
	ret
	.size	SYM(setjmp), .-SYM(setjmp)

	.globl	SYM(longjmp)
	.type	SYM(longjmp), @function
	.p2align 4
SYM(longjmp):
	movl	%esi, %eax
	testl	%eax, %eax
	jnz	1f
	movl	$1, %eax
1:
	movq	0(%rdi), %rbx
	movq	8(%rdi), %rbp
	movq	16(%rdi), %r12
	movq	24(%rdi), %r13
	movq	32(%rdi), %r14
	movq	40(%rdi), %r15
	ldmxcsr	64(%rdi)
	fldcw	68(%rdi)
	movq	48(%rdi), %rsp
	jmpq	*56(%rdi)
	.size	SYM(longjmp), .-SYM(longjmp)

	.section .note.GNU-stack,"",@progbits
