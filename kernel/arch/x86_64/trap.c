/*
 * Exception handling.  Until interrupts and user mode exist, every
 * exception is fatal: print its name, error code and all registers (and,
 * for a page fault, what the error code means), a backtrace with symbol
 * names, and halt.
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
print_page_fault(uint64_t err)
{
	printf("fault virtual address = 0x%016llx\n", (unsigned long long)rcr2());
	printf("fault code            = %s %s %s, %s%s\n",
	    (err & PGEX_U) ? "user" : "supervisor",
	    (err & PGEX_I) ? "instruction" : (err & PGEX_W) ? "write" : "read",
	    (err & PGEX_I) ? "fetch" : "data",
	    (err & PGEX_P) ? "protection violation" : "page not present",
	    (err & PGEX_RSV) ? ", reserved bit set" : "");
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

/*
 * A fault inside copyin/copyout (md_onfault set) on a user address: resume
 * at the routine's fault exit, which returns EFAULT.
 */
static int
trap_onfault(struct trapframe *tf)
{
	struct thread *td;

	if (rdmsr(MSR_GSBASE) == 0 || (td = curthread) == NULL ||
	    td->td_md.md_onfault == NULL)
		return (0);
	if (tf->tf_trapno == 14 && rcr2() >= VM_MAXUSER_ADDRESS)
		return (0);
	tf->tf_rip = (uint64_t)td->td_md.md_onfault;
	return (1);
}

void
trap(struct trapframe *tf)
{
	uint64_t n = tf->tf_trapno;

	if (n == 2 && cpu_stop_nmi())	/* another CPU stops us (panic) */
		return;
	if ((n == 14 || n == 13) && trap_onfault(tf))
		return;
	panicstr_set++;
	cpu_stop_others();
	printf("\nFatal trap %llu: %s while in kernel mode\n",
	    (unsigned long long)n, n < 32 ? trap_names[n] : "unknown");
	printf("cpuid = %u; error code = 0x%llx\n",
	    rdmsr(MSR_GSBASE) != 0 ? curcpu : 0, (unsigned long long)tf->tf_err);
	if (n == 14)
		print_page_fault(tf->tf_err);
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
