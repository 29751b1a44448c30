/*
 * kprof (see sys/kprof.h): per-CPU tables of sampled program counters.
 *
 * Each CPU counts its own samples in its own open-addressed table, from
 * its own clock interrupt, so sampling takes no lock; start, stop and
 * dump run from the shell and flip `kprof_on` around that.  A table that
 * fills up counts further new addresses as "lost" rather than growing:
 * the interrupt must not allocate.  Idle time shows up as samples in the
 * idle loop, user mode as one "user" count per CPU.  The dump names an
 * address inside a loaded module (aesni.ko's crypto code) itself, as
 * "file:function": tools/kprof.py knows only the kernel's symbols, and
 * where a module lands is decided at boot.
 */
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/kernel.h>
#include <sys/kprof.h>
#include <sys/linker.h>
#include <sys/malloc.h>
#include <sys/pcpu.h>
#include <sys/shell.h>

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

static int
kprof_start(void)
{
	unsigned c;

	kprof_on = 0;
	for (c = 0; c < mp_ncpus && c < MAXCPU; c++) {
		if (kprof_tab[c] == NULL)
			kprof_tab[c] = malloc(sizeof(struct kprof_cpu), M_KPROF, M_WAITOK);
		if (kprof_tab[c] == NULL)
			return (ENOMEM);
		memset(kprof_tab[c], 0, sizeof(struct kprof_cpu));
	}
	__atomic_thread_fence(__ATOMIC_SEQ_CST);	/* tables clean before the ticks see on */
	kprof_on = 1;
	return (0);
}

static void
kprof_dump(void)
{
	const char *file, *name;
	unsigned c, i;

	sx_slock(&linker_lock);		/* no module leaves while we name its code */
	for (c = 0; c < MAXCPU; c++) {
		struct kprof_cpu *t = kprof_tab[c];

		if (t == NULL)
			continue;
		printf("kprof cpu %u samples %llu user %llu lost %llu\n", c,
		    (unsigned long long)t->samples, (unsigned long long)t->user,
		    (unsigned long long)t->lost);
		for (i = 0; i < KPROF_SLOTS; i++) {
			if (t->slot[i].pc == 0)
				continue;
			name = linker_search_symbol(t->slot[i].pc, NULL, &file);
			if (file != NULL)
				printf("kprof pc %llx %u %llu %s:%s\n",
				    (unsigned long long)t->slot[i].pc, c,
				    (unsigned long long)t->slot[i].count, file,
				    name != NULL ? name : "?");
			else
				printf("kprof pc %llx %u %llu\n",
				    (unsigned long long)t->slot[i].pc, c,
				    (unsigned long long)t->slot[i].count);
		}
	}
	sx_sunlock(&linker_lock);
	printf("kprof end\n");
}

static int
cmd_kprof(int argc, char **argv)
{
	if (argc == 2 && strcmp(argv[1], "start") == 0) {
		if (kprof_start() != 0) {
			printf("kprof: out of memory\n");
			return (1);
		}
		printf("kprof: sampling at every clock tick (%d Hz per CPU)\n", hz);
		return (0);
	}
	if (argc == 2 && strcmp(argv[1], "stop") == 0) {
		kprof_on = 0;
		return (0);
	}
	if (argc == 2 && strcmp(argv[1], "dump") == 0) {
		if (kprof_on) {
			printf("kprof: stop it first\n");
			return (1);
		}
		kprof_dump();
		return (0);
	}
	return (shell_usage(argv[0], NULL));
}
SHELL_COMMAND(kprof, cmd_kprof, "kprof start|stop|dump",
    "sample the interrupted pc at every clock tick (tools/kprof.py reads the dump)");
