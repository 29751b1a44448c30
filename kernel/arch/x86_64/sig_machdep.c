/*
 * Signal frames on x86_64, as Linux lays them out (user programs and their
 * C libraries read them): sendsig() pushes an rt_sigframe -- the return
 * address (the SA_RESTORER trampoline), a ucontext with every register,
 * the old mask and the signal stack, the siginfo, and the XSAVE image of
 * the FPU/SSE/AVX registers (64-byte aligned, with Linux's magic numbers)
 * -- below the red zone or on the alternate stack; rt_sigreturn takes it
 * back, refusing what a program must not set (privileged flags, segment
 * selectors, FPU state the CPU would fault on).  Also arch_prctl (the FS
 * and GS bases).
 */
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/pcpu.h>
#include <sys/proc.h>
#include <sys/signalvar.h>
#include <sys/sysproto.h>
#include <machine/cpufunc.h>
#include <machine/fpu.h>
#include <machine/frame.h>
#include <machine/vmparam.h>

#define UC_FP_XSTATE		0x1
#define UC_SIGCONTEXT_SS	0x2
#define UC_STRICT_RESTORE_SS	0x4
#define FP_XSTATE_MAGIC1	0x46505853U
#define FP_XSTATE_MAGIC2	0x46505845U
#define FXSAVE_SIZE		512
#define SW_BYTES_OFF		464	/* in the legacy area: what follows it */
#define REDZONE			128
/* The flags a program may change (Linux's FIX_EFLAGS): AC OF DF TF SF ZF AF PF CF RF. */
#define FIX_EFLAGS		0x50dd5ULL

#define MSR_FSBASE		0xc0000100
#define ARCH_SET_GS		0x1001
#define ARCH_SET_FS		0x1002
#define ARCH_GET_FS		0x1003
#define ARCH_GET_GS		0x1004

struct l_sigcontext {
	uint64_t	r8, r9, r10, r11, r12, r13, r14, r15;
	uint64_t	rdi, rsi, rbp, rbx, rdx, rax, rcx, rsp, rip, eflags;
	uint16_t	cs, gs, fs, ss;
	uint64_t	err, trapno, oldmask, cr2;
	uint64_t	fpstate;	/* user address of the XSAVE image, 0: none */
	uint64_t	reserved1[8];
};

struct l_ucontext {
	uint64_t		uc_flags;
	uint64_t		uc_link;
	struct l_stack		uc_stack;
	struct l_sigcontext	uc_mcontext;
	sigset_t		uc_sigmask;
};

struct l_rt_sigframe {
	uint64_t		pretcode;	/* sa_restorer: where the handler returns */
	struct l_ucontext	uc;
	struct l_siginfo	info;
};

/* What follows the legacy FXSAVE area's 464 bytes in a signal frame. */
struct fpx_sw_bytes {
	uint32_t	magic1;
	uint32_t	extended_size;	/* XSAVE image + the trailing magic2 */
	uint64_t	xfeatures;
	uint32_t	xstate_size;
	uint32_t	padding[7];
};

_Static_assert(sizeof(struct l_sigcontext) == 256, "sigcontext is 256 bytes");
_Static_assert(sizeof(struct l_ucontext) == 304, "ucontext layout");
_Static_assert(sizeof(struct l_rt_sigframe) == 440, "rt_sigframe layout");
_Static_assert(sizeof(struct fpx_sw_bytes) == 48, "sw bytes");

static int
on_sigstack(struct thread *td, uint64_t sp)
{
	const struct l_stack *ss = &td->td_sigstk;

	return (ss->ss_size != 0 && sp > ss->ss_sp && sp - ss->ss_sp <= ss->ss_size);
}

/* The current registers' FPU image, in the thread's area, with Linux's markers. */
static size_t
fpu_frame_image(struct thread *td)
{
	uint8_t *a = td->td_md.md_fpu;
	struct fpx_sw_bytes sw;
	uint32_t magic2 = FP_XSTATE_MAGIC2;

	critical_enter();
	fpu_save(a);
	critical_exit();
	memset(a + SW_BYTES_OFF, 0, sizeof(sw));
	if (fpu_xcr0 == 0)
		return (FXSAVE_SIZE);
	memset(&sw, 0, sizeof(sw));
	sw.magic1 = FP_XSTATE_MAGIC1;
	sw.extended_size = (uint32_t)fpu_save_area_size + sizeof(magic2);
	sw.xfeatures = fpu_xcr0;
	sw.xstate_size = (uint32_t)fpu_save_area_size;
	memcpy(a + SW_BYTES_OFF, &sw, sizeof(sw));
	return (fpu_save_area_size + sizeof(magic2));
}

