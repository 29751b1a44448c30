/*
 * Kernel time for system calls: Linux's timespec and timeval layouts, the
 * clocks (uptime from the calibrated TSC, wall time from the RTC at boot
 * plus uptime) and the conversion of a duration to clock ticks for sleeps;
 * and the kernel's own struct timespec, what file times are kept in
 * (nanotime(): the wall clock, as realtime_ns()).
 */
#ifndef SYS_TIME_H
#define SYS_TIME_H

#include <stdint.h>
#include <sys/kernel.h>
#include <sys/types.h>

struct timespec {
	time_t		tv_sec;		/* seconds (since 1970-01-01 UTC for the wall clock) */
	long		tv_nsec;	/* 0..999 999 999 */
};

void	nanotime(struct timespec *ts);		/* wall clock (kern_clock.c) */

struct l_timespec {
	int64_t		tv_sec;
	int64_t		tv_nsec;
};

struct l_timeval {
	int64_t		tv_sec;
	int64_t		tv_usec;
};

struct l_itimerval {			/* setitimer, getitimer */
	struct l_timeval it_interval;	/* reload, 0: one shot */
	struct l_timeval it_value;	/* time to the next expiry, 0: off */
};

#define NSEC_PER_SEC	1000000000ULL

/* Linux clock ids */
#define CLOCK_REALTIME			0
#define CLOCK_MONOTONIC			1
#define CLOCK_PROCESS_CPUTIME_ID	2
#define CLOCK_THREAD_CPUTIME_ID		3
#define CLOCK_MONOTONIC_RAW		4
#define CLOCK_REALTIME_COARSE		5
#define CLOCK_MONOTONIC_COARSE		6
#define CLOCK_BOOTTIME			7

/* hz and boottime_sec: <sys/kernel.h>. */

uint64_t uptime_ns(void);		/* since kernel entry */
uint64_t realtime_ns(void);		/* since 1970 */
/* 0 for a valid timespec (0 <= tv_nsec < 1e9, tv_sec >= 0), else EINVAL. */
int	timespec_check(const struct l_timespec *ts);
uint64_t timespec_ns(const struct l_timespec *ts);	/* saturates */
struct l_timespec ns_timespec(uint64_t ns);
/* Ticks to sleep for at least ns: >= 1 (for ns > 0), capped. */
int	ns_to_ticks(uint64_t ns);

#endif
