/*
 * Machine-dependent thread state (struct thread's td_md): what a user
 * thread keeps across context switches besides its kernel stack -- the
 * FS and GS bases (arch_prctl) and its FPU/SSE/AVX registers.
 */
#ifndef MACHINE_PROC_H
#define MACHINE_PROC_H

#include <stdint.h>

#define MDF_USER	0x0001	/* a user thread: switch its FPU state and bases */
#define MDF_FULLIRET	0x0002	/* return to user by iretq (registers were rewritten) */

struct mdthread {
	int		 md_flags;	/* MDF_* */
	uint64_t	 md_fsbase;	/* user %fs base (thread pointer) */
	uint64_t	 md_gsbase;	/* user %gs base */
	void		*md_fpu;	/* XSAVE area, 64-byte aligned (fpu_save_area_size) */
	void		*md_onfault;	/* copyin/copyout: where a user fault resumes */
};

#endif
