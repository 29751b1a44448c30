/*
 * TSC calibration.  Boot times are reported in milliseconds, so the TSC
 * rate must be measured, never assumed: against the ACPI PM timer
 * (3.579545 MHz, from the FADT) when there is one, else the i8254 PIT.
 */
#include <sys/systm.h>
#include <sys/kernel.h>
#include <machine/cpufunc.h>
#include <machine/md_var.h>
#include <dev/acpi/acpi.h>

#define PMTMR_FREQ	3579545ULL
#define PIT_FREQ	1193182ULL
#define CAL_MS		50

uint64_t	tsc_freq;
uint64_t	kernel_entry_tsc;	/* written by locore.S */
const char	*tsc_calibration_source = "none";

uint64_t
tsc_to_us(uint64_t ticks)
{
	if (tsc_freq == 0)
		return (0);
	/* Split to avoid overflow for long intervals. */
	return (ticks / tsc_freq * 1000000 + ticks % tsc_freq * 1000000 / tsc_freq);
}

static uint64_t
calibrate_pmtimer(void)
{
	uint32_t mask = acpi_pm_timer_32bit() ? 0xffffffffU : 0xffffffU;
	uint32_t target = (uint32_t)(PMTMR_FREQ * CAL_MS / 1000);
	uint32_t start, now, elapsed;
	uint64_t t0, t1;

	start = acpi_pm_timer_read();
	t0 = rdtsc();
	do {
		now = acpi_pm_timer_read();
		elapsed = (now - start) & mask;
	} while (elapsed < target);
	t1 = rdtsc();
	return ((t1 - t0) * PMTMR_FREQ / elapsed);
}

static uint64_t
calibrate_pit(void)
{
	uint16_t count = (uint16_t)(PIT_FREQ * CAL_MS / 1000);
	uint64_t t0, t1;

	/* Channel 2, gated by port 0x61, mode 0, counting down once. */
	outb(0x61, (inb(0x61) & ~0x02) | 0x01);
	outb(0x43, 0xb0);
	outb(0x42, count & 0xff);
	outb(0x42, count >> 8);
	t0 = rdtsc();
	while ((inb(0x61) & 0x20) == 0)
		cpu_pause();
	t1 = rdtsc();
	return ((t1 - t0) * 1000 / CAL_MS);
}

static void
tsc_calibrate(const void *dummy __unused)
{
	if (acpi_pm_timer_present()) {
		tsc_freq = calibrate_pmtimer();
		tsc_calibration_source = "ACPI PM timer";
	} else {
		tsc_freq = calibrate_pit();
		tsc_calibration_source = "i8254 PIT";
	}
}
SYSINIT(tsc, SI_SUB_CPU, SI_ORDER_SECOND, tsc_calibrate, NULL);
