/*
 * The relocation types C code rarely makes but a module's assembly may:
 * 64-bit PC-relative (R_X86_64_PC64, e.g. a table of offsets) and
 * R_X86_64_NONE (which changes nothing).
 */
	.data
	.globl	pc64_table
pc64_table:
	.quad	kfunc - .
	.quad	kvar - . + 16
	.quad	pc64_code - .
	.reloc	., R_X86_64_NONE, kvar
	.quad	0x1122334455667788

	.text
	.globl	pc64_code
pc64_code:
	leaq	pc64_table(%rip), %rax
	addq	(%rax), %rax
	ret
	.section .note.GNU-stack,"",@progbits
