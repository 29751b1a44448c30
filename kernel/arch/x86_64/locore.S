/*
 * Kernel entry.  The loader jumps here in long mode with its own page
 * tables (identity map + this image), interrupts off, and the boot info's
 * physical address in %rdi.  We record the TSC first (the boot-time report
 * measures from here), switch to our own stack, and call into C.
 */
	.section .text.boot, "ax"
	.globl	_start
	.type	_start, @function
_start:
	cli
	cld
	movq	%rdi, %r12			/* keep the boot info pointer */
	rdtsc
	shlq	$32, %rdx
	orq	%rdx, %rax
	movq	%rax, kernel_entry_tsc(%rip)
	leaq	boot_stack_top(%rip), %rsp
	xorl	%ebp, %ebp			/* the backtrace stops here */
	movq	%r12, %rdi
	call	hammer_time
1:	cli
	hlt
	jmp	1b
	.size	_start, . - _start

	.bss
	.balign	16
	.globl	boot_stack, boot_stack_top
boot_stack:
	.space	16384
boot_stack_top:

	.section .note.GNU-stack,"",@progbits
