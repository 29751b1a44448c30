/*
 * `irqtest`: the RTC's periodic interrupt (ISA IRQ 8) routed through the
 * I/O APIC with intr_register_irq(), run at 64 Hz for a quarter second.
 * The handler stays registered while the module is loaded (vmstat -i
 * shows its count); the periodic interrupt is off outside the command, so
 * none can arrive when the SYSUNINIT frees the vector at unload.
 */
#include <sys/systm.h>
#include <sys/kernel.h>
#include <sys/shell.h>
#include <machine/apicvar.h>
#include <machine/cpufunc.h>
#include <machine/intr_machdep.h>
#include <machine/rtc.h>

static volatile uint64_t rtc_irqs;
static int rtc_vector = -1;

static void
rtc_intr(void *arg __unused, struct trapframe *tf __unused)
{
	(void)cmos_read(RTC_STATUSC);	/* acknowledge, or it never fires again */
	rtc_irqs++;
}

/* The periodic interrupt on (at 64 Hz) or off, interrupts held meanwhile. */
static void
rtc_periodic(int on)
{
	uint64_t fl = read_rflags();
	uint8_t b;

	disable_intr();
	if (on)	/* rate 10: 32768 >> 9 = 64 Hz */
		cmos_write(RTC_STATUSA, (uint8_t)((cmos_read(RTC_STATUSA) & 0xf0) | 10));
	b = cmos_read(RTC_STATUSB);
	cmos_write(RTC_STATUSB, on ? b | RTCSB_PIE : b & ~RTCSB_PIE);
	(void)cmos_read(RTC_STATUSC);
	if (fl & 0x200)
		enable_intr();
}

static int
cmd_irqtest(int argc __unused, char **argv __unused)
{
	uint64_t before, n;

	if (rtc_vector < 0 &&
	    (rtc_vector = intr_register_irq(RTC_IRQ, rtc_intr, NULL, "rtc")) < 0) {
		printf("irqtest: could not route IRQ 8\n");
		return (1);
	}
	before = rtc_irqs;
	rtc_periodic(1);
	DELAY(250000);
	rtc_periodic(0);
	n = rtc_irqs - before;
	printf("irqtest: IRQ 8 (RTC) on vector %d: %llu interrupts in 250 ms (64 Hz expected)\n",
	    rtc_vector, (unsigned long long)n);
	return (n > 0 ? 0 : 1);
}
SHELL_COMMAND(irqtest, cmd_irqtest, "irqtest",
    "test: RTC IRQ 8 through the I/O APIC, counted");

static void
irqtest_uninit(const void *dummy __unused)
{
	if (rtc_vector >= 0)
		intr_unregister(rtc_vector);
}
SYSUNINIT(irqtest, SI_SUB_DRIVERS, SI_ORDER_ANY, irqtest_uninit, NULL);
