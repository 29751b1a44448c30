/*
 * The x86_64 side of system calls and of every return to user mode.
 *
 * cpu_user_init() (each CPU) points SYSCALL at fast_syscall (exception.S)
 * through STAR/LSTAR/FMASK, and turns on SMEP and SMAP where the CPU has
 * them: the kernel then neither runs user pages nor touches user data
 * except inside copyin/copyout (support.S).
 *
 * amd64_syscall() runs a call with Linux's convention -- number in %rax,
 * arguments in %rdi, %rsi, %rdx, %r10, %r8, %r9, result or -errno in %rax
 * -- and ast_return() does the thread's pending work (preemption, signals,
 * stops, exit) before any return to user mode, interrupts off at the end.
 */
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/kernel.h>
#include <sys/pcpu.h>
#include <sys/proc.h>
#include <sys/rcu.h>
#include <sys/signalvar.h>
#include <sys/sysent.h>
#include <sys/syscall.h>
#include <sys/sysctl.h>
#include <machine/cpufunc.h>
#include <machine/frame.h>
#include <machine/md_var.h>
#include <machine/pcpu.h>
#include <machine/vmparam.h>
#include <machine/pmap.h>
#include <machine/pte.h>
#include <vm/vm_phys.h>

#define MSR_STAR	0xc0000081
#define MSR_LSTAR	0xc0000082
#define MSR_CSTAR	0xc0000083
#define MSR_SFMASK	0xc0000084
#define EFER_SCE	(1ULL << 0)
#define CR4_SMEP	(1ULL << 20)
#define CR4_SMAP	(1ULL << 21)
/* Cleared on SYSCALL: interrupts, single-step, direction, alignment check (SMAP!), NT, IOPL. */
#define SYSCALL_FMASK	(0x200 | 0x100 | 0x400 | 0x40000 | 0x4000 | 0x3000)
#define SYSCALL_INSN_LEN 2

void	fast_syscall(void);

int	cpu_smep, cpu_smap;
SYSCTL_INT("hw.cpu_smep", &cpu_smep, "supervisor mode execution prevention is on");
SYSCTL_INT("hw.cpu_smap", &cpu_smap, "supervisor mode access prevention is on");

_Static_assert(offsetof(struct pcpu, pc_curthread) == PC_CURTHREAD, "PC_CURTHREAD");
_Static_assert(offsetof(struct pcpu, pc_rsp0) == PC_RSP0, "PC_RSP0");
_Static_assert(offsetof(struct pcpu, pc_scratch_rsp) == PC_SCRATCH_RSP, "PC_SCRATCH_RSP");
_Static_assert(offsetof(struct trapframe, tf_rax) == TF_RAX, "TF_RAX");
_Static_assert(offsetof(struct trapframe, tf_rcx) == TF_RCX, "TF_RCX");
_Static_assert(offsetof(struct trapframe, tf_r11) == TF_R11, "TF_R11");
_Static_assert(offsetof(struct trapframe, tf_trapno) == TF_TRAPNO, "TF_TRAPNO");
_Static_assert(offsetof(struct trapframe, tf_rip) == TF_RIP, "TF_RIP");
_Static_assert(offsetof(struct trapframe, tf_cs) == TF_CS, "TF_CS");
_Static_assert(offsetof(struct trapframe, tf_rflags) == TF_RFLAGS, "TF_RFLAGS");
_Static_assert(offsetof(struct trapframe, tf_rsp) == TF_RSP, "TF_RSP");
_Static_assert(sizeof(struct trapframe) == TF_SIZE, "TF_SIZE");

void
cpu_user_init(void)
{
	wrmsr(MSR_STAR, ((uint64_t)GSEL_UCODE32 << 48) | ((uint64_t)GSEL_KCODE << 32));
	wrmsr(MSR_LSTAR, (uint64_t)fast_syscall);
	wrmsr(MSR_CSTAR, 0);		/* no 32-bit user code (GDT slot 3 is empty) */
	wrmsr(MSR_SFMASK, SYSCALL_FMASK);
	wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_SCE);
	if (cpu_id.stdext_ebx & CPUID_STDEXT_SMEP) {
		load_cr4(rcr4() | CR4_SMEP);
		cpu_smep = 1;
	}
	if (cpu_id.stdext_ebx & CPUID_STDEXT_SMAP) {
		load_cr4(rcr4() | CR4_SMAP);
		cpu_smap = 1;
		smap_enabled = 1;
	}
}

