/*
 * Staged kernel initialisation (FreeBSD's SYSINIT).
 *
 * SYSINIT(uniquifier, subsystem, order, func, arg) registers func(arg) to
 * run at boot; mi_startup() sorts every registered entry by (subsystem,
 * order) and runs them in that order.  SYSUNINIT entries run in the reverse
 * order at shutdown.  A subsystem adds itself by writing one line in its own
 * file; no central list exists to forget to update.
 *
 * The subsystem order follows FreeBSD's sys/sys/kernel.h, with one
 * deliberate change: locks come before VM, because the page allocator and
 * malloc take locks.
 */
#ifndef SYS_KERNEL_H
#define SYS_KERNEL_H

#include <stdint.h>
#include <sys/linker_set.h>

/* kern/kern_clock.c: the tick and the time since boot. */
extern int hz;			/* ticks per second; 0 until a tick source runs */
extern volatile uint64_t ticks;	/* BSP ticks since the tick source started */
extern uint64_t boottime_sec;	/* wall clock at boot (seconds since 1970), 0 unknown */
void	hardclock(void);	/* each tick on each CPU, from the tick source */
uint64_t uptime_us(void);	/* microseconds since kernel entry (the TSC) */

/* kern/init_main.c: runs every SYSINIT in order; the last one never returns. */
void	mi_startup(void) __attribute__((noreturn));

/*
 * The stages, in order: X(identifier, value, name for `sysinit` and the
 * boot chart).  One list: the enum below and the name table in
 * kern/init_main.c are both made from it, so a new stage is one line here.
 */
#define SYSINIT_SUBSYSTEMS(X)							\
	X(SI_SUB_DUMMY,         0x0000000, "dummy")        /* not executed; for linker */ \
	X(SI_SUB_TUNABLES,      0x0700000, "tunables")     /* the loader environment (kenv) */ \
	X(SI_SUB_COPYRIGHT,     0x0800001, "copyright")    /* banner: first output */ \
	X(SI_SUB_LOCK,          0x0900000, "lock")         /* lock classes, the lock-order checker */ \
	X(SI_SUB_VM,            0x1000000, "vm")           /* physical page allocator */ \
	X(SI_SUB_KMEM,          0x1800000, "kmem")         /* kernel malloc and its zones */ \
	X(SI_SUB_EVENTHANDLER,  0x1c00000, "eventhandler") /* event handler lists */ \
	X(SI_SUB_KLD,           0x2000000, "kld")          /* the module system */ \
	X(SI_SUB_CPU,           0x2100000, "cpu")          /* CPU identity, ACPI tables */ \
	X(SI_SUB_RANDOM,        0x2120000, "random")       /* the random number generator */ \
	X(SI_SUB_INTRINSIC,     0x2800000, "intrinsic")    /* proc0-equivalent: thread 0 */ \
	X(SI_SUB_INTR,          0x2900000, "intr")         /* interrupt controllers */ \
	X(SI_SUB_DRIVERS,       0x3100000, "drivers")      /* device drivers */ \
	X(SI_SUB_CONFIGURE,     0x3800000, "configure")    /* configure devices */ \
	X(SI_SUB_VFS,           0x4000000, "vfs")          /* file systems: tmpfs mounted at / */ \
	X(SI_SUB_CLOCKS,        0x4800000, "clocks")       /* real-time and tick clocks */ \
	X(SI_SUB_PROTO_DOMAIN,  0x8800000, "proto_domain") /* protocol families */ \
	X(SI_SUB_ROOT_CONF,     0xb000000, "root_conf")    /* the root's contents: the preloaded archive */ \
	X(SI_SUB_KTHREAD_INIT,  0xe000000, "kthread_init") /* kernel threads */ \
	X(SI_SUB_SMP,           0xf000000, "smp")          /* start the APs */ \
	X(SI_SUB_RUN_SCHEDULER, 0xfffffff, "run_scheduler") /* scheduler: does not return */

#define SI_SUB_ENUM(id, value, name)	id = value,
enum sysinit_sub_id {
	SYSINIT_SUBSYSTEMS(SI_SUB_ENUM)
};
#undef SI_SUB_ENUM

enum sysinit_elem_order {
	SI_ORDER_FIRST		= 0x0000000,
	SI_ORDER_SECOND		= 0x0000001,
	SI_ORDER_THIRD		= 0x0000002,
	SI_ORDER_FOURTH		= 0x0000003,
	SI_ORDER_MIDDLE		= 0x1000000,
	SI_ORDER_ANY		= 0xfffffff,
};

typedef void (*sysinit_cfunc_t)(const void *);

struct sysinit {
	enum sysinit_sub_id	 subsystem;	/* stage */
	enum sysinit_elem_order	 order;		/* place within the stage */
	sysinit_cfunc_t		 func;		/* what to run */
	const void		*udata;		/* its argument */
	const char		*name;		/* function name, for traces */
	/* filled in when it runs, for `sysinit` and the boot chart */
	uint64_t		 start_tsc;
	uint64_t		 end_tsc;
};

#define SYSINIT(uniquifier, subsystem, order, func, ident)		\
	static struct sysinit uniquifier##_sys_init = {			\
		subsystem, order, (sysinit_cfunc_t)(func),		\
		(const void *)(ident), #func, 0, 0 };			\
	DATA_SET(sysinit_set, uniquifier##_sys_init)

#define SYSUNINIT(uniquifier, subsystem, order, func, ident)		\
	static struct sysinit uniquifier##_sys_uninit = {		\
		subsystem, order, (sysinit_cfunc_t)(func),		\
		(const void *)(ident), #func, 0, 0 };			\
	DATA_SET(sysuninit_set, uniquifier##_sys_uninit)

const char *sysinit_subsystem_name(enum sysinit_sub_id sub);
/* The SYSINITs in the order they ran (valid after mi_startup sorted them). */
struct sysinit **sysinit_sorted(unsigned *count);
void	sysuninit_run_all(void);	/* shutdown: reverse order */
/* Modules (kern_linker.c): a preloaded file's SYSINITs join mi_startup's list,
   leave it when the file is unloaded; a file loaded later runs its own. */
void	sysinit_add(struct sysinit **begin, struct sysinit **end);
void	sysinit_remove(struct sysinit **begin, struct sysinit **end);
void	sysinit_run_set(struct sysinit **begin, struct sysinit **end);
void	sysuninit_run_set(struct sysinit **begin, struct sysinit **end);

#endif
