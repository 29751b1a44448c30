/*
 * Machine-dependent thread set-up and switching: the initial stack frame
 * that makes cpu_switch_raw() "return" into fork_trampoline with the
 * thread in %r12; saving a user thread's FPU registers when it leaves a
 * CPU and, once it runs again, loading them with its FS/GS bases, its
 * kernel stack for traps from user mode (TSS rsp0 and the SYSCALL entry's
 * pc_rsp0) and its address space (CR3).
 */
#include <sys/systm.h>
#include <sys/pcpu.h>
#include <sys/proc.h>
#include <machine/cpufunc.h>
#include <machine/fpu.h>
#include <machine/frame.h>
#include <machine/md_var.h>
#include <machine/pmap.h>
#include <machine/vmparam.h>
#include <vm/vm_map.h>

#define MSR_FSBASE	0xc0000100

/* The user trapframe: the very top of a user thread's kernel stack. */
struct trapframe *
cpu_thread_frame(struct thread *td)
{
	return ((struct trapframe *)(td->td_kstack + KSTACK_SIZE) - 1);
}

void
cpu_thread_setup(struct thread *td)
{
	uint64_t *sp = (uint64_t *)(td->td_kstack + KSTACK_SIZE);

	if (td->td_md.md_flags & MDF_USER)	/* below its user frame */
		sp = (uint64_t *)cpu_thread_frame(td);
	*--sp = 0;				/* alignment slot */
	*--sp = (uint64_t)fork_trampoline;	/* ret target */
	*--sp = 0;				/* rbp */
	*--sp = 0;				/* rbx */
	*--sp = (uint64_t)td;			/* r12 */
	*--sp = 0;				/* r13 */
	*--sp = 0;				/* r14 */
	*--sp = 0;				/* r15 */
	td->td_rsp = (uint64_t)sp;
}

/* Makes td a user thread: an FPU area and a frame at the top of its stack. */
int
cpu_thread_alloc_user(struct thread *td)
{
	if ((td->td_md.md_fpu = fpu_area_alloc()) == NULL)
		return (-1);
	td->td_md.md_flags |= MDF_USER;
	td->td_frame = cpu_thread_frame(td);
	return (0);
}

/* When a thread is reaped: what cpu_thread_alloc_user gave it. */
void
cpu_thread_free(struct thread *td)
{
	if (td->td_md.md_fpu != NULL)
		fpu_area_free(td->td_md.md_fpu);
	td->td_md.md_fpu = NULL;
}

void
cpu_switch(struct thread *old, struct thread *new)
{
	if (old->td_md.md_flags & MDF_USER)
		fpu_save(old->td_md.md_fpu);
	cpu_switch_raw(&old->td_rsp, &old->td_oncpu, &new->td_rsp, &new->td_oncpu);
	/* Running again (perhaps on another CPU): put back what is ours. */
	cpu_switchin(old);
}

/*
 * A thread now running on this CPU loads its machine state.  Called after
 * every switch, and by a new thread first thing (fork_exit).
 */
void
cpu_switchin(struct thread *td)
{
	struct pcpu *pc = get_pcpu();
	uint64_t top = (uint64_t)td->td_kstack + KSTACK_SIZE;

	if ((td->td_md.md_flags & MDF_USER) == 0) {
		pmap_activate_kernel();
		return;
	}
	pc->pc_rsp0 = top;
	tss_set_rsp0(pc->pc_tss, top);
	fpu_restore(td->td_md.md_fpu);
	wrmsr(MSR_FSBASE, td->td_md.md_fsbase);
	wrmsr(MSR_KGSBASE, td->td_md.md_gsbase);	/* swapped in on the way out */
	pmap_activate(td);
}


void
cpu_exec_setregs(struct thread *td, uint64_t entry, uint64_t rsp)
{
	struct trapframe *tf = td->td_frame;

	memset(tf, 0, sizeof(*tf));
	tf->tf_rip = entry;
	tf->tf_rsp = rsp;
	tf->tf_rflags = 0x202;		/* IF */
	tf->tf_cs = GSEL_UCODE | SEL_UPL;
	tf->tf_ss = GSEL_UDATA | SEL_UPL;
	td->td_md.md_fsbase = 0;
	td->td_md.md_gsbase = 0;
	td->td_md.md_flags |= MDF_FULLIRET;
	/* Unpreempted: a switch in between would save the old registers over the new. */
	critical_enter();
	wrmsr(MSR_FSBASE, 0);
	wrmsr(MSR_KGSBASE, 0);
	fpu_area_init(td->td_md.md_fpu);
	fpu_restore(td->td_md.md_fpu);
	critical_exit();
}

/*
 * A user thread on its way out: its address space may go away, so this CPU
 * leaves it, and from now on the thread is switched as a kernel thread.
 */
void
cpu_thread_user_exit(struct thread *td)
{
	uint64_t fl = read_rflags();

	disable_intr();
	pmap_activate_kernel();
	td->td_md.md_flags &= ~MDF_USER;
	if (fl & 0x200)
		enable_intr();
}

void
cpu_fork_fpu(struct thread *child)
{
	critical_enter();
	fpu_save(child->td_md.md_fpu);
	critical_exit();
}

void	doreti_to_user(struct trapframe *tf) __attribute__((noreturn));	/* exception.S */

void
cpu_user_enter(struct thread *td)
{
	doreti_to_user(td->td_frame);
}

uint64_t
cpu_user_sp(struct thread *td)
{
	return (td->td_frame->tf_rsp);
}