static void
cpu_user_init_bsp(const void *dummy __unused)
{
	cpu_user_init();
}
SYSINIT(cpu_user, SI_SUB_CPU, SI_ORDER_SECOND, cpu_user_init_bsp, NULL);

void
amd64_syscall(struct trapframe *tf)
{
	struct thread *td = curthread;
	uint64_t code = tf->tf_rax, args[6] = {
		tf->tf_rdi, tf->tf_rsi, tf->tf_rdx, tf->tf_r10, tf->tf_r8, tf->tf_r9,
	};
	int error;

	td->td_sa_restart = 0;
	error = syscall_dispatch(td, code, args);
	switch (error) {
	case 0:
		tf->tf_rax = td->td_retval[0];
		break;
	case ERESTART:
	case ERESTARTNOHAND:
	case ERESTART_RESTARTBLOCK:
		/* Restarted or turned into EINTR once signals are handled (ast). */
		td->td_sa_restart = error;
		td->td_sa_code = code;
		tf->tf_rax = (uint64_t)-(int64_t)linux_errno(EINTR);
		break;
	case EJUSTRETURN:
		break;		/* the call set the registers (sigreturn, exec) */
	default:
		tf->tf_rax = (uint64_t)-(int64_t)linux_errno(error);
		break;
	}
}

/* The interrupted call runs again: back over the SYSCALL instruction. */
void
cpu_syscall_restart(struct thread *td, struct trapframe *tf)
{
	tf->tf_rip -= SYSCALL_INSN_LEN;
	tf->tf_rax = td->td_sa_restart == ERESTART_RESTARTBLOCK ? SYS_restart_syscall :
	    td->td_sa_code;
}

/*
 * Before returning to user mode, with interrupts off; they are turned on
 * while work is done and off again for the final check.  Returns 1 when
 * the return must go through iretq: the registers were rewritten (exec,
 * signal delivery, sigreturn) and SYSRET would clobber %rcx and %r11, or
 * %rip is not a user address SYSRET could safely load.
 */
int
ast_return(struct trapframe *tf)
{
	struct thread *td = curthread;
	int full;

	while (td->td_ast != 0 || sched_resched_pending()) {
		enable_intr();
		if (sched_resched_pending())
			sched_yield();
		if (td->td_ast != 0)
			ast(td, tf);
		disable_intr();
	}
	if (td->td_sa_restart != 0) {
		/* No handler took the interrupted call: run it again. */
		cpu_syscall_restart(td, tf);
		td->td_sa_restart = 0;
	}
	/* User mode is never inside an RCU read section: a quiescent state. */
	if (td->td_rcu_nest != 0)
		panic("rcu: returning to user mode inside an RCU read section (nesting %d)",
		    td->td_rcu_nest);
	rcu_quiescent();
	full = (td->td_md.md_flags & MDF_FULLIRET) || tf->tf_rip >= VM_MAXUSER_ADDRESS;
	td->td_md.md_flags &= ~MDF_FULLIRET;
	return (full);
}

/*
 * The boot tests' proof that SMAP and SMEP guard the kernel
 * (debug.kernel.fault="smap" / "smep", kern_testfault.c): a page mapped for
 * user mode at a low address of the current tables, then read by the kernel
 * outside stac/clac, or called.  Either must end in a fatal page fault
 * whose report names the guard; returning means the guard is off.
 */
void
cpu_test_user_guard(int exec)
{
	const uint64_t va = 0x400000;
	uint64_t pa = vm_phys_alloc_page();
	pt_entry_t *pte;

	pte = pa != 0 ? pmap_walk(rcr3() & PG_FRAME, va, PMAP_LVL_PTE,
	    PMAP_WALK_ALLOC | PMAP_WALK_USER) : NULL;
	if (pte == NULL) {
		printf("cpu_test_user_guard: no page or page table\n");
		return;
	}
	*(volatile uint8_t *)PHYS_TO_DMAP(pa) = 0xc3;	/* ret */
	*pte = pa | PG_V | PG_RW | PG_U;		/* executable: only SMEP stops a call */
	__asm__ volatile("invlpg (%0)" : : "r"(va) : "memory");
	if (exec)
		((void (*)(void))va)();
	else
		(void)*(volatile uint8_t *)va;
	printf("cpu_test_user_guard: the kernel %s a user page: %s is off\n",
	    exec ? "ran code from" : "read", exec ? "SMEP" : "SMAP");
}
