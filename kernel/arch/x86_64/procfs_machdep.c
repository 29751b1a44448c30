/*
 * /proc/cpuinfo's text (Linux's x86 format, as linprocfs_machdep.c makes
 * it on FreeBSD): one entry per running CPU, from what cpu_identify()
 * read.  The flags line names the features Linux programs look for most.
 */
#include <sys/systm.h>
#include <sys/pcpu.h>
#include <sys/sbuf.h>
#include <machine/md_var.h>

static const struct {
	const char	*name;
	int		 reg;		/* 0: CPUID 1 edx, 1: ecx, 2: CPUID 7 ebx */
	uint32_t	 bit;
} cpu_flags[] = {
	{ "fpu", 0, 1u << 0 }, { "tsc", 0, 1u << 4 }, { "msr", 0, 1u << 5 },
	{ "apic", 0, 1u << 9 }, { "cmov", 0, 1u << 15 }, { "mmx", 0, 1u << 23 },
	{ "fxsr", 0, 1u << 24 }, { "sse", 0, 1u << 25 }, { "sse2", 0, 1u << 26 },
	{ "pni", 1, 1u << 0 }, { "pclmulqdq", 1, 1u << 1 }, { "ssse3", 1, 1u << 9 },
	{ "sse4_1", 1, 1u << 19 }, { "sse4_2", 1, 1u << 20 }, { "popcnt", 1, 1u << 23 },
	{ "aes", 1, 1u << 25 }, { "xsave", 1, 1u << 26 }, { "avx", 1, 1u << 28 },
	{ "rdrand", 1, 1u << 30 }, { "avx2", 2, 1u << 5 }, { "smep", 2, 1u << 7 },
	{ "rdseed", 2, 1u << 18 }, { "smap", 2, 1u << 20 }, { "sha_ni", 2, 1u << 29 },
};

void
cpuinfo_fill(struct sbuf *sb)
{
	uint32_t regs[3] = { cpu_id.feat_edx, cpu_id.feat_ecx, cpu_id.stdext_ebx };
	unsigned cpu;
	size_t i;

	for (cpu = 0; cpu < mp_ncpus; cpu++) {
		sbuf_printf(sb, "processor\t: %u\nvendor_id\t: %s\ncpu family\t: %u\n"
		    "model\t\t: %u\nmodel name\t: %s\nstepping\t: %u\n"
		    "cpu MHz\t\t: %llu.%03llu\nphysical id\t: 0\ncore id\t\t: %u\n"
		    "cpu cores\t: %u\nflags\t\t:",
		    cpu, cpu_id.vendor, cpu_id.family, cpu_id.model, cpu_id.brand,
		    cpu_id.stepping, (unsigned long long)(tsc_freq / 1000000),
		    (unsigned long long)(tsc_freq / 1000 % 1000), cpu, mp_ncpus);
		for (i = 0; i < sizeof(cpu_flags) / sizeof(cpu_flags[0]); i++)
			if (regs[cpu_flags[i].reg] & cpu_flags[i].bit)
				sbuf_printf(sb, " %s", cpu_flags[i].name);
		sbuf_cat(sb, "\n\n");
	}
}
