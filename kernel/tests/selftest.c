/*
 * selftest.ko: the kernel's self-tests, a module of their own so the
 * kernel proper carries none of them (FreeBSD keeps such tests in modules
 * too).  `kldload selftest` (the boot tests preload it: tests/lib/qemu.py)
 * adds the shell commands:
 *
 *   threadtest, lockstress, kstacktest   scheduler and locks (selftest_threads.c)
 *   malloc_test                          kernel malloc (selftest_malloc.c)
 *   witness_test, witness_sleep_test     the lock-order checker (selftest_witness.c)
 *   cryptostress                         the crypto framework (selftest_crypto.c)
 *   disktest                             a disk through the buffer cache (selftest_disk.c)
 *   irqtest                              an ISA IRQ through the I/O APIC (selftest_irq.c)
 *
 * (ipitest stays in the kernel, mp_machdep.c: its IPI vector's handler is
 * set up with the other CPUs' vectors, which modules do not own.)
 *
 * Each prints a verdict line a test can match and never hangs: waits are
 * bounded.  A command that starts threads waits for all of them, so the
 * module can be unloaded once the command has returned.
 */
#include <sys/systm.h>
#include <sys/kernel.h>
#include <sys/module.h>

static moduledata_t selftest_mod = { "selftest", NULL, NULL };
DECLARE_MODULE(selftest, selftest_mod, SI_SUB_DRIVERS, SI_ORDER_ANY);
MODULE_VERSION(selftest, 1);
MODULE_DEPEND(selftest, crypto, 1, 1, 1);
