/*
 * Machine-independent start-up, in boot order: environment, memory, ACPI,
 * clocks, then the boot report.  (Staged SYSINIT initialisation replaces
 * this fixed list with the kernel issue's SYSINIT work.)
 *
 * The report is what a boot test reads: the first line begins
 * "Sanpo kernel", then the boot flags by name, CPU identity, memory totals
 * and the boot times in milliseconds.
 */
#include <sys/systm.h>
#include <sanpo/boothowto.h>
#include <machine/cpufunc.h>
#include <machine/md_var.h>
#include <machine/vmparam.h>
#include "dev/acpi/acpi.h"
#include "vm/vm_phys.h"

void	mi_startup(void) __noreturn;
void	test_fault(const char *what);

static void
print_banner(void)
{
	char flags[256];

	printf("Sanpo kernel " SANPO_VERSION " (x86_64), loaded by Sanpo loader %s from %s\n",
	    bootinfo.loader_version, bootinfo.kernel_path);
	boot_howto_names(boothowto, flags, sizeof(flags));
	printf("boot flags: 0x%08x <%s>\n", boothowto, flags);
}

static void
print_memory(void)
{
	uint64_t real = vm_phys_real_memory(), avail = vm_phys_free_pages() * PAGE_SIZE;

	printf("real memory  = %llu (%llu MB)\n", (unsigned long long)real,
	    (unsigned long long)(real >> 20));
	printf("avail memory = %llu (%llu MB)\n", (unsigned long long)avail,
	    (unsigned long long)(avail >> 20));
	if (vm_phys_physmem_cap() != 0)
		printf("hw.physmem = %llu: memory above it is not used\n",
		    (unsigned long long)vm_phys_physmem_cap());
}

static void
print_boot_times(void)
{
	uint64_t loader_us = tsc_to_us(bootinfo.tsc.before_jump - bootinfo.tsc.loader_entry);
	uint64_t read_us = tsc_to_us(bootinfo.tsc.kernel_read - bootinfo.tsc.loader_entry);
	uint64_t kern_us = tsc_to_us(rdtsc() - kernel_entry_tsc);

	printf("boot time: loader %llu ms (kernel file read at %llu ms), "
	    "kernel entry to now %llu ms\n",
	    (unsigned long long)(loader_us / 1000), (unsigned long long)(read_us / 1000),
	    (unsigned long long)(kern_us / 1000));
	printf("TSC: %llu Hz, calibrated against the %s\n",
	    (unsigned long long)tsc_freq, tsc_calibration_source);
}

static void
print_framebuffer(void)
{
	if (bootinfo.fb.format == SANPO_FB_NONE)
		printf("framebuffer: none\n");
	else
		printf("framebuffer: %ux%u, stride %u, at 0x%llx\n",
		    bootinfo.fb.width, bootinfo.fb.height, bootinfo.fb.stride,
		    (unsigned long long)bootinfo.fb.phys);
}

static void
print_env_var(const char *name, const char *value, void *arg)
{
	(void)arg;
	printf("  %s=\"%s\"\n", name, value);
}

void
mi_startup(void)
{
	const char *fault;

	kenv_init((const char *)PHYS_TO_DMAP(bootinfo.env), bootinfo.env_size);
	print_banner();
	if (bootverbose) {
		printf("kernel environment:\n");
		kenv_foreach(print_env_var, NULL);
	}
	if (bootinfo.memmap_count == 0)
		panic("the loader passed no memory map");
	vm_phys_init();
	acpi_init(bootinfo.acpi_rsdp);
	tsc_calibrate();
	cpu_print_identity();
	print_memory();
	acpi_print_summary();
	printf("CPUs: %d in the MADT (only the boot CPU runs for now)\n",
	    acpi_madt_cpu_count());
	print_framebuffer();
	print_boot_times();

	/* Test hook: make the kernel fault on purpose, to check the reports. */
	if ((fault = kern_getenv("debug.kernel.fault")) != NULL)
		test_fault(fault);
	if (getenv_is_true("kernel.autopoweroff")) {
		printf("kernel.autopoweroff is set: powering off\n");
		acpi_poweroff();
	}
	printf("Nothing more to do yet: idling (set kernel.autopoweroff=\"YES\" to power off)\n");
	cpu_halt_forever();
}
