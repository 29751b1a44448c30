/*
 * kprof (see sys/kprof.h): per-CPU tables of sampled program counters.
 *
 * Each CPU counts its own samples in its own open-addressed table, from
 * its own clock interrupt, so sampling takes no lock; start, stop and
 * dump -- from the kernel shell's `kprof` or from user space through
 * debug.kprof.running and /proc/kprof -- flip `kprof_on` around that,
 * serialised by kprof_lock so that a start cannot wipe a table a dump is
 * reading.  A table that fills up counts further new addresses as "lost"
 * rather than growing: the interrupt must not allocate.  Idle time shows
 * up as samples in the idle loop, user mode as one "user" count per CPU.
 * The dump names an address inside a loaded module (aesni.ko's crypto
 * code) itself, as "file:function": tools/kprof.py knows only the
 * kernel's symbols, and where a module lands is decided at boot.
 */
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/kernel.h>
#include <sys/kprof.h>
#include <sys/linker.h>
#include <sys/malloc.h>
#include <sys/pcpu.h>
#include <sys/sbuf.h>
#include <sys/shell.h>
#include <sys/sx.h>
#include <sys/sysctl.h>

MALLOC_DEFINE(M_KPROF, "kprof", "sampling profiler tables");

#define KPROF_SLOTS	4096		/* distinct addresses per CPU (a power of two) */

struct kprof_slot {
	uint64_t	pc;		/* sampled address, 0: empty */
	uint64_t	count;		/* samples at it */
};

struct kprof_cpu {
	uint64_t	samples;	/* every tick taken while on */
	uint64_t	user;		/* ticks that interrupted user mode */
	uint64_t	lost;		/* kernel samples that found the table full */
	struct kprof_slot slot[KPROF_SLOTS];
};

static struct kprof_cpu *kprof_tab[MAXCPU];	/* allocated at the first start */
static volatile int kprof_on;
static struct sx kprof_lock;		/* start, stop and dump, one at a time */

void
kprof_tick(uint64_t pc, int user)
{
	struct kprof_cpu *t;
	unsigned i, n;

	if (!kprof_on || (t = kprof_tab[curcpu]) == NULL)
		return;
	t->samples++;
	if (user) {
		t->user++;
		return;
	}
	i = (unsigned)((pc * 0x9e3779b97f4a7c15ULL) >> 52) & (KPROF_SLOTS - 1);
	for (n = 0; n < KPROF_SLOTS; n++, i = (i + 1) & (KPROF_SLOTS - 1)) {
		if (t->slot[i].pc == pc) {
			t->slot[i].count++;
			return;
		}
		if (t->slot[i].pc == 0) {
			t->slot[i].pc = pc;
			t->slot[i].count = 1;
			return;
		}
	}
	t->lost++;
}

int
kprof_start(void)
{
	unsigned c;
	int error = 0;

	sx_xlock(&kprof_lock);
	kprof_on = 0;
	for (c = 0; c < mp_ncpus && c < MAXCPU; c++) {
		if (kprof_tab[c] == NULL)
			kprof_tab[c] = malloc(sizeof(struct kprof_cpu), M_KPROF, M_WAITOK);
		if (kprof_tab[c] == NULL) {
			error = ENOMEM;
			goto out;
		}
		memset(kprof_tab[c], 0, sizeof(struct kprof_cpu));
	}
	__atomic_thread_fence(__ATOMIC_SEQ_CST);	/* tables clean before the ticks see on */
	kprof_on = 1;
out:
	sx_xunlock(&kprof_lock);
	return (error);
}

void
kprof_stop(void)
{
	sx_xlock(&kprof_lock);
	kprof_on = 0;
	sx_xunlock(&kprof_lock);
}

int
kprof_dump(struct sbuf *sb)
{
	const char *file, *name;
	unsigned c, i;

	sx_xlock(&kprof_lock);
	if (kprof_on) {
		sx_xunlock(&kprof_lock);
		return (EBUSY);
	}
	sx_slock(&linker_lock);		/* no module leaves while we name its code */
	for (c = 0; c < MAXCPU; c++) {
		struct kprof_cpu *t = kprof_tab[c];

		if (t == NULL)
			continue;
		sbuf_printf(sb, "kprof cpu %u samples %llu user %llu lost %llu\n", c,
		    (unsigned long long)t->samples, (unsigned long long)t->user,
		    (unsigned long long)t->lost);
		for (i = 0; i < KPROF_SLOTS; i++) {
			if (t->slot[i].pc == 0)
				continue;
			sbuf_printf(sb, "kprof pc %llx %u %llu", (unsigned long long)t->slot[i].pc,
			    c, (unsigned long long)t->slot[i].count);
			name = linker_search_symbol(t->slot[i].pc, NULL, &file);
			if (file != NULL)
				sbuf_printf(sb, " %s:%s", file, name != NULL ? name : "?");
			sbuf_putc(sb, '\n');
		}
	}
	sx_sunlock(&linker_lock);
	sx_xunlock(&kprof_lock);
	sbuf_cat(sb, "kprof end\n");
	return (0);
}

/* debug.kprof.running: 1 while sampling; writing 1 starts afresh, 0 stops. */
static void
kprof_running_handler(char *buf, size_t len)
{
	snprintf(buf, len, "%d", kprof_on);
}

static int
kprof_running_store(const struct sysctl_oid *o, const char *value)
{
	(void)o;
	if (strcmp(value, "1") == 0)
		return (kprof_start());
	if (strcmp(value, "0") != 0)
		return (EINVAL);
	kprof_stop();
	return (0);
}
SYSCTL_PROC_RW("debug.kprof.running", kprof_running_handler, kprof_running_store,
    "sampling profiler: 1 runs; write 1 to start afresh, 0 to stop (/proc/kprof: the samples)");

static int
cmd_kprof(int argc, char **argv)
{
	struct sbuf *sb;
	const char *p, *nl;
	int error;

	if (argc == 2 && strcmp(argv[1], "start") == 0) {
		if (kprof_start() != 0) {
			printf("kprof: out of memory\n");
			return (1);
		}
		printf("kprof: sampling at every clock tick (%d Hz per CPU)\n", hz);
		return (0);
	}
	if (argc == 2 && strcmp(argv[1], "stop") == 0) {
		kprof_stop();
		return (0);
	}
	if (argc == 2 && strcmp(argv[1], "dump") == 0) {
		sb = sbuf_new_auto();
		if ((error = kprof_dump(sb)) == 0)
			error = sbuf_finish(sb);
		if (error == EBUSY)
			printf("kprof: stop it first\n");
		else if (error != 0)
			printf("kprof: out of memory\n");
		/* A line at a time: the console takes one message per printf. */
		for (p = sbuf_data(sb); error == 0 && *p != '\0'; p = nl + 1) {
			nl = strchr(p, '\n');
			printf("%.*s\n", (int)(nl - p), p);
		}
		sbuf_delete(sb);
		return (error != 0);
	}
	return (shell_usage(argv[0], NULL));
}
SHELL_COMMAND(kprof, cmd_kprof, "kprof start|stop|dump",
    "sample the interrupted pc at every clock tick (tools/kprof.py reads the dump)");

static void
kprof_init(const void *dummy __unused)
{
	sx_init(&kprof_lock, "kprof");
}
SYSINIT(kprof_init, SI_SUB_LOCK, SI_ORDER_ANY, kprof_init, NULL);
