/*
 * mi_startup(): run every SYSINIT in (subsystem, order) order.  This file
 * also holds the machine-independent early stages: the environment, the
 * banner, and the last stage, which hands the console to the shell.
 *
 * With RB_VERBOSE (`boot -v`) each stage prints as it runs, with its time.
 */
#include <sys/systm.h>
#include <sys/kernel.h>
#include <sys/malloc.h>
#include <sanpo/boothowto.h>
#include <machine/cpufunc.h>
#include <machine/vmparam.h>

#define MAX_SYSINITS	512

SET_DECLARE(sysinit_set, struct sysinit);
SET_DECLARE(sysuninit_set, struct sysinit);

static struct sysinit	*sorted[MAX_SYSINITS];
static unsigned		 nsorted;
static unsigned		 cur;		/* the entry mi_startup runs now */

static const struct {
	enum sysinit_sub_id	 id;
	const char		*name;
} subsystem_names[] = {
#define SI_SUB_NAME(id, value, name)	{ id, name },
	SYSINIT_SUBSYSTEMS(SI_SUB_NAME)
#undef SI_SUB_NAME
};

const char *
sysinit_subsystem_name(enum sysinit_sub_id sub)
{
	const char *name = "?";
	size_t i;

	/* A stage without its own name belongs to the last named one below it. */
	for (i = 0; i < nitems(subsystem_names); i++)
		if (subsystem_names[i].id <= sub)
			name = subsystem_names[i].name;
	return (name);
}

static int
sysinit_before(const struct sysinit *a, const struct sysinit *b)
{
	if (a->subsystem != b->subsystem)
		return (a->subsystem < b->subsystem);
	return (a->order < b->order);
}

/* Insertion sort: stable, so equal keys keep their link order. */
static unsigned
sort_set(struct sysinit **begin, struct sysinit **end, struct sysinit **out)
{
	unsigned n = 0, i;
	struct sysinit **sipp;

	for (sipp = begin; sipp < end; sipp++) {
		if (n == MAX_SYSINITS)
			panic("more than %d SYSINITs", MAX_SYSINITS);
		for (i = n; i > 0 && sysinit_before(*sipp, out[i - 1]); i--)
			out[i] = out[i - 1];
		out[i] = *sipp;
		n++;
	}
	return (n);
}

struct sysinit **
sysinit_sorted(unsigned *count)
{
	*count = nsorted;
	return (sorted);
}

/*
 * A preloaded module's SYSINITs join the list while it runs (the linker
 * links those files at SI_SUB_KLD): each goes in its place among the
 * stages still to come, or, if its stage has passed, runs next.
 */
void
sysinit_add(struct sysinit **begin, struct sysinit **end)
{
	struct sysinit **sipp;
	unsigned pos, j;

	for (sipp = begin; sipp < end; sipp++) {
		if (nsorted == MAX_SYSINITS)
			panic("more than %d SYSINITs", MAX_SYSINITS);
		for (pos = cur + 1; pos < nsorted && !sysinit_before(*sipp, sorted[pos]); pos++)
			;
		for (j = nsorted; j > pos; j--)
			sorted[j] = sorted[j - 1];
		sorted[pos] = *sipp;
		nsorted++;
	}
}

/* A preloaded module unloaded: its entries leave the list `sysinit` shows. */
void
sysinit_remove(struct sysinit **begin, struct sysinit **end)
{
	unsigned i, j;

	for (i = 0, j = 0; i < nsorted; i++) {
		struct sysinit **sipp;

		for (sipp = begin; sipp < end && *sipp != sorted[i]; sipp++)
			;
		if (sipp == end)
			sorted[j++] = sorted[i];
		else if (i <= cur && cur > 0)
			cur--;
	}
	nsorted = j;
}

static void
sysinit_run_one(struct sysinit *si)
{
	si->start_tsc = rdtsc();
	si->func(si->udata);
	si->end_tsc = rdtsc();
}

