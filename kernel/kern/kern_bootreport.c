/*
 * The boot report (what a person and a boot test read after the banner):
 * memory totals, ACPI and the framebuffer once the CPU is known; the boot
 * times and the preloaded files first thing in the last stage, so that
 * "kernel entry to now" covers every other stage.  The test hooks
 * (kern_testfault.c) and the shell (kern_shell.c) follow in that stage.
 */
#include <sys/systm.h>
#include <sys/kernel.h>
#include <machine/cpufunc.h>
#include <machine/md_var.h>
#include <machine/vmparam.h>
#include <dev/acpi/acpi.h>
#include <vm/vm_phys.h>

static void
print_memory(const void *dummy __unused)
{
	uint64_t real = vm_phys_real_memory(), avail = vm_phys_free_pages() * PAGE_SIZE;

	cpu_print_identity();
	printf("real memory  = %llu (%llu MB)\n", (unsigned long long)real,
	    (unsigned long long)(real >> 20));
	printf("avail memory = %llu (%llu MB)\n", (unsigned long long)avail,
	    (unsigned long long)(avail >> 20));
	if (vm_phys_physmem_cap() != 0)
		printf("hw.physmem = %llu: memory above it is not used\n",
		    (unsigned long long)vm_phys_physmem_cap());
	acpi_print_summary();
	if (bootinfo.fb.format == SANPO_FB_NONE)
		printf("framebuffer: none\n");
	else
		printf("framebuffer: %ux%u, stride %u, at 0x%llx\n",
		    bootinfo.fb.width, bootinfo.fb.height, bootinfo.fb.stride,
		    (unsigned long long)bootinfo.fb.phys);
}
SYSINIT(report_memory, SI_SUB_CPU, SI_ORDER_ANY, print_memory, NULL);

/* The files the loader preloaded (boot-info module list). */
static void
print_modules(void)
{
	const struct sanpo_module *m;
	uint32_t i;

	if (bootinfo.module_count == 0 || bootinfo.modules == 0) {
		printf("modules: none\n");
		return;
	}
	m = (const struct sanpo_module *)PHYS_TO_DMAP(bootinfo.modules);
	printf("modules: %u:", bootinfo.module_count);
	for (i = 0; i < bootinfo.module_count; i++)
		printf("%s %.64s (%.32s, %llu bytes)", i > 0 ? "," : "", m[i].name,
		    m[i].type, (unsigned long long)m[i].size);
	printf("\n");
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
	/* Lua's share of the loader: start of the interpreter to the hand-over. */
	if (bootinfo.tsc_lua_start != 0 && bootinfo.tsc_lua_done >= bootinfo.tsc_lua_start) {
		uint64_t lua_us = tsc_to_us(bootinfo.tsc_lua_done - bootinfo.tsc_lua_start);

		printf("boot time: lua %llu.%03llu ms of the loader's %llu ms (%llu%%)\n",
		    (unsigned long long)(lua_us / 1000), (unsigned long long)(lua_us % 1000),
		    (unsigned long long)(loader_us / 1000),
		    (unsigned long long)(loader_us ? lua_us * 100 / loader_us : 0));
	}
	printf("TSC: %llu Hz, calibrated against the %s\n",
	    (unsigned long long)tsc_freq, tsc_calibration_source);
	print_modules();
}

static void
report_boot_times(const void *dummy __unused)
{
	print_boot_times();
}
SYSINIT(report_times, SI_SUB_RUN_SCHEDULER, SI_ORDER_FIRST, report_boot_times, NULL);
