/*
 * FPU/SSE/AVX set-up per CPU, the save areas of user threads, and the
 * kernel's vector-register sections (see machine/fpu.h).
 */
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/kernel.h>
#include <sys/malloc.h>
#include <sys/pcpu.h>
#include <sys/proc.h>
#include <sys/sysctl.h>
#include <machine/cpufunc.h>
#include <machine/fpu.h>
#include <machine/md_var.h>

#define CR0_MP		(1ULL << 1)
#define CR0_EM		(1ULL << 2)
#define CR0_TS		(1ULL << 3)
#define CR0_NE		(1ULL << 5)
#define CR4_OSFXSR	(1ULL << 9)
#define CR4_OSXMMEXCPT	(1ULL << 10)
#define CR4_OSXSAVE	(1ULL << 18)
#define CPUID_ECX_XSAVE	(1U << 26)
#define XSAVE_HDR_OFF	512		/* the XSAVE header follows the legacy area */
#define MXCSR_DEFAULT	0x1f80		/* all exceptions masked, round to nearest */

MALLOC_DEFINE(M_FPU, "fpu", "FPU/SSE/AVX save areas");

uint64_t	fpu_xcr0;
size_t		fpu_save_area_size = 512;
static uint32_t	mxcsr_mask = 0xffbf;	/* from FXSAVE; default per the SDM */
static uint8_t	fpu_initial[4096] __aligned(64);	/* the state a new image starts with */
static char	fpu_desc[64];
static const char *fpu_desc_p = fpu_desc;
SYSCTL_STRING("hw.fpu", &fpu_desc_p, "FPU state the kernel saves per thread");

static void
xsetbv(uint32_t reg, uint64_t val)
{
	__asm__ volatile("xsetbv" :: "c"(reg), "a"((uint32_t)val), "d"((uint32_t)(val >> 32)));
}

/* The components to enable: the user ones the CPU supports. */
static uint64_t
xcr0_wanted(void)
{
	uint32_t r[4];

	if ((cpu_id.feat_ecx & CPUID_ECX_XSAVE) == 0 || cpu_id.max_leaf < 0xd)
		return (0);
	cpuid_count(0xd, 0, r);
	return ((uint64_t)r[0] & (XFEATURE_X87 | XFEATURE_SSE | XFEATURE_AVX |
	    XFEATURE_AVX512));
}

void
fpuinit(void)
{
	uint32_t mxcsr = MXCSR_DEFAULT;

	load_cr0((rcr0() | CR0_MP | CR0_NE) & ~(CR0_EM | CR0_TS));
	load_cr4(rcr4() | CR4_OSFXSR | CR4_OSXMMEXCPT);
	if (fpu_xcr0 != 0) {
		load_cr4(rcr4() | CR4_OSXSAVE);
		xsetbv(0, fpu_xcr0);
	}
	__asm__ volatile("fninit; ldmxcsr %0" :: "m"(mxcsr));
}

void
fpu_save(void *area)
{
	if (fpu_xcr0 != 0)
		__asm__ volatile("xsave64 (%0)" :: "r"(area), "a"(0xffffffffU),
		    "d"(0xffffffffU) : "memory");
	else
		__asm__ volatile("fxsave64 (%0)" :: "r"(area) : "memory");
}

void
fpu_restore(const void *area)
{
	if (fpu_xcr0 != 0)
		__asm__ volatile("xrstor64 (%0)" :: "r"(area), "a"(0xffffffffU),
		    "d"(0xffffffffU) : "memory");
	else
		__asm__ volatile("fxrstor64 (%0)" :: "r"(area) : "memory");
}

/* Decide the components and the area size, enable them, record the initial state. */
static void
fpuinit_bsp(const void *dummy __unused)
{
	uint32_t r[4], mask;

	fpu_xcr0 = xcr0_wanted();
	if (fpu_xcr0 != 0) {
		load_cr4(rcr4() | CR4_OSXSAVE);
		xsetbv(0, fpu_xcr0);
		cpuid_count(0xd, 0, r);		/* EBX: size for what XCR0 enables now */
		fpu_save_area_size = r[1];
	}
	if (fpu_save_area_size > sizeof(fpu_initial))
		panic("fpu: a %zu-byte XSAVE area is more than %zu", fpu_save_area_size,
		    sizeof(fpu_initial));
	fpuinit();
	memset(fpu_initial, 0, sizeof(fpu_initial));
	fpu_save(fpu_initial);
	memcpy(&mask, fpu_initial + 28, 4);	/* MXCSR_MASK in the legacy area */
	if (mask != 0)
		mxcsr_mask = mask;
	snprintf(fpu_desc, sizeof(fpu_desc), "%s, XCR0 0x%llx, %zu-byte areas",
	    fpu_xcr0 ? "XSAVE" : "FXSAVE", (unsigned long long)fpu_xcr0,
	    fpu_save_area_size);
}
SYSINIT(fpu, SI_SUB_CPU, SI_ORDER_FIRST, fpuinit_bsp, NULL);

void *
fpu_area_alloc(void)
{
	/* malloc's classes of 64 bytes and up are 64-byte aligned. */
	void *a = malloc(fpu_save_area_size < 64 ? 64 : fpu_save_area_size, M_FPU, M_NOWAIT);

	if (a != NULL)
		fpu_area_init(a);
	return (a);
}

void
fpu_area_free(void *area)
{
	free(area, M_FPU);
}

void
fpu_area_init(void *area)
{
	memcpy(area, fpu_initial, fpu_save_area_size);
}

int
fpu_area_valid(const void *area)
{
	const uint8_t *a = area;
	uint32_t mxcsr;
	uint64_t xstate_bv, xcomp_bv;
	size_t i;

	memcpy(&mxcsr, a + 24, 4);
	if (mxcsr & ~mxcsr_mask)
		return (EINVAL);
	if (fpu_xcr0 == 0)
		return (0);
	memcpy(&xstate_bv, a + XSAVE_HDR_OFF, 8);
	memcpy(&xcomp_bv, a + XSAVE_HDR_OFF + 8, 8);
	if ((xstate_bv & ~fpu_xcr0) != 0 || xcomp_bv != 0)
		return (EINVAL);
	for (i = XSAVE_HDR_OFF + 16; i < XSAVE_HDR_OFF + 64; i++)
		if (a[i] != 0)
			return (EINVAL);
	return (0);
}

/*
 * A user thread's registers are live while it is in the kernel: save them
 * before the kernel's own use, restore them after.  The critical section
 * keeps any context switch (which would save the kernel's values as the
 * user's) from happening in between.  With AVX enabled, VZEROUPPER after
 * the save: upper halves a user program left dirty would make every
 * legacy-SSE instruction of the kernel's (AES-NI, SHA-NI) pay a state
 * transition (a third of SHA-256's speed, measured by `perf`).  A kernel
 * thread finds only a switched-out thread's registers, already saved.
 */
void
fpu_kern_enter(void)
{
	struct thread *td;

	critical_enter();
	td = curthread;
	if (td != NULL && (td->td_md.md_flags & MDF_USER) && td->td_md.md_fpu != NULL)
		fpu_save(td->td_md.md_fpu);
	if (fpu_xcr0 & XFEATURE_AVX)
		__asm__ volatile("vzeroupper" ::: "memory");
}

void
fpu_kern_leave(void)
{
	struct thread *td = curthread;

	if (td != NULL && (td->td_md.md_flags & MDF_USER) && td->td_md.md_fpu != NULL)
		fpu_restore(td->td_md.md_fpu);
	critical_exit();
}