int
sendsig(struct thread *td, int sig, const struct l_sigaction *act,
    const struct l_siginfo *si, sigset_t oldmask)
{
	struct trapframe *tf = td->td_frame;
	struct l_rt_sigframe f;
	uint64_t sp = tf->tf_rsp, fp_addr, frame;
	size_t fpsize;
	int onstack = on_sigstack(td, sp), use_alt;
	uint32_t magic2 = FP_XSTATE_MAGIC2;

	use_alt = (act->sa_flags & SA_ONSTACK) && td->td_sigstk.ss_size != 0 &&
	    !(td->td_sigstk.ss_flags & SS_DISABLE) && !onstack;
	if (use_alt)
		sp = td->td_sigstk.ss_sp + td->td_sigstk.ss_size;
	else
		sp -= REDZONE;
	fpsize = fpu_frame_image(td);
	fp_addr = (sp - fpsize) & ~63ULL;
	frame = ((fp_addr - sizeof(f)) & ~15ULL) - 8;
	if ((onstack || use_alt) && !on_sigstack(td, frame))
		return (-1);	/* the alternate stack is too small */
	if (act->sa_handler >= (1ULL << 47))
		return (-1);	/* not even a canonical address: iretq would fault */

	memset(&f, 0, sizeof(f));
	f.pretcode = act->sa_restorer;
	f.uc.uc_flags = UC_SIGCONTEXT_SS | UC_STRICT_RESTORE_SS |
	    (fpu_xcr0 != 0 ? UC_FP_XSTATE : 0);
	f.uc.uc_stack.ss_sp = td->td_sigstk.ss_sp;
	f.uc.uc_stack.ss_size = td->td_sigstk.ss_size;
	f.uc.uc_stack.ss_flags = td->td_sigstk.ss_size == 0 ? SS_DISABLE :
	    (td->td_sigstk.ss_flags & SS_AUTODISARM) | (onstack ? SS_ONSTACK : 0);
	if (td->td_sigstk.ss_flags & SS_DISABLE)
		f.uc.uc_stack.ss_flags |= SS_DISABLE;
	f.uc.uc_mcontext = (struct l_sigcontext){
		.r8 = tf->tf_r8, .r9 = tf->tf_r9, .r10 = tf->tf_r10, .r11 = tf->tf_r11,
		.r12 = tf->tf_r12, .r13 = tf->tf_r13, .r14 = tf->tf_r14, .r15 = tf->tf_r15,
		.rdi = tf->tf_rdi, .rsi = tf->tf_rsi, .rbp = tf->tf_rbp, .rbx = tf->tf_rbx,
		.rdx = tf->tf_rdx, .rax = tf->tf_rax, .rcx = tf->tf_rcx, .rsp = tf->tf_rsp,
		.rip = tf->tf_rip, .eflags = tf->tf_rflags, .cs = (uint16_t)tf->tf_cs,
		.ss = (uint16_t)tf->tf_ss, .err = tf->tf_trapno == T_SYSCALL ? 0 : tf->tf_err,
		.trapno = tf->tf_trapno == T_SYSCALL ? 0 : tf->tf_trapno,
		.oldmask = oldmask, .cr2 = si->si_signo == SIGSEGV || si->si_signo == SIGBUS ?
		    si->si_addr : 0,
		.fpstate = fp_addr,
	};
	f.uc.uc_sigmask = oldmask;
	f.info = *si;
	if (copyout(td->td_md.md_fpu, (void *)fp_addr, fpsize - (fpu_xcr0 ? 4 : 0)) != 0 ||
	    (fpu_xcr0 != 0 && copyout(&magic2, (void *)(fp_addr + fpu_save_area_size), 4) != 0) ||
	    copyout(&f, (void *)frame, sizeof(f)) != 0)
		return (-1);
	if (use_alt && (td->td_sigstk.ss_flags & SS_AUTODISARM)) {
		td->td_sigstk.ss_sp = 0;
		td->td_sigstk.ss_size = 0;
		td->td_sigstk.ss_flags = SS_DISABLE;
	}

	/* The handler: (sig, &info, &uc), rax 0 (no vector registers in use). */
	tf->tf_rdi = (uint64_t)sig;
	tf->tf_rsi = frame + offsetof(struct l_rt_sigframe, info);
	tf->tf_rdx = frame + offsetof(struct l_rt_sigframe, uc);
	tf->tf_rax = 0;
	tf->tf_rsp = frame;
	tf->tf_rip = act->sa_handler;
	tf->tf_rflags &= ~(0x100ULL | 0x400ULL | 0x40000ULL);	/* TF, DF, AC */
	tf->tf_cs = GSEL_UCODE | SEL_UPL;
	tf->tf_ss = GSEL_UDATA | SEL_UPL;
	/* A fresh FPU state for the handler, as Linux gives it. */
	critical_enter();
	fpu_area_init(td->td_md.md_fpu);
	fpu_restore(td->td_md.md_fpu);
	critical_exit();
	td->td_md.md_flags |= MDF_FULLIRET;
	return (0);
}

