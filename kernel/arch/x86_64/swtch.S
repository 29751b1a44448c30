/*
 * Thread context switch.  Only callee-saved registers need saving: the
 * switch is a function call as far as the compiler is concerned.
 *
 * void cpu_switch_raw(uint64_t *old_rsp, volatile int *old_oncpu, uint64_t new_rsp)
 *
 * Clearing *old_oncpu after the old stack pointer is stored tells other
 * CPUs the old thread's context is complete: a CPU that picked it from a
 * run queue spins until then (sched_core.c), so a thread never runs on two
 * CPUs at once.
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
	movl	$0, (%rsi)		/* x86 stores are not reordered with the one above */
	movq	%rdx, %rsp
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
