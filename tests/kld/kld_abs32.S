/*
 * Test module (refused): a 32-bit zero-extended absolute reference to a
 * kernel function, which lives above 4 GiB: R_X86_64_32 cannot hold it.
 */
	.data
	.globl	kld_abs32_ref
kld_abs32_ref:
	.long	printf
	.section .note.GNU-stack,"",@progbits
