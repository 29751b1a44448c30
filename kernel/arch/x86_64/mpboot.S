/*
 * The AP start-up trampoline, copied by mp_machdep.c to a page below
 * 1 MiB (the SIPI vector).  An AP starts here in real mode with CS = that
 * page >> 4 and IP = 0, and goes straight to long mode: PAE, the
 * temporary page tables (identity map of this page + the kernel's upper
 * half), EFER.LME/NXE, CR0.PG|PE, then a far jump through the patched
 * pointer to the 64-bit code below, which records the TSC and jumps to
 * mpentry in the kernel proper.  The tr_* fields are filled in by the BSP
 * before each start; everything is addressed relative to the page.
 */
	.text
	.balign	16
	.globl	mptramp_start, mptramp_end
	.globl	tr_gdtr, tr_farjmp, tr_cr3, tr_cr4, tr_cr0, tr_efer, tr_entry, tr_tsc
	.globl	tr_gdt, tr_long

	.code16
mptramp_start:
	cli
	cld
	movw	%cs, %ax
	movw	%ax, %ds
	lgdtl	(tr_gdtr - mptramp_start)
	movl	(tr_cr4 - mptramp_start), %eax
	movl	%eax, %cr4
	movl	(tr_cr3 - mptramp_start), %eax
	movl	%eax, %cr3
	movl	$0xc0000080, %ecx			/* EFER */
	movl	(tr_efer - mptramp_start), %eax
	movl	(tr_efer + 4 - mptramp_start), %edx
	wrmsr
	movl	(tr_cr0 - mptramp_start), %eax
	movl	%eax, %cr0				/* paging on: long mode */
	ljmpl	*(tr_farjmp - mptramp_start)

	.code64
tr_long:
	movl	$0x10, %eax
	movw	%ax, %ds
	movw	%ax, %es
	movw	%ax, %ss
	rdtsc
	shlq	$32, %rdx
	orq	%rdx, %rax
	movq	%rax, tr_tsc(%rip)
	movq	tr_entry(%rip), %rax
	jmpq	*%rax

	.balign	16
tr_gdt:
	.quad	0
	.quad	0x00af9a000000ffff			/* 0x08 code, 64-bit */
	.quad	0x00cf92000000ffff			/* 0x10 data */
tr_gdt_end:
	.balign	8
tr_gdtr:
	.word	tr_gdt_end - tr_gdt - 1
	.long	0					/* page + (tr_gdt - start) */
	.balign	8
tr_farjmp:
	.long	0					/* page + (tr_long - start) */
	.word	0x08
	.balign	8
tr_cr3:	.long	0			/* temporary PML4, below 4 GiB */
tr_cr4:	.long	0
tr_cr0:	.long	0
	.balign	8
tr_efer: .quad	0
tr_entry: .quad	0			/* mpentry */
tr_tsc:	.quad	0			/* written by the AP: first TSC in long mode */
mptramp_end:

/*
 * In the kernel's address space (still on the temporary tables, which map
 * the kernel's upper half too): switch to the kernel's page tables and the
 * stack the BSP allocated, then C.
 */
	.globl	mpentry
	.type	mpentry, @function
mpentry:
	movq	kernel_pml4_pa(%rip), %rax
	movq	%rax, %cr3
	movq	ap_boot_stack(%rip), %rsp
	xorl	%ebp, %ebp			/* the backtrace stops here */
	call	init_secondary
1:	cli
	hlt
	jmp	1b
	.size	mpentry, . - mpentry

	.section .note.GNU-stack,"",@progbits
