/* FPU/SSE set-up per CPU and the kernel's SSE sections (see machine/fpu.h). */
#include <sys/systm.h>
#include <sys/kernel.h>
#include <sys/proc.h>
#include <machine/cpufunc.h>
#include <machine/fpu.h>

#define CR0_MP		(1ULL << 1)
#define CR0_EM		(1ULL << 2)
#define CR0_TS		(1ULL << 3)
#define CR4_OSFXSR	(1ULL << 9)
#define CR4_OSXMMEXCPT	(1ULL << 10)

void
fpuinit(void)
{
	uint32_t mxcsr = 0x1f80;	/* all exceptions masked, round to nearest */

	load_cr0((rcr0() | CR0_MP) & ~(CR0_EM | CR0_TS));
	load_cr4(rcr4() | CR4_OSFXSR | CR4_OSXMMEXCPT);
	__asm__ volatile("fninit; ldmxcsr %0" :: "m"(mxcsr));
}

static void
fpuinit_bsp(const void *dummy __unused)
{
	fpuinit();
}
SYSINIT(fpu, SI_SUB_CPU, SI_ORDER_FIRST, fpuinit_bsp, NULL);

void
fpu_kern_enter(void)
{
	critical_enter();
}

void
fpu_kern_leave(void)
{
	critical_exit();
}
