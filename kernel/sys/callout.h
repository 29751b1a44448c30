/*
 * Callouts: call a function once, a number of ticks from now, on a
 * softclock thread (so it may sleep-lock, but should be short).
 * callout_stop() cancels a pending one; callout_drain() also waits for a
 * running one to finish.
 */
#ifndef SYS_CALLOUT_H
#define SYS_CALLOUT_H

#include <stdint.h>

struct callout {
	struct callout	*c_next;	/* pending list, sorted by c_time */
	uint64_t	 c_time;	/* tick it is due at */
	void		(*c_func)(void *);
	void		*c_arg;
	volatile int	 c_pending;	/* on the list */
	volatile int	 c_running;	/* its function is being called */
	int		 c_waiting;	/* callout_drain() sleeps until it returns */
};

void	callout_init(struct callout *c);
void	callout_reset(struct callout *c, int ticks, void (*func)(void *), void *arg);
int	callout_stop(struct callout *c);	/* 1 if it was pending */
int	callout_drain(struct callout *c);
void	callout_tick(void);			/* hardclock, BSP */

#endif
