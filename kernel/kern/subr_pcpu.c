/*
 * Per-CPU data storage.  The boot CPU's entry is set up in hammer_time();
 * the APs' entries by the SMP bring-up.
 */
#include <sys/systm.h>
#include <sys/pcpu.h>
#include <sys/sysctl.h>

struct pcpu	pcpu_array[MAXCPU];
unsigned	mp_ncpus = 1;
unsigned	mp_maxcpus = 1;

SYSCTL_UINT("hw.ncpu", &mp_ncpus, "number of CPUs running");
SYSCTL_UINT("kern.smp.cpus", &mp_ncpus, "number of CPUs online");
SYSCTL_UINT("kern.smp.maxcpus", &mp_maxcpus, "enabled CPUs the firmware lists");

static void
smp_active_handler(char *buf, size_t len)
{
	unsigned i, n = 0;

	for (i = 0; i < MAXCPU; i++)
		n += pcpu_array[i].pc_started != 0;
	snprintf(buf, len, "%u", n);
}
SYSCTL_PROC("kern.smp.active", smp_active_handler, "CPUs that have started");
