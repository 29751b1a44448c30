/*
 * CPU identification from CPUID: vendor, family/model/stepping (with the
 * extended fields folded in as the SDM describes), brand string and the
 * feature flags the kernel reports and depends on.
 */
#include <sys/systm.h>
#include <machine/cpufunc.h>
#include <sys/sysctl.h>
#include <machine/md_var.h>

struct cpu_ident cpu_id;

struct feature_name {
	uint8_t		 word;	/* 0: 1.EDX, 1: 1.ECX, 2: 0x80000001.EDX, 3: 0x80000001.ECX, 4: 7.EBX, 5: 7.ECX */
	uint8_t		 bit;
	const char	*name;
};

static const struct feature_name features[] = {
	{ 0, 0, "FPU" }, { 0, 4, "TSC" }, { 0, 5, "MSR" }, { 0, 6, "PAE" },
	{ 0, 9, "APIC" }, { 0, 13, "PGE" }, { 0, 15, "CMOV" }, { 0, 16, "PAT" },
	{ 0, 19, "CLFLUSH" }, { 0, 23, "MMX" }, { 0, 24, "FXSR" },
	{ 0, 25, "SSE" }, { 0, 26, "SSE2" }, { 0, 28, "HTT" },
	{ 1, 0, "SSE3" }, { 1, 1, "PCLMULQDQ" }, { 1, 9, "SSSE3" },
	{ 1, 12, "FMA" }, { 1, 13, "CX16" }, { 1, 19, "SSE4.1" },
	{ 1, 20, "SSE4.2" }, { 1, 21, "x2APIC" }, { 1, 22, "MOVBE" },
	{ 1, 23, "POPCNT" }, { 1, 24, "TSCDLT" }, { 1, 25, "AESNI" },
	{ 1, 26, "XSAVE" }, { 1, 28, "AVX" }, { 1, 29, "F16C" },
	{ 1, 30, "RDRAND" }, { 1, 31, "HV" },
	{ 2, 11, "SYSCALL" }, { 2, 20, "NX" }, { 2, 26, "Page1GB" },
	{ 2, 27, "RDTSCP" }, { 2, 29, "LM" },
	{ 3, 0, "LAHF" },
	{ 4, 0, "FSGSBASE" }, { 4, 3, "BMI1" }, { 4, 5, "AVX2" },
	{ 4, 7, "SMEP" }, { 4, 8, "BMI2" }, { 4, 18, "RDSEED" },
	{ 4, 19, "ADX" }, { 4, 20, "SMAP" }, { 4, 29, "SHA" },
	{ 5, 9, "VAES" }, { 5, 10, "VPCLMULQDQ" },
};

void
cpu_identify(void)
{
	uint32_t r[4];
	int i;

	cpuid_count(0, 0, r);
	cpu_id.max_leaf = r[0];
	memcpy(cpu_id.vendor + 0, &r[1], 4);
	memcpy(cpu_id.vendor + 4, &r[3], 4);
	memcpy(cpu_id.vendor + 8, &r[2], 4);
	cpu_id.vendor[12] = '\0';

	cpuid_count(1, 0, r);
	cpu_id.family = (r[0] >> 8) & 0xf;
	cpu_id.model = (r[0] >> 4) & 0xf;
	cpu_id.stepping = r[0] & 0xf;
	if (cpu_id.family == 0xf)
		cpu_id.family += (r[0] >> 20) & 0xff;
	if (cpu_id.family == 0x6 || cpu_id.family >= 0xf)
		cpu_id.model |= ((r[0] >> 16) & 0xf) << 4;
	cpu_id.feat_ecx = r[2];
	cpu_id.feat_edx = r[3];

	if (cpu_id.max_leaf >= 7) {
		cpuid_count(7, 0, r);
		cpu_id.stdext_ebx = r[1];
		cpu_id.stdext_ecx = r[2];
	}
	cpuid_count(0x80000000, 0, r);
	cpu_id.max_ext_leaf = r[0];
	if (cpu_id.max_ext_leaf >= 0x80000001) {
		cpuid_count(0x80000001, 0, r);
		cpu_id.ext_ecx = r[2];
		cpu_id.ext_edx = r[3];
	}
	if (cpu_id.max_ext_leaf >= 0x80000004) {
		for (i = 0; i < 3; i++) {
			cpuid_count(0x80000002 + i, 0, r);
			memcpy(cpu_id.brand + 16 * i, r, 16);
		}
	}
	cpu_id.brand[48] = '\0';
}

int
cpu_has_nx(void)
{
	return ((cpu_id.ext_edx & CPUID_EDX_NX) != 0);
}

int
cpu_has_1gb_pages(void)
{
	return ((cpu_id.ext_edx & CPUID_EDX_PAGE1GB) != 0);
}

static uint32_t
feature_word(int w)
{
	switch (w) {
	case 0: return (cpu_id.feat_edx);
	case 1: return (cpu_id.feat_ecx);
	case 2: return (cpu_id.ext_edx);
	case 3: return (cpu_id.ext_ecx);
	case 4: return (cpu_id.stdext_ebx);
	default: return (cpu_id.stdext_ecx);
	}
}

void
cpu_print_identity(void)
{
	const char *brand = cpu_id.brand;
	size_t i, col;

	while (*brand == ' ')
		brand++;
	printf("CPU: %s (%llu.%02llu-MHz K8-class CPU)\n",
	    *brand != '\0' ? brand : "unknown",
	    (unsigned long long)(tsc_freq / 1000000),
	    (unsigned long long)(tsc_freq / 10000 % 100));
	printf("  Origin=\"%s\"  Family=0x%x  Model=0x%x  Stepping=%u\n",
	    cpu_id.vendor, cpu_id.family, cpu_id.model, cpu_id.stepping);
	printf("  Features=");
	col = 11;
	for (i = 0; i < nitems(features); i++) {
		if ((feature_word(features[i].word) & (1U << features[i].bit)) == 0)
			continue;
		if (col > 68) {
			printf("\n    ");
			col = 4;
		}
		col += (size_t)printf("%s ", features[i].name);
	}
	printf("\n");
}

static void
hw_model_handler(char *buf, size_t len)
{
	const char *b = cpu_id.brand;

	while (*b == ' ')
		b++;
	strlcpy(buf, b, len);
}
SYSCTL_PROC("hw.model", hw_model_handler, "CPU model");
