/*
 * The jump into the kernel.  Called after ExitBootServices with the
 * hand-off page tables built: switching CR3 is safe because those tables
 * identity-map the loader's own code and stack.
 *
 * void loader_handoff(uint64_t cr3, uint64_t entry, uint64_t bootinfo_pa)
 */
	.text
	.globl	loader_handoff
	.type	loader_handoff, @function
loader_handoff:
	cli
	movq	%rdi, %cr3
	movq	%rdx, %rdi		/* first argument: boot info */
	xorl	%ebp, %ebp		/* end of the frame-pointer chain */
	jmpq	*%rsi
	.size	loader_handoff, . - loader_handoff
	.section .note.GNU-stack,"",@progbits
