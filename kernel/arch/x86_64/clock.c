/*
 * Wall-clock time: the CMOS real-time clock, read once at boot into
 * boottime_sec (kern_clock.c); after that the time is boottime_sec plus
 * the TSC-based uptime.  `date` prints it.  Also DELAY(), the calibrated
 * TSC busy-wait the APIC and SMP code use.
 */
#include <sys/systm.h>
#include <sys/kernel.h>
#include <sys/shell.h>
#include <sanpo/civil_time.h>
#include <machine/apicvar.h>
#include <machine/cpufunc.h>
#include <machine/rtc.h>
#include <dev/acpi/acpi.h>

static const char *const wday_names[7] = { "Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed" };
static const char *const month_names[12] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
    "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };

void
DELAY(uint64_t us)
{
	uint64_t start = rdtsc(), ticks = tsc_freq / 1000000 * us +
	    tsc_freq % 1000000 * us / 1000000;

	while (rdtsc() - start < ticks)
		cpu_pause();
}

/* "Mon Nov 23 07:58:01 UTC 2026" */
static void
format_time(uint64_t t, char *buf, size_t len)
{
	int64_t days = (int64_t)(t / 86400), y;
	unsigned s = (unsigned)(t % 86400), m, d;

	civil_from_days(days, &y, &m, &d);
	snprintf(buf, len, "%s %s %2u %02u:%02u:%02u UTC %lld", wday_names[days % 7],
	    month_names[m - 1], d, s / 3600, s / 60 % 60, s % 60, (long long)y);
}

uint8_t
cmos_read(uint8_t reg)
{
	outb(0x70, reg & 0x7f);
	return (inb(0x71));
}

void
cmos_write(uint8_t reg, uint8_t val)
{
	outb(0x70, reg & 0x7f);
	outb(0x71, val);
}

static unsigned
bcd(uint8_t v, int binary)
{
	return (binary ? v : (unsigned)(v >> 4) * 10 + (v & 0xf));
}

struct rtc_regs {
	uint8_t	sec, min, hour, day, mon, year, century;
};

static void
rtc_snapshot(struct rtc_regs *r, uint8_t century_reg)
{
	int spins;

	for (spins = 0; (cmos_read(RTC_STATUSA) & RTCSA_UIP) && spins < 100000; spins++)
		cpu_pause();
	r->sec = cmos_read(RTC_SEC);
	r->min = cmos_read(RTC_MIN);
	r->hour = cmos_read(RTC_HOUR);
	r->day = cmos_read(RTC_DAY);
	r->mon = cmos_read(RTC_MONTH);
	r->year = cmos_read(RTC_YEAR);
	r->century = century_reg != 0 ? cmos_read(century_reg) : 0;
}

/* Seconds since 1970 from the RTC, or 0 when it reads as nonsense. */
static uint64_t
rtc_read(void)
{
	struct rtc_regs a, b;
	uint8_t century_reg = acpi_rtc_century(), sb;
	unsigned sec, min, hour, day, mon, year, century;
	int tries, bin, pm;

	if (century_reg < 0x0e || century_reg > 0x7f)	/* not in CMOS RAM */
		century_reg = 0;
	rtc_snapshot(&a, century_reg);
	for (tries = 0; tries < 10; tries++) {	/* until two reads agree */
		rtc_snapshot(&b, century_reg);
		if (memcmp(&a, &b, sizeof(a)) == 0)
			break;
		a = b;
	}
	sb = cmos_read(RTC_STATUSB);
	bin = (sb & RTCSB_BINARY) != 0;
	pm = !(sb & RTCSB_24HR) && (a.hour & 0x80);
	sec = bcd(a.sec, bin);
	min = bcd(a.min, bin);
	hour = bcd(a.hour & 0x7f, bin);
	if (!(sb & RTCSB_24HR))
		hour = hour % 12 + (pm ? 12 : 0);
	day = bcd(a.day, bin);
	mon = bcd(a.mon, bin);
	year = bcd(a.year, bin);
	century = century_reg != 0 ? bcd(a.century, bin) : 0;
	if (century < 19 || century > 99)
		century = year < 70 ? 20 : 19;
	year += century * 100;
	if (sec > 59 || min > 59 || hour > 23 || day < 1 || day > 31 || mon < 1 ||
	    mon > 12 || year < 1970) {
		printf("rtc: the clock reads %u-%02u-%02u %02u:%02u:%02u, which is invalid; "
		    "wall-clock time unknown\n", year, mon, day, hour, min, sec);
		return (0);
	}
	return ((uint64_t)days_from_civil(year, mon, day) * 86400 + hour * 3600 +
	    min * 60 + sec);
}

static void
rtc_init(const void *dummy __unused)
{
	uint64_t now = rtc_read(), up = uptime_us();
	char buf[64];

	if (now == 0)
		return;
	boottime_sec = now - (up + 500000) / 1000000;	/* wall clock at kernel entry */
	format_time(now, buf, sizeof(buf));
	printf("rtc: %s\n", buf);
}
SYSINIT(rtc, SI_SUB_CLOCKS, SI_ORDER_SECOND, rtc_init, NULL);

static int
cmd_date(int argc, char **argv)
{
	char buf[64];

	if (argc != 1)
		return (shell_usage(argv[0], NULL));
	if (boottime_sec == 0) {
		printf("date: the wall-clock time is unknown (no usable RTC)\n");
		return (1);
	}
	format_time(boottime_sec + uptime_us() / 1000000, buf, sizeof(buf));
	printf("%s\n", buf);
	return (0);
}
SHELL_COMMAND(date, cmd_date, "date", "print the date and time (UTC)");

