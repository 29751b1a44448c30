/*
 * kprof: a sampling profiler for finding where the kernel spends its time.
 * Each clock tick on each CPU (hz per second; kern.hz=1000 for finer
 * profiles) records the instruction the tick interrupted, while the
 * profiler runs.  `kprof start`, run the load, `kprof stop`, `kprof dump`
 * at the kernel shell -- or, from user space, `sysctl debug.kprof.running=1`,
 * `=0`, then read /proc/kprof (root only) -- gives "kprof pc <address>
 * <cpu> <samples>" lines that tools/kprof.py turns into a table of
 * functions (it reads the kernel's symbols, which the kernel itself does
 * not carry).
 */
#ifndef SYS_KPROF_H
#define SYS_KPROF_H

#include <stdint.h>

/* From the clock interrupt: the interrupted pc, and whether it was user mode. */
void	kprof_tick(uint64_t pc, int user);
/* Start afresh (0 or ENOMEM); stop. */
int	kprof_start(void);
void	kprof_stop(void);
/* The samples as text into sb (/proc/kprof's fill); EBUSY while running. */
struct sbuf;
int	kprof_dump(struct sbuf *sb);

#endif