/* A module loaded at run time: its SYSINITs in order, now. */
void
sysinit_run_set(struct sysinit **begin, struct sysinit **end)
{
	struct sysinit **s = malloc(((size_t)(end - begin) + 1) * sizeof(*s), M_TEMP, M_WAITOK);
	unsigned n = sort_set(begin, end, s), i;

	for (i = 0; i < n; i++)
		if (s[i]->subsystem != SI_SUB_DUMMY)
			sysinit_run_one(s[i]);
	free(s, M_TEMP);
}

/* Its SYSUNINITs, in reverse order. */
void
sysuninit_run_set(struct sysinit **begin, struct sysinit **end)
{
	struct sysinit **s = malloc(((size_t)(end - begin) + 1) * sizeof(*s), M_TEMP, M_WAITOK);
	unsigned n = sort_set(begin, end, s);

	while (n-- > 0)
		if (s[n]->subsystem != SI_SUB_DUMMY)
			s[n]->func(s[n]->udata);
	free(s, M_TEMP);
}

void
mi_startup(void)
{
	nsorted = sort_set(SET_BEGIN(sysinit_set), SET_LIMIT(sysinit_set), sorted);
	for (cur = 0; cur < nsorted; cur++) {
		struct sysinit *si = sorted[cur];

		if (si->subsystem == SI_SUB_DUMMY)
			continue;
		/* The last stage never returns, so trace it before it runs. */
		if (bootverbose && si->subsystem == SI_SUB_RUN_SCHEDULER)
			printf("sysinit: 0x%07x %-13s 0x%07x %s\n", si->subsystem,
			    sysinit_subsystem_name(si->subsystem), si->order, si->name);
		sysinit_run_one(si);
		if (bootverbose && tsc_freq != 0)
			printf("sysinit: 0x%07x %-13s 0x%07x %s (%llu us)\n",
			    si->subsystem, sysinit_subsystem_name(si->subsystem),
			    si->order, si->name,
			    (unsigned long long)tsc_to_us(si->end_tsc - si->start_tsc));
		else if (bootverbose)	/* before the TSC is calibrated */
			printf("sysinit: 0x%07x %-13s 0x%07x %s (%llu TSC cycles)\n",
			    si->subsystem, sysinit_subsystem_name(si->subsystem),
			    si->order, si->name,
			    (unsigned long long)(si->end_tsc - si->start_tsc));
	}
	panic("mi_startup: the scheduler stage returned");
}

void
sysuninit_run_all(void)
{
	static struct sysinit *un[MAX_SYSINITS];
	unsigned n = sort_set(SET_BEGIN(sysuninit_set), SET_LIMIT(sysuninit_set), un);

	while (n-- > 0) {
		if (bootverbose)
			printf("sysuninit: %s\n", un[n]->name);
		un[n]->func(un[n]->udata);
	}
}

/* --- the machine-independent early stages --------------------------------- */

static void
kenv_setup(const void *dummy __unused)
{
	kenv_init((const char *)PHYS_TO_DMAP(bootinfo.env), bootinfo.env_size);
}
SYSINIT(kenv, SI_SUB_TUNABLES, SI_ORDER_FIRST, kenv_setup, NULL);

static void
print_env_var(const char *name, const char *value, void *arg)
{
	(void)arg;
	printf("  %s=\"%s\"\n", name, value);
}

static void
print_banner(const void *dummy __unused)
{
	char flags[256];

	printf("Sanpo kernel " SANPO_VERSION " (x86_64), loaded by Sanpo loader %s from %s\n",
	    bootinfo.loader_version, bootinfo.kernel_path);
	boot_howto_names(boothowto, flags, sizeof(flags));
	printf("boot flags: 0x%08x <%s>\n", boothowto, flags);
	if (bootverbose) {
		printf("kernel environment:\n");
		kenv_foreach(print_env_var, NULL);
	}
	if (bootinfo.memmap_count == 0)
		panic("the loader passed no memory map");
}
SYSINIT(banner, SI_SUB_COPYRIGHT, SI_ORDER_FIRST, print_banner, NULL);
