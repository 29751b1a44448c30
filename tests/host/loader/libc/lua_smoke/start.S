/* Lua smoke test: process entry for a -nostdlib static Linux program. */
	.text
	.globl	_start
_start:
	xorl	%ebp, %ebp
	movq	%rsp, %rdi		/* argc, argv[] on the initial stack */
	andq	$-16, %rsp
	call	smoke_main
	hlt

	.section .note.GNU-stack,"",@progbits
