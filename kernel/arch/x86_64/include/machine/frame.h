/* The register frame exception.S builds on the stack for trap(). */
#ifndef MACHINE_FRAME_H
#define MACHINE_FRAME_H

#include <stdint.h>

struct trapframe {
	uint64_t	tf_rax, tf_rbx, tf_rcx, tf_rdx, tf_rsi, tf_rdi, tf_rbp;
	uint64_t	tf_r8, tf_r9, tf_r10, tf_r11, tf_r12, tf_r13, tf_r14, tf_r15;
	uint64_t	tf_trapno;	/* vector number, pushed by the stub */
	uint64_t	tf_err;		/* error code (0 when the CPU pushes none) */
	/* pushed by the CPU */
	uint64_t	tf_rip, tf_cs, tf_rflags, tf_rsp, tf_ss;
};

void	trap(struct trapframe *tf);

#define GSEL_KCODE	0x08
#define GSEL_KDATA	0x10
#define GSEL_TSS	0x30

#endif
