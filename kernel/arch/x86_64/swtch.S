/*
 * Thread context switch.  Only callee-saved registers need saving: the
 * switch is a function call as far as the compiler is concerned.
 *
 * void cpu_switch_raw(uint64_t *old_rsp, volatile int *old_oncpu,
 *     uint64_t *new_rsp, volatile int *new_oncpu)
 *
 * The order is what keeps two CPUs from ever running one thread or
 * waiting on each other:
 *  1. save old's registers and stack pointer, then clear *old_oncpu: from
 *     here another CPU may take old (x86 keeps the two stores in order);
 *  2. wait, touching no stack, until new's own switch-out elsewhere has
 *     cleared *new_oncpu — only then is *new_rsp valid; claim new;
 *  3. load new's stack pointer and return into it.
 * Old is always released before new is awaited, so waits cannot form a
 * cycle.  Interrupts are off throughout (mi_switch); an NMI runs on its
 * own IST stack.
 */
	.text
	.globl	cpu_switch_raw
	.type	cpu_switch_raw, @function
cpu_switch_raw:
	pushq	%rbp
	pushq	%rbx
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
	movq	%rsp, (%rdi)
	movl	$0, (%rsi)		/* old released: its stack is not ours now */
1:	cmpl	$0, (%rcx)
	je	2f
	pause
	jmp	1b
2:	movl	$1, (%rcx)		/* new is ours */
	movq	(%rdx), %rsp		/* read only after its owner saved it */
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%rbx
	popq	%rbp
	ret
	.size	cpu_switch_raw, . - cpu_switch_raw

/*
 * First code of a new thread: cpu_thread_setup() left the thread pointer
 * in %r12.  fork_exit() never returns.
 */
	.globl	fork_trampoline
	.type	fork_trampoline, @function
fork_trampoline:
	movq	%r12, %rdi
	xorl	%ebp, %ebp		/* backtraces end here */
	andq	$-16, %rsp
	call	fork_exit
	ud2
	.size	fork_trampoline, . - fork_trampoline

	.section .note.GNU-stack,"",@progbits
