/*
 * Time values: struct timespec (seconds and nanoseconds) and the wall
 * clock.  nanotime() is the real time of day: the boot time the RTC gave
 * plus the uptime since; it is 1970 plus uptime when the RTC was unknown.
 */
#ifndef SYS_TIME_H
#define SYS_TIME_H

#include <sys/types.h>

struct timespec {
	time_t		tv_sec;		/* seconds (since 1970-01-01 UTC for the wall clock) */
	long		tv_nsec;	/* 0..999 999 999 */
};

void	nanotime(struct timespec *ts);		/* wall clock (kern_clock.c) */

#endif
