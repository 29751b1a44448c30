/*
 * `bootchart`: the boot's timestamps in a machine-readable form, for
 * `make bootchart` (tools/bootchart.py) to draw.  All times are raw TSC
 * values plus the calibrated rate, so the host does the arithmetic:
 *
 *   bootchart tsc_hz <hz>
 *   bootchart loader <entry> <kernel_read> <before_jump>
 *   bootchart kernel_entry <tsc>
 *   bootchart sysinit <start> <end> <subsystem-name> <function>
 *   bootchart cpu <id> <start> <ready>
 *   bootchart shell <tsc of the first prompt>
 *   bootchart end
 */
#include <sys/systm.h>
#include <sys/kernel.h>
#include <sys/pcpu.h>
#include <sys/shell.h>

static int
cmd_bootchart(int argc, char **argv)
{
	struct sysinit **si;
	unsigned n, i;

	(void)argc;
	(void)argv;
	printf("bootchart tsc_hz %llu\n", (unsigned long long)tsc_freq);
	printf("bootchart loader %llu %llu %llu\n",
	    (unsigned long long)bootinfo.tsc.loader_entry,
	    (unsigned long long)bootinfo.tsc.kernel_read,
	    (unsigned long long)bootinfo.tsc.before_jump);
	printf("bootchart kernel_entry %llu\n", (unsigned long long)kernel_entry_tsc);
	si = sysinit_sorted(&n);
	for (i = 0; i < n; i++)
		printf("bootchart sysinit %llu %llu %s %s\n",
		    (unsigned long long)si[i]->start_tsc, (unsigned long long)si[i]->end_tsc,
		    sysinit_subsystem_name(si[i]->subsystem), si[i]->name);
	for (i = 0; i < MAXCPU; i++)
		if (pcpu_array[i].pc_started)
			printf("bootchart cpu %u %llu %llu\n", i,
			    (unsigned long long)pcpu_array[i].pc_start_tsc,
			    (unsigned long long)pcpu_array[i].pc_ready_tsc);
	printf("bootchart shell %llu\n", (unsigned long long)shell_prompt_tsc);
	printf("bootchart end\n");
	return (0);
}
SHELL_COMMAND(bootchart, cmd_bootchart, "bootchart",
    "print boot timestamps (for make bootchart)");
