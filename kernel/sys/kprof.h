/*
 * kprof: a sampling profiler for finding where the kernel spends its time.
 * Each clock tick on each CPU (hz per second; kern.hz=1000 for finer
 * profiles) records the instruction the tick interrupted, while the
 * profiler runs.  `kprof start`, run the load, `kprof stop`, `kprof dump`
 * prints "kprof pc <address> <cpu> <samples>" lines that tools/kprof.py
 * turns into a table of functions (it reads the kernel's symbols, which
 * the kernel itself does not carry).
 */
#ifndef SYS_KPROF_H
#define SYS_KPROF_H

#include <stdint.h>

/* From the clock interrupt: the interrupted pc, and whether it was user mode. */
void	kprof_tick(uint64_t pc, int user);

#endif
