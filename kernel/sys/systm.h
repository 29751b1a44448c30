/*
 * The kernel's common interface: console output, panic, string and memory
 * helpers, the kernel environment and the boot info.  Most kernel files
 * include just this.
 */
#ifndef SYS_SYSTM_H
#define SYS_SYSTM_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <sanpo/bootinfo.h>
#include <sanpo/boothowto.h>
#include <sanpo/kvprintf.h>

#define SANPO_VERSION	"0.1.0"
extern char linux_osrelease[65];	/* kern_misc.c: the release uname(2) reports */
#define nitems(a)	(sizeof(a) / sizeof((a)[0]))
#define __unused	__attribute__((unused))
#define __packed	__attribute__((packed))
#define __aligned(n)	__attribute__((aligned(n)))
#define __noreturn	__attribute__((noreturn))
#define __printflike(f, a) __attribute__((format(printf, f, a)))

/* kern/subr_prf.c: printf to the console (sys/cons.h) and message buffer. */
int	printf(const char *fmt, ...) __printflike(1, 2);
int	vprintf(const char *fmt, va_list ap);
void	printf_hex(const void *p, size_t n);	/* one line of hex */
/* To the message buffer only (console too with boot -v); FreeBSD's log(9). */
void	log(int level, const char *fmt, ...) __printflike(2, 3);
#define LOG_ERR		3
#define LOG_WARNING	4
#define LOG_NOTICE	5
#define LOG_INFO	6
#define snprintf	ksnprintf
#define vsnprintf	kvsnprintf

/* kern/kern_shutdown.c */
void	panic(const char *fmt, ...) __printflike(1, 2) __noreturn;
/* Orderly shutdown: RB_POWEROFF, RB_HALT or 0 (reboot), RB_NOSYNC (sanpo/boothowto.h). */
void	kern_reboot(int howto) __noreturn;
void	cpu_halt_forever(void) __noreturn;
extern int panicstr_set;

/* kern/subr_stack.c: frame-pointer backtrace with symbol names. */
void	stack_print(uint64_t rbp, uint64_t rip);
const char *symbol_lookup(uint64_t addr, uint64_t *offset);

/* libkern/string.c: the standard ones via kernel/include/string.h, plus strlcpy */
#include <string.h>
size_t	 strlcpy(char *, const char *, size_t);

/* kern/kern_environment.c: the environment the loader passed. */
void	 kenv_init(const char *blob, size_t size);
const char *kern_getenv(const char *name);
int	 getenv_quad(const char *name, uint64_t *val);	/* 1 if set and valid, K/M/G suffixes */
int	 getenv_is_true(const char *name);
typedef void kenv_cb(const char *name, const char *value, void *arg);
void	 kenv_foreach(kenv_cb *cb, void *arg);

/*
 * Copying between the kernel and user memory (arch support.S).  A user
 * address must lie below VM_MAXUSER_ADDRESS with the whole range; an
 * unmapped page is faulted in as the user would; anything else -- a
 * kernel-half or non-canonical pointer, a range straddling the end, a page
 * the process may not access -- gives EFAULT, never a panic.
 * copyinstr copies up to maxlen bytes including the NUL and gives
 * ENAMETOOLONG when there is no NUL within them; *done (if not NULL) is
 * the number of bytes copied, NUL included.
 */
int	copyin(const void *uaddr, void *kaddr, size_t len);
int	copyout(const void *kaddr, void *uaddr, size_t len);
int	copyinstr(const void *uaddr, void *kaddr, size_t maxlen, size_t *done);
/* One aligned 32-bit word (futexes): 0 or EFAULT. */
int	fueword32(const void *uaddr, uint32_t *val);
int	suword32(void *uaddr, uint32_t val);
/* *uaddr == old ? *uaddr = new : nothing, atomically; *oldp = what was there. */
int	casueword32(void *uaddr, uint32_t old, uint32_t *oldp, uint32_t new);
int	uzero(void *uaddr, size_t len);		/* fill user memory with zeros */

/* kern/linux_errno.c: "ENOENT" for ENOENT (messages). */
const char *errno_name(int error);

/* The boot info, copied into kernel memory at entry (machdep.c). */
extern struct sanpo_bootinfo bootinfo;
extern uint32_t boothowto;
#define bootverbose	((boothowto & RB_VERBOSE) != 0)

/* The TSC (arch tsc.c): what boot times and uptime_us() are measured with. */
extern uint64_t tsc_freq;		/* Hz, calibrated */
extern uint64_t kernel_entry_tsc;	/* TSC at the kernel's first instruction */
uint64_t tsc_to_us(uint64_t ticks);

#endif /* SYS_SYSTM_H */
