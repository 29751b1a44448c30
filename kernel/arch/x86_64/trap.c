/*
 * Exception handling.
 *
 * From user mode: a page fault goes to the VM (vm_fault); what it cannot
 * resolve, and every other exception, becomes the signal Linux would send
 * (SIGSEGV with si_addr and SEGV_MAPERR/ACCERR, SIGBUS, SIGILL, SIGFPE,
 * SIGTRAP).  A process the VM cannot give a page to (memory exhausted) is
 * killed with a message; the kernel goes on.
 *
 * From kernel mode: a page fault inside copyin/copyout on a user address
 * is resolved like a user's, or ends the copy with EFAULT.  Anything else
 * is a kernel bug and fatal: print its name, error code and all registers
 * (and, for a page fault, what the error code means), a backtrace with
 * symbol names, and halt.
 */
#include <sys/systm.h>
#include <machine/cpufunc.h>
#include <machine/pte.h>
#include <machine/frame.h>
#include <machine/md_var.h>
#include <machine/vmparam.h>
#include <sys/pcpu.h>
#include <sys/proc.h>
#include <vm/vm_kstack.h>
#include <vm/vm_map.h>
#include <sys/signalvar.h>
#include <machine/fpu.h>

static const char *const trap_names[32] = {
	"divide error", "debug", "non-maskable interrupt", "breakpoint",
	"overflow", "BOUND range exceeded", "invalid opcode",
	"device not available", "double fault", "coprocessor segment overrun",
	"invalid TSS", "segment not present", "stack-segment fault",
	"general protection fault", "page fault", "reserved (15)",
	"x87 floating-point error", "alignment check", "machine check",
	"SIMD floating-point exception", "virtualization exception",
	"control protection exception", "reserved (22)", "reserved (23)",
	"reserved (24)", "reserved (25)", "reserved (26)", "reserved (27)",
	"hypervisor injection exception", "VMM communication exception",
	"security exception", "reserved (31)",
};

static void
print_page_fault(uint64_t err, uint64_t rflags)
{
	uint64_t va = rcr2();

	printf("fault virtual address = 0x%016llx\n", (unsigned long long)va);
	printf("fault code            = %s %s %s, %s%s\n",
	    (err & PGEX_U) ? "user" : "supervisor",
	    (err & PGEX_I) ? "instruction" : (err & PGEX_W) ? "write" : "read",
	    (err & PGEX_I) ? "fetch" : "data",
	    (err & PGEX_P) ? "protection violation" : "page not present",
	    (err & PGEX_RSV) ? ", reserved bit set" : "");
	/* The kernel met a user page it may not use: say which guard stopped it. */
	if ((err & (PGEX_P | PGEX_U)) == PGEX_P && va < VM_MAXUSER_ADDRESS) {
		if ((err & PGEX_I) && cpu_smep)
			printf("SMEP: the kernel tried to run code from a user page\n");
		else if (!(err & PGEX_I) && cpu_smap && (rflags & 0x40000) == 0)	/* AC: stac */
			printf("SMAP: the kernel touched a user page outside copyin/copyout\n");
	}
}

static void
print_regs(const struct trapframe *tf)
{
#define R(name, v) (unsigned long long)(v)
	printf("rip 0x%016llx  cs 0x%llx  rflags 0x%llx\n", R(rip, tf->tf_rip),
	    R(cs, tf->tf_cs), R(rflags, tf->tf_rflags));
	printf("rsp 0x%016llx  ss 0x%llx\n", R(rsp, tf->tf_rsp), R(ss, tf->tf_ss));
	printf("rax 0x%016llx  rbx 0x%016llx  rcx 0x%016llx\n",
	    R(rax, tf->tf_rax), R(rbx, tf->tf_rbx), R(rcx, tf->tf_rcx));
	printf("rdx 0x%016llx  rsi 0x%016llx  rdi 0x%016llx\n",
	    R(rdx, tf->tf_rdx), R(rsi, tf->tf_rsi), R(rdi, tf->tf_rdi));
	printf("rbp 0x%016llx  r8  0x%016llx  r9  0x%016llx\n",
	    R(rbp, tf->tf_rbp), R(r8, tf->tf_r8), R(r9, tf->tf_r9));
	printf("r10 0x%016llx  r11 0x%016llx  r12 0x%016llx\n",
	    R(r10, tf->tf_r10), R(r11, tf->tf_r11), R(r12, tf->tf_r12));
	printf("r13 0x%016llx  r14 0x%016llx  r15 0x%016llx\n",
	    R(r13, tf->tf_r13), R(r14, tf->tf_r14), R(r15, tf->tf_r15));
	printf("cr0 0x%llx  cr3 0x%llx  cr4 0x%llx\n", R(cr0, rcr0()),
	    R(cr3, rcr3()), R(cr4, rcr4()));
#undef R
}

static int
fault_type(uint64_t err)
{
	if (err & PGEX_I)
		return (VM_FAULT_EXEC);
	return ((err & PGEX_W) ? VM_FAULT_WRITE : VM_FAULT_READ);
}

/*
 * A fault inside copyin/copyout (md_onfault set) on a user address: the
 * page is brought in as for the user, or the copy resumes at its fault
 * exit, which returns EFAULT.
 */
