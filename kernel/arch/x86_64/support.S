/*
 * Accessing user memory from the kernel: the inner loops of copyin,
 * copyout, copyinstr and the futex word operations (the C side with the
 * range checks is in copy_machdep.c).
 *
 * Each routine takes a pointer to the current thread's md_onfault slot and
 * stores there the address of its fault exit before touching user memory;
 * a page fault it cannot resolve (trap.c) resumes at that address, which
 * clears the slot and returns EFAULT.  With SMAP, user pages are only
 * reachable between stac and clac.
 */
#define EFAULT		14
#define ENAMETOOLONG	63

	.text

/* SMAP on: set/clear EFLAGS.AC around user accesses (an #UD without SMAP). */
.macro	SMAP_OPEN
	cmpb	$0, smap_enabled(%rip)
	je	8f
	stac
8:
.endm
.macro	SMAP_CLOSE
	cmpb	$0, smap_enabled(%rip)
	je	9f
	clac
9:
.endm

/* int copy_user_raw(void *dst, const void *src, size_t len, void **onfault) */
	.globl	copy_user_raw
	.type	copy_user_raw, @function
copy_user_raw:
	movq	%rcx, %r9
	leaq	user_fault(%rip), %rax
	movq	%rax, (%r9)
	movq	%rdx, %rcx
	SMAP_OPEN
	rep movsb
	SMAP_CLOSE
	movq	$0, (%r9)
	xorl	%eax, %eax
	ret
	.size	copy_user_raw, . - copy_user_raw

/* int zero_user_raw(void *dst, size_t len, void **onfault) */
	.globl	zero_user_raw
	.type	zero_user_raw, @function
zero_user_raw:
	movq	%rdx, %r9
	leaq	user_fault(%rip), %rax
	movq	%rax, (%r9)
	movq	%rsi, %rcx
	xorl	%eax, %eax
	SMAP_OPEN
	rep stosb
	SMAP_CLOSE
	movq	$0, (%r9)
	xorl	%eax, %eax
	ret
	.size	zero_user_raw, . - zero_user_raw

/*
 * int copyinstr_raw(void *dst, const void *src, size_t maxlen, void **onfault,
 *     size_t *done): 0 when the NUL was copied, ENAMETOOLONG after maxlen
 * bytes without one, EFAULT.  *done: bytes copied (with the NUL).
 */
	.globl	copyinstr_raw
	.type	copyinstr_raw, @function
copyinstr_raw:
	movq	%rcx, %r9
	leaq	copyinstr_fault(%rip), %rax
	movq	%rax, (%r9)
	xorl	%ecx, %ecx
	SMAP_OPEN
1:	cmpq	%rdx, %rcx
	jae	2f
	movb	(%rsi,%rcx), %al
	movb	%al, (%rdi,%rcx)
	incq	%rcx
	testb	%al, %al
	jnz	1b
	xorl	%eax, %eax
	jmp	3f
2:	movl	$ENAMETOOLONG, %eax
3:	SMAP_CLOSE
	movq	$0, (%r9)
	movq	%rcx, (%r8)
	ret
copyinstr_fault:
	SMAP_CLOSE
	movq	$0, (%r9)
	movq	%rcx, (%r8)
	movl	$EFAULT, %eax
	ret
	.size	copyinstr_raw, . - copyinstr_raw

/* int fueword32_raw(const void *uaddr, uint32_t *val, void **onfault) */
	.globl	fueword32_raw
	.type	fueword32_raw, @function
fueword32_raw:
	movq	%rdx, %r9
	leaq	user_fault(%rip), %rax
	movq	%rax, (%r9)
	SMAP_OPEN
	movl	(%rdi), %eax
	SMAP_CLOSE
	movl	%eax, (%rsi)
	movq	$0, (%r9)
	xorl	%eax, %eax
	ret
	.size	fueword32_raw, . - fueword32_raw

/* int suword32_raw(void *uaddr, uint32_t val, void **onfault) */
	.globl	suword32_raw
	.type	suword32_raw, @function
suword32_raw:
	movq	%rdx, %r9
	leaq	user_fault(%rip), %rax
	movq	%rax, (%r9)
	SMAP_OPEN
	movl	%esi, (%rdi)
	SMAP_CLOSE
	movq	$0, (%r9)
	xorl	%eax, %eax
	ret
	.size	suword32_raw, . - suword32_raw

/*
 * int casueword32_raw(void *uaddr, uint32_t old, uint32_t *oldp, uint32_t new,
 *     void **onfault): lock cmpxchg on the user word.
 */
	.globl	casueword32_raw
	.type	casueword32_raw, @function
casueword32_raw:
	movq	%r8, %r9
	leaq	user_fault(%rip), %rax
	movq	%rax, (%r9)
	movl	%esi, %eax
	SMAP_OPEN
	lock cmpxchgl %ecx, (%rdi)
	SMAP_CLOSE
	movl	%eax, (%rdx)
	movq	$0, (%r9)
	xorl	%eax, %eax
	ret
	.size	casueword32_raw, . - casueword32_raw

/* The common fault exit; %r9 holds the onfault slot. */
user_fault:
	SMAP_CLOSE
	movq	$0, (%r9)
	movl	$EFAULT, %eax
	ret

	.section .note.GNU-stack,"",@progbits
