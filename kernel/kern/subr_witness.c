/*
 * Witness, the lock-order checker (on by default).  For every pair of lock
 * classes it records the first order in which they were held together; a
 * later acquisition in the opposite order -- directly or through a chain of
 * recorded orders -- is a potential deadlock, reported with both lock names,
 * where each was taken and where the established order was first seen,
 * plus a backtrace.  Each reversed pair is reported once.  Recursing on a
 * non-recursive lock panics (in kern_mutex.c); taking two locks of the same
 * class is reported.
 */
#include <sys/systm.h>
#include <sys/lock.h>
#include <sys/pcpu.h>
#include <sys/sysctl.h>
#include <sys/mutex.h>
#include <sys/proc.h>
#include <machine/cpufunc.h>

#define WITNESS_MAX	128	/* lock classes */
#define WITNESS_NAMELEN	48	/* a class name kept (longer ones cut) */

/*
 * The name is a copy: a lock made by a module outlives the module in its
 * class (and the class is found again when the module comes back).
 */
struct witness {
	char		 w_name[WITNESS_NAMELEN];
	unsigned	 w_index;
};


static struct witness	 classes[WITNESS_MAX];
static unsigned		 nclasses;
/* order[a][b]: class a was held when class b was taken; where first seen. */
static uint8_t		 order[WITNESS_MAX][WITNESS_MAX];
static const char	*order_file[WITNESS_MAX][WITNESS_MAX];
static uint16_t		 order_line[WITNESS_MAX][WITNESS_MAX];
static uint8_t		 reported[WITNESS_MAX][WITNESS_MAX];
static struct lock_list	 cpu_locks[MAXCPU];	/* spin locks, and everything before threads */
static volatile int	 w_lock;	/* witness's own raw spin lock */

static unsigned	 w_orders, w_reversals, w_duplicates;
static uint64_t	 w_acquisitions;
SYSCTL_UINT("debug.witness.classes", &nclasses, "lock classes witness knows");
SYSCTL_UINT("debug.witness.orders", &w_orders, "lock orders recorded");
SYSCTL_UINT("debug.witness.reversals", &w_reversals, "lock order reversals seen");
SYSCTL_UINT("debug.witness.duplicates", &w_duplicates, "same-class acquisitions seen");
SYSCTL_U64("debug.witness.acquisitions", &w_acquisitions, "locks checked");

static void
w_enter(void)
{
	raw_spin_lock(&w_lock, "witness lock");
}

static void
w_exit(void)
{
	raw_spin_unlock(&w_lock);
}

void
witness_init(struct lock_object *lo)
{
	uint64_t fl;
	unsigned i;

	lo->lo_witness = NULL;
	if (lo->lo_flags & LO_NOWITNESS)
		return;
	/*
	 * Interrupts off, as in witness_checkorder: locks are made at run time
	 * too (an open file, a pipe), and a thread preempted or interrupted
	 * while holding w_lock would leave every CPU spinning on it.
	 */
	fl = read_rflags();
	disable_intr();
	w_enter();
	for (i = 0; i < nclasses; i++)
		if (strncmp(classes[i].w_name, lo->lo_name, WITNESS_NAMELEN - 1) == 0)
			break;
	if (i == nclasses && nclasses < WITNESS_MAX) {
		strlcpy(classes[i].w_name, lo->lo_name, WITNESS_NAMELEN);
		classes[i].w_index = i;
		nclasses++;
	}
	if (i < nclasses)
		lo->lo_witness = &classes[i];
	w_exit();
	if (fl & 0x200)
		enable_intr();
	if (lo->lo_witness == NULL)
		printf("witness: more than %d lock classes; %s is not checked\n",
		    WITNESS_MAX, lo->lo_name);
}

/*
 * A module going away: where an order was first seen may be a file name
 * inside it.  Those now say "(unloaded module)".
 */
void
witness_forget_range(uint64_t start, uint64_t end)
{
	uint64_t fl = read_rflags();
	unsigned a, b;

	disable_intr();
	w_enter();
	for (a = 0; a < nclasses; a++)
		for (b = 0; b < nclasses; b++)
			if ((uint64_t)order_file[a][b] >= start && (uint64_t)order_file[a][b] < end)
				order_file[a][b] = "(unloaded module)";
	w_exit();
	if (fl & 0x200)
		enable_intr();
}

/* Is there a chain of recorded orders from a to b? (Iterative DFS.) */
static int
path(unsigned a, unsigned b)
{
	uint8_t seen[WITNESS_MAX] = { 0 };
	unsigned stack[WITNESS_MAX], sp = 0, n, j;

	stack[sp++] = a;
	seen[a] = 1;
	while (sp > 0) {
		n = stack[--sp];
		if (n == b)
			return (1);
		for (j = 0; j < nclasses; j++)
			if (order[n][j] && !seen[j]) {
				seen[j] = 1;
				stack[sp++] = j;
			}
	}
	return (0);
}

static struct lock_list *
list_for(const struct lock_object *lo)
{
	struct thread *td = curthread;

	if ((lo->lo_flags & LO_SPIN) || td == NULL)
		return (&cpu_locks[curcpu]);
	return (&td->td_locks);
}

static void
report_reversal(struct lock_object *held_lo, const char *hfile, int hline,
    struct lock_object *lo, const char *file, int line)
{
	unsigned a = held_lo->lo_witness->w_index, b = lo->lo_witness->w_index;