/* The FPU image a frame points at; invalid: -1 (the caller gives SIGSEGV). */
static int
restore_fpu(struct thread *td, uint64_t fpstate)
{
	struct fpx_sw_bytes sw;
	uint8_t *a = td->td_md.md_fpu;
	size_t size = FXSAVE_SIZE;

	if (fpstate == 0) {
		fpu_area_init(a);
		goto load;
	}
	if ((fpstate & 63) != 0 && fpu_xcr0 != 0)
		return (-1);
	if (copyin((void *)(fpstate + SW_BYTES_OFF), &sw, sizeof(sw)) != 0)
		return (-1);
	if (fpu_xcr0 != 0 && sw.magic1 == FP_XSTATE_MAGIC1 &&
	    sw.xstate_size == fpu_save_area_size)
		size = fpu_save_area_size;
	fpu_area_init(a);	/* a legacy-only image: the rest in its initial state */
	if (copyin((void *)fpstate, a, size) != 0)
		return (-1);
	if (size == FXSAVE_SIZE && fpu_xcr0 != 0) {
		/* Only x87 and SSE came from the program. */
		uint64_t bv = XFEATURE_X87 | XFEATURE_SSE;

		memcpy(a + FXSAVE_SIZE, &bv, sizeof(bv));
		memset(a + FXSAVE_SIZE + 8, 0, 56);
	}
	if (fpu_area_valid(a) != 0)
		return (-1);
load:
	critical_enter();
	fpu_restore(a);
	critical_exit();
	return (0);
}

int
sys_rt_sigreturn(struct thread *td, struct rt_sigreturn_args *uap __unused)
{
	struct trapframe *tf = td->td_frame;
	struct proc *p = td->td_proc;
	struct l_ucontext uc;
	struct l_sigcontext *sc = &uc.uc_mcontext;
	uint64_t frame = tf->tf_rsp - 8;

	if (copyin((void *)(frame + offsetof(struct l_rt_sigframe, uc)), &uc, sizeof(uc)) != 0 ||
	    sc->rip >= (1ULL << 47) || sc->rsp >= (1ULL << 47) || restore_fpu(td, sc->fpstate) != 0) {
		trapsignal(td, SIGSEGV, SI_KERNEL, 0, 0);
		return (EJUSTRETURN);
	}
	tf->tf_r8 = sc->r8; tf->tf_r9 = sc->r9; tf->tf_r10 = sc->r10; tf->tf_r11 = sc->r11;
	tf->tf_r12 = sc->r12; tf->tf_r13 = sc->r13; tf->tf_r14 = sc->r14; tf->tf_r15 = sc->r15;
	tf->tf_rdi = sc->rdi; tf->tf_rsi = sc->rsi; tf->tf_rbp = sc->rbp; tf->tf_rbx = sc->rbx;
	tf->tf_rdx = sc->rdx; tf->tf_rax = sc->rax; tf->tf_rcx = sc->rcx; tf->tf_rsp = sc->rsp;
	tf->tf_rip = sc->rip;
	tf->tf_rflags = (tf->tf_rflags & ~FIX_EFLAGS) | (sc->eflags & FIX_EFLAGS) | 0x200;
	tf->tf_cs = GSEL_UCODE | SEL_UPL;
	tf->tf_ss = GSEL_UDATA | SEL_UPL;
	td->td_md.md_flags |= MDF_FULLIRET;
	/* The alternate stack as it was, unless it is in use now. */
	if (!on_sigstack(td, tf->tf_rsp) && (uc.uc_stack.ss_flags & ~(SS_ONSTACK | SS_AUTODISARM |
	    SS_DISABLE)) == 0) {
		if ((uc.uc_stack.ss_flags & SS_DISABLE) || uc.uc_stack.ss_size == 0) {
			td->td_sigstk.ss_sp = 0;
			td->td_sigstk.ss_size = 0;
			td->td_sigstk.ss_flags = SS_DISABLE;
		} else if (uc.uc_stack.ss_size >= MINSIGSTKSZ) {
			td->td_sigstk.ss_sp = uc.uc_stack.ss_sp;
			td->td_sigstk.ss_size = uc.uc_stack.ss_size;
			td->td_sigstk.ss_flags = uc.uc_stack.ss_flags & SS_AUTODISARM;
		}
	}
	mtx_lock(&p->p_mtx);
	td->td_sigmask = uc.uc_sigmask & ~SIG_CANTMASK;
	signotify(td);
	mtx_unlock(&p->p_mtx);
	return (EJUSTRETURN);
}

int
sys_arch_prctl(struct thread *td, struct arch_prctl_args *uap)
{
	uint64_t v;

	switch (uap->code) {
	case ARCH_SET_FS:
	case ARCH_SET_GS:
		if (uap->addr >= VM_MAXUSER_ADDRESS)
			return (EPERM);
		critical_enter();	/* the MSR and the saved copy agree at any switch */
		if (uap->code == ARCH_SET_FS) {
			td->td_md.md_fsbase = uap->addr;
			wrmsr(MSR_FSBASE, uap->addr);
		} else {
			td->td_md.md_gsbase = uap->addr;
			wrmsr(MSR_KGSBASE, uap->addr);
		}
		critical_exit();
		return (0);
	case ARCH_GET_FS:
	case ARCH_GET_GS:
		v = uap->code == ARCH_GET_FS ? td->td_md.md_fsbase : td->td_md.md_gsbase;
		return (copyout(&v, (void *)uap->addr, sizeof(v)));
	}
	return (EINVAL);
}
