/*
 * The register frame the trap, interrupt and system-call entries build on
 * the kernel stack (exception.S): the general registers, the vector and
 * error code, and what the CPU pushes.  A user thread's frame sits at the
 * very top of its kernel stack (td_frame).  The offsets are repeated as
 * numbers for the assembly; trap.c checks them at compile time.
 */
#ifndef MACHINE_FRAME_H
#define MACHINE_FRAME_H

#define TF_RAX		0
#define TF_RCX		16
#define TF_R11		80
#define TF_TRAPNO	120
#define TF_RIP		136
#define TF_CS		144
#define TF_RFLAGS	152
#define TF_RSP		160
#define TF_SS		168
#define TF_SIZE		176

#define GSEL_KCODE	0x08
#define GSEL_KDATA	0x10
#define GSEL_UCODE32	0x18	/* STAR's user base: SYSRET takes 0x20 (data) and 0x28 (code) */
#define GSEL_UDATA	0x20
#define GSEL_UCODE	0x28
#define GSEL_TSS	0x30
#define SEL_UPL		3	/* requested privilege level of a user selector */

#define T_SYSCALL	0x100	/* tf_trapno of a frame built by the SYSCALL entry */

#ifndef __ASSEMBLER__
#include <stdint.h>

struct trapframe {
	uint64_t	tf_rax, tf_rbx, tf_rcx, tf_rdx, tf_rsi, tf_rdi, tf_rbp;
	uint64_t	tf_r8, tf_r9, tf_r10, tf_r11, tf_r12, tf_r13, tf_r14, tf_r15;
	uint64_t	tf_trapno;	/* vector number, pushed by the stub */
	uint64_t	tf_err;		/* error code (0 when the CPU pushes none) */
	/* pushed by the CPU */
	uint64_t	tf_rip, tf_cs, tf_rflags, tf_rsp, tf_ss;
};

#define TRAPF_USERMODE(tf)	(((tf)->tf_cs & SEL_UPL) != 0)

void	trap(struct trapframe *tf);
#endif

#endif