	printf("lock order reversal:\n");
	printf(" 1st %p %s @ %s:%d\n", (void *)held_lo, held_lo->lo_name, hfile, hline);
	printf(" 2nd %p %s @ %s:%d\n", (void *)lo, lo->lo_name, file, line);
	if (order[b][a])
		printf("lock order %s -> %s established at %s:%d\n", lo->lo_name,
		    held_lo->lo_name, order_file[b][a], order_line[b][a]);
	else
		printf("lock order %s -> %s established through other locks\n",
		    lo->lo_name, held_lo->lo_name);
	stack_print(read_rbp(), (uint64_t)(uintptr_t)&witness_checkorder);
}

static void
check_list(struct lock_list *l, struct lock_object *lo, const char *file, int line)
{
	unsigned i, a, b = lo->lo_witness->w_index;

	for (i = 0; i < l->n; i++) {
		struct lock_object *h = l->e[i].lo;

		if (h->lo_witness == NULL)
			continue;
		a = h->lo_witness->w_index;
		if (a == b) {
			w_duplicates++;
			if (!reported[a][b]) {
				reported[a][b] = 1;
				printf("acquiring duplicate lock of same type: \"%s\"\n"
				    " 1st %s @ %s:%d\n 2nd %s @ %s:%d\n", lo->lo_name,
				    h->lo_name, l->e[i].file, l->e[i].line,
				    lo->lo_name, file, line);
			}
			continue;
		}
		if (order[a][b])
			continue;
		if (path(b, a)) {
			w_reversals++;
			if (!reported[a][b]) {
				reported[a][b] = 1;
				report_reversal(h, l->e[i].file, l->e[i].line, lo, file, line);
			}
			continue;
		}
		order[a][b] = 1;
		order_file[a][b] = file;
		order_line[a][b] = (uint16_t)line;
		w_orders++;
	}
}

void
witness_checkorder(struct lock_object *lo, const char *file, int line)
{
	struct thread *td;
	uint64_t fl;

	if (lo->lo_witness == NULL)
		return;
	/* Interrupts off: our CPU and thread must not change under us. */
	fl = read_rflags();
	disable_intr();
	td = curthread;
	w_enter();
	w_acquisitions++;
	check_list(&cpu_locks[curcpu], lo, file, line);
	if (td != NULL)
		check_list(&td->td_locks, lo, file, line);
	w_exit();
	if (fl & 0x200)
		enable_intr();
}

void
witness_lock(struct lock_object *lo, const char *file, int line)
{
	struct lock_list *l;
	uint64_t fl = read_rflags();

	disable_intr();
	l = list_for(lo);
	if (l->n == LOCK_LIST_MAX)
		panic("witness: more than %d locks held (%s @ %s:%d)",
		    LOCK_LIST_MAX, lo->lo_name, file, line);
	l->e[l->n].lo = lo;
	l->e[l->n].file = file;
	l->e[l->n].line = line;
	l->n++;
	if (fl & 0x200)
		enable_intr();
}

void
witness_unlock(struct lock_object *lo)
{
	struct lock_list *l;
	uint64_t fl = read_rflags();
	unsigned i;

	disable_intr();
	l = list_for(lo);
	for (i = l->n; i-- > 0;) {
		if (l->e[i].lo != lo)
			continue;
		for (; i + 1 < l->n; i++)
			l->e[i] = l->e[i + 1];
		l->n--;
		if (fl & 0x200)
			enable_intr();
		return;
	}
	panic("witness: releasing %s, which is not held here", lo->lo_name);
}

int
witness_held_count(void)
{
	struct thread *td = curthread;

	return ((int)cpu_locks[curcpu].n + (td != NULL ? (int)td->td_locks.n : 0));
}

static unsigned w_sleep_warnings, w_sleep_rcu;
SYSCTL_UINT("debug.witness.sleep_with_spin", &w_sleep_warnings,
    "attempts to sleep or take a sleep lock with a spin lock held");
SYSCTL_UINT("debug.witness.sleep_in_rcu", &w_sleep_rcu,
    "attempts to sleep or take a sleep lock inside an RCU read section");

int
witness_warn_sleep(const char *what, struct lock_object *except, const char *file, int line)
{
	__typeof__(cpu_locks[0].e[0]) held = { NULL, NULL, 0 };	/* the first spin lock */
	struct lock_list *l;
	struct thread *td = curthread;
	uint64_t fl;
	unsigned i;

	/*
	 * A read section must not sleep: the grace period would end under it
	 * (Linux's lockdep: "Illegal context switch in RCU read-side critical
	 * section").  Reported here, where it might sleep; mi_switch panics
	 * if it really does.
	 */
	if (td != NULL && td->td_rcu_nest > 0) {
		w_sleep_rcu++;
		printf("%s inside an RCU read section @ %s:%d\n", what, file, line);
		stack_print(read_rbp(), (uint64_t)(uintptr_t)&witness_warn_sleep);
		return (1);
	}
	/*
	 * Our CPU's list, read with interrupts off: a thread that holds no
	 * spin lock can be preempted and moved, and would then be reading
	 * another CPU's list while that CPU changes it (a false report, its
	 * lock and place torn from two entries).
	 */
	fl = read_rflags();
	disable_intr();
	l = &cpu_locks[curcpu];
	for (i = 0; i < l->n; i++)
		if ((l->e[i].lo->lo_flags & LO_SPIN) && l->e[i].lo != except) {
			held = l->e[i];
			break;
		}
	if (fl & 0x200)
		enable_intr();
	if (held.lo == NULL)
		return (0);
	w_sleep_warnings++;
	printf("%s with spin lock \"%s\" held @ %s:%d (taken @ %s:%d)\n",
	    what, held.lo->lo_name, file, line, held.file, held.line);
	stack_print(read_rbp(), (uint64_t)(uintptr_t)&witness_warn_sleep);
	return (1);
}
