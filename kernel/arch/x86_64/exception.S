/*
 * Kernel entry and exit.
 *
 * Exception stubs for vectors 0-31: each pushes a dummy error code when
 * the CPU does not push one, then its vector number, so every frame has
 * the same layout (struct trapframe) when alltraps calls trap().  The NMI,
 * the double fault and the machine check run on their own IST stacks and
 * may arrive at any instruction -- even between a SYSCALL and its swapgs
 * -- so their entry decides from the GS base MSR itself whether to swap.
 *
 * fast_syscall is the SYSCALL target (LSTAR): it moves to the thread's
 * kernel stack, builds the same trapframe and calls amd64_syscall().
 *
 * doreti is the one way back to interrupted code.  Towards user mode it
 * first runs the thread's pending work (signals, preemption, stops) with
 * ast_return(), then swaps the user GS base back in.
 */
#include <machine/asmacros.h>
#include <machine/pcpu.h>

#define MSR_GSBASE	0xc0000101

	.text

.macro	TRAP_NOERR vec
	.globl	Xtrap\vec
Xtrap\vec:
	pushq	$0
	pushq	$\vec
	jmp	alltraps
.endm

.macro	TRAP_ERR vec
	.globl	Xtrap\vec
Xtrap\vec:
	pushq	$\vec
	jmp	alltraps
.endm

/* On an IST stack, at any instruction: swap GS only if the user's is loaded. */
.macro	TRAP_PARANOID vec, err
	.globl	Xtrap\vec
Xtrap\vec:
	.if	\err == 0
	pushq	$0
	.endif
	pushq	$\vec
	jmp	paranoid_trap
.endm

TRAP_NOERR 0
TRAP_NOERR 1
TRAP_PARANOID 2, 0
TRAP_NOERR 3
TRAP_NOERR 4
TRAP_NOERR 5
TRAP_NOERR 6
TRAP_NOERR 7
TRAP_PARANOID 8, 1
TRAP_NOERR 9
TRAP_ERR   10
TRAP_ERR   11
TRAP_ERR   12
TRAP_ERR   13
TRAP_ERR   14
TRAP_NOERR 15
TRAP_NOERR 16
TRAP_ERR   17
TRAP_PARANOID 18, 0
TRAP_NOERR 19
TRAP_NOERR 20
TRAP_ERR   21
TRAP_NOERR 22
TRAP_NOERR 23
TRAP_NOERR 24
TRAP_NOERR 25
TRAP_NOERR 26
TRAP_NOERR 27
TRAP_NOERR 28
TRAP_ERR   29
TRAP_ERR   30
TRAP_NOERR 31

alltraps:
	TRAPFRAME_CALL trap

/*
 * The kernel's GS base is a kernel address (negative); a user's never is
 * (arch_prctl refuses it).  %ebx says whether we swapped: trap() keeps it.
 */
paranoid_trap:
	PUSH_FRAME_REGS
	cld
	xorl	%ebx, %ebx
	movl	$MSR_GSBASE, %ecx
	rdmsr
	testl	%edx, %edx
	js	1f
	swapgs
	movl	$1, %ebx
1:	movq	%rsp, %rdi
	call	trap
	testl	%ebx, %ebx
	jz	2f
	swapgs
2:	POP_FRAME_REGS
	addq	$16, %rsp
	iretq

/*
 * The return path for every frame built by TRAPFRAME_CALL and
 * fast_syscall.  Interrupts go off before the last check for pending
 * work, so nothing can be posted between that check and iretq (an
 * interrupt arriving then is taken in user mode and comes back here).
 */
	.globl	doreti
doreti:
	testb	$SEL_UPL, TF_CS(%rsp)
	jz	doreti_exit
	cli
	movq	%rsp, %rdi
	call	ast_return		/* returns with interrupts off */
	swapgs
doreti_exit:
	POP_FRAME_REGS
	addq	$16, %rsp		/* vector and error code */
	.globl	doreti_iret
doreti_iret:
	iretq

/*
 * void doreti_to_user(struct trapframe *tf): start (or resume) user mode
 * from tf, which is the top of the current kernel stack (td_frame).  For
 * new threads and after exec; never returns.
 */
	.globl	doreti_to_user
	.type	doreti_to_user, @function
doreti_to_user:
	movq	%rdi, %rsp
	jmp	doreti
	.size	doreti_to_user, . - doreti_to_user

/*
 * SYSCALL: %rcx = user %rip, %r11 = user %rflags, interrupts, TF, DF, AC
 * off (FMASK), still on the user stack with the user GS base.
 */
	.globl	fast_syscall
	.type	fast_syscall, @function
fast_syscall:
	swapgs
	movq	%rsp, %gs:PC_SCRATCH_RSP
	movq	%gs:PC_RSP0, %rsp
	pushq	$(GSEL_UDATA | SEL_UPL)		/* tf_ss */
	pushq	%gs:PC_SCRATCH_RSP		/* tf_rsp */
	pushq	%r11				/* tf_rflags */
	pushq	$(GSEL_UCODE | SEL_UPL)		/* tf_cs */
	pushq	%rcx				/* tf_rip */
	pushq	$0				/* tf_err */
	pushq	$T_SYSCALL			/* tf_trapno */
	PUSH_FRAME_REGS
	sti
	movq	%rsp, %rdi
	call	amd64_syscall
	cli
	movq	%rsp, %rdi
	call	ast_return			/* 1: leave by iretq (full frame) */
	testl	%eax, %eax
	jnz	1f
	/* SYSRET: rcx and r11 carry rip and rflags; every other register is the frame's. */
	movq	TF_RIP(%rsp), %rcx
	movq	TF_RFLAGS(%rsp), %r11
	movq	TF_RAX(%rsp), %rax
	movq	8(%rsp), %rbx
	movq	24(%rsp), %rdx
	movq	32(%rsp), %rsi
	movq	40(%rsp), %rdi
	movq	48(%rsp), %rbp
	movq	56(%rsp), %r8
	movq	64(%rsp), %r9
	movq	72(%rsp), %r10
	movq	88(%rsp), %r12
	movq	96(%rsp), %r13
	movq	104(%rsp), %r14
	movq	112(%rsp), %r15
	movq	TF_RSP(%rsp), %rsp
	swapgs
	sysretq
1:	swapgs
	jmp	doreti_exit
	.size	fast_syscall, . - fast_syscall

	.section .rodata
	.balign	8
	.globl	trap_vectors
trap_vectors:
	.irp	n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	.quad	Xtrap\n
	.endr

	.section .note.GNU-stack,"",@progbits
