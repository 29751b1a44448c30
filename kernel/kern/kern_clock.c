/*
 * Clock state shared by the tick source and its users: hz, the tick
 * counter, the wall-clock boot time.  The machine-dependent timer calls
 * hardclock() on every CPU at hz per second.
 */
#include <sys/systm.h>
#include <sys/kernel.h>
#include <sys/pcpu.h>
#include <sys/shell.h>
#include <sys/sysctl.h>
#include <sys/proc.h>
#include <sys/callout.h>
#include <sys/random.h>
#include <sys/rcu.h>
#include <sys/time.h>

int		 hz;		/* ticks per second; 0 until a tick source runs */
volatile uint64_t ticks;	/* BSP ticks since the tick source started */
uint64_t	 boottime_sec;	/* wall clock (seconds since 1970) at boot, 0 unknown */

SYSCTL_INT("kern.hz", &hz, "timer ticks per second");
SYSCTL_U64("kern.boottime", &boottime_sec, "wall-clock time of boot (seconds since 1970)");

void
hardclock(void)
{
	struct pcpu *pc = get_pcpu();

	pc->pc_ticks++;
	if (pc->pc_curthread != NULL && pc->pc_curthread->td_proc != NULL) {
		if (pc->pc_intr_user)
			pc->pc_curthread->td_uticks++;
		else
			pc->pc_curthread->td_sticks++;
		itimer_tick(pc->pc_curthread, pc->pc_intr_user);
	}
	pc->pc_cp_time[pc->pc_curthread == pc->pc_idlethread ? CP_IDLE :
	    pc->pc_curthread != NULL && pc->pc_curthread->td_proc != NULL && pc->pc_intr_user ?
	    CP_USER : CP_SYS]++;
	if (pc->pc_cpuid == 0) {
		ticks++;
		callout_tick();
	}
	random_harvest_tsc();
	rcu_tick(pc->pc_intr_user);
	sched_clock();
}

/* Microseconds since kernel entry, from the calibrated TSC. */
uint64_t
uptime_us(void)
{
	uint64_t t;

	__asm__ volatile("rdtsc; shlq $32, %%rdx; orq %%rdx, %%rax" : "=a"(t) :: "rdx");
	return (tsc_to_us(t - kernel_entry_tsc));
}

/* The wall clock as a struct timespec (sys/time.h): realtime_ns()'s. */
void
nanotime(struct timespec *ts)
{
	uint64_t now = realtime_ns();

	ts->tv_sec = (time_t)(now / NSEC_PER_SEC);
	ts->tv_nsec = (long)(now % NSEC_PER_SEC);
}

static int
cmd_uptime(int argc, char **argv)
{
	uint64_t s = uptime_us() / 1000000;

	(void)argc;
	(void)argv;
	printf("up %llu day%s, %02llu:%02llu:%02llu\n", (unsigned long long)(s / 86400),
	    s / 86400 == 1 ? "" : "s", (unsigned long long)(s / 3600 % 24),
	    (unsigned long long)(s / 60 % 60), (unsigned long long)(s % 60));
	return (0);
}
SHELL_COMMAND(uptime, cmd_uptime, "uptime", "time since the kernel started");