static int
trap_onfault(struct trapframe *tf)
{
	struct thread *td;
	uint64_t va = tf->tf_trapno == 14 ? rcr2() : 0;

	if (rdmsr(MSR_GSBASE) == 0 || (td = curthread) == NULL ||
	    td->td_md.md_onfault == NULL)
		return (0);
	if (tf->tf_trapno == 14) {
		if (va >= VM_MAXUSER_ADDRESS)
			return (0);
		/* Protection fault on a present page outside stac/clac: a kernel bug. */
		if ((tf->tf_err & PGEX_P) && (tf->tf_rflags & 0x40000) == 0 && cpu_smap)
			return (0);
		if (tf->tf_rflags & 0x200)
			enable_intr();
		if (td->td_proc != NULL && td->td_proc->p_vmspace != NULL &&
		    vm_fault(&td->td_proc->p_vmspace->vm_map, va,
		    fault_type(tf->tf_err)) == KERN_SUCCESS)
			return (1);
	}
	tf->tf_rip = (uint64_t)td->td_md.md_onfault;
	return (1);
}

/* x87 or SSE exception: Linux's si_code from the status bits. */
static int
fpe_code(int sse)
{
	uint32_t mxcsr;
	uint16_t sw;
	unsigned bits;

	if (sse) {
		__asm__ volatile("stmxcsr %0" : "=m"(mxcsr));
		bits = mxcsr & ~(mxcsr >> 7) & 0x3f;
	} else {
		__asm__ volatile("fnstsw %0" : "=m"(sw));
		bits = sw & 0x3f;
	}
	if (bits & 0x01)
		return (FPE_FLTINV);
	if (bits & 0x04)
		return (FPE_FLTDIV);
	if (bits & 0x08)
		return (FPE_FLTOVF);
	if (bits & 0x10)
		return (FPE_FLTUND);
	if (bits & 0x20)
		return (FPE_FLTRES);
	return (0);
}

static void
trap_user_pagefault(struct thread *td, struct trapframe *tf, uint64_t va)
{
	struct proc *p = td->td_proc;
	int rv;

	rv = vm_fault(&p->p_vmspace->vm_map, va, fault_type(tf->tf_err));
	switch (rv) {
	case KERN_SUCCESS:
		return;
	case KERN_RESOURCE_SHORTAGE:
		printf("pid %d (%s): out of memory at 0x%llx: killed\n", p->p_pid, p->p_comm,
		    (unsigned long long)va);
		exit1(td, 0, SIGKILL);
	case KERN_OUT_OF_BOUNDS:
		trapsignal(td, SIGBUS, BUS_ADRERR, va, 14);
		return;
	case KERN_PROTECTION_FAILURE:
		trapsignal(td, SIGSEGV, SEGV_ACCERR, va, 14);
		return;
	default:
		trapsignal(td, SIGSEGV, SEGV_MAPERR, va, 14);
		return;
	}
}

/* An exception in user mode: resolve it, or post the signal Linux would. */
static void
trap_user(struct trapframe *tf)
{
	struct thread *td = curthread;
	uint64_t va = tf->tf_trapno == 14 ? rcr2() : 0;	/* before anything can fault */

	enable_intr();
	switch (tf->tf_trapno) {
	case 14:
		trap_user_pagefault(td, tf, va);
		break;
	case 0:
		trapsignal(td, SIGFPE, FPE_INTDIV, tf->tf_rip, 0);
		break;
	case 1:
		tf->tf_rflags &= ~0x100ULL;	/* TF: one trap per step */
		trapsignal(td, SIGTRAP, TRAP_TRACE, tf->tf_rip, 1);
		break;
	case 3:
		trapsignal(td, SIGTRAP, SI_KERNEL, 0, 3);
		break;
	case 6:
		trapsignal(td, SIGILL, 2 /* ILL_ILLOPN */, tf->tf_rip, 6);
		break;
	case 7:
		trapsignal(td, SIGILL, ILL_PRVOPC, tf->tf_rip, 7);
		break;
	case 16:
		trapsignal(td, SIGFPE, fpe_code(0), tf->tf_rip, 16);
		break;
	case 19:
		trapsignal(td, SIGFPE, fpe_code(1), tf->tf_rip, 19);
		break;
	case 17:
		trapsignal(td, SIGBUS, BUS_ADRALN, 0, 17);
		break;
	case 11:
	case 12:
		trapsignal(td, SIGBUS, SI_KERNEL, 0, (int)tf->tf_trapno);
		break;
	default:	/* #GP, #OF, #BR, #TS...: Linux gives SIGSEGV with SI_KERNEL */
		trapsignal(td, SIGSEGV, SI_KERNEL, 0, (int)tf->tf_trapno);
		break;
	}
}

void
trap(struct trapframe *tf)
{
	uint64_t n = tf->tf_trapno;

	if (n == 2 && cpu_stop_nmi())	/* another CPU stops us (panic) */
		return;
	if (n != 2 && n != 8 && n != 18 && TRAPF_USERMODE(tf)) {
		trap_user(tf);
		return;
	}
	if ((n == 14 || n == 13) && trap_onfault(tf))
		return;
	panicstr_set++;
	cpu_stop_others();
	printf("\nFatal trap %llu: %s while in %s mode\n",
	    (unsigned long long)n, n < 32 ? trap_names[n] : "unknown",
	    TRAPF_USERMODE(tf) ? "user" : "kernel");
	printf("cpuid = %u; error code = 0x%llx\n",
	    rdmsr(MSR_GSBASE) != 0 ? curcpu : 0, (unsigned long long)tf->tf_err);
	if (n == 14)
		print_page_fault(tf->tf_err, tf->tf_rflags);
	/* A page fault on a guard page becomes a double fault: no stack left. */
	if ((n == 14 || n == 8) && kstack_is_guard(rcr2()))
		printf("kernel stack overflow: 0x%016llx is the guard page below "
		    "thread \"%s\"'s stack\n", (unsigned long long)rcr2(),
		    rdmsr(MSR_GSBASE) != 0 && curthread != NULL ? curthread->td_name : "?");
	print_regs(tf);
	stack_print(tf->tf_rbp, tf->tf_rip);
	printf("cpu halted\n");
	cpu_halt_forever();
}
