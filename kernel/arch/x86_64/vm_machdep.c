/*
 * Machine-dependent thread set-up: the initial stack frame that makes
 * cpu_switch_raw() "return" into fork_trampoline with the thread in %r12.
 */
#include <sys/systm.h>
#include <sys/proc.h>
#include <machine/md_var.h>


void
cpu_thread_setup(struct thread *td)
{
	uint64_t *sp = (uint64_t *)(td->td_kstack + KSTACK_SIZE);

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

void
cpu_switch(struct thread *old, struct thread *new)
{
	cpu_switch_raw(&old->td_rsp, &old->td_oncpu, &new->td_rsp, &new->td_oncpu);
}
