/* An absolute 32-bit zero-extended reference: fits only below 4 GiB. */
	.data
	.globl	abs32_ref
abs32_ref:
	.long	kvar
	.quad	kvar
	.section .note.GNU-stack,"",@progbits
