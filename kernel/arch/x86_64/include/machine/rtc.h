/*
 * The CMOS real-time clock's registers (clock.c reads the time from them
 * at boot; selftest.ko's irqtest programs its periodic interrupt).
 */
#ifndef MACHINE_RTC_H
#define MACHINE_RTC_H

#include <stdint.h>

#define RTC_SEC		0x00
#define RTC_MIN		0x02
#define RTC_HOUR	0x04
#define RTC_DAY		0x07
#define RTC_MONTH	0x08
#define RTC_YEAR	0x09
#define RTC_STATUSA	0x0a
#define RTC_STATUSB	0x0b
#define RTC_STATUSC	0x0c	/* reading it acknowledges an interrupt */
#define RTCSA_UIP	0x80	/* update in progress */
#define RTCSB_24HR	0x02
#define RTCSB_BINARY	0x04
#define RTCSB_PIE	0x40	/* periodic interrupt enable */

#define RTC_IRQ		8	/* its ISA IRQ */

/* One register through ports 0x70/0x71 (NMIs left enabled). */
uint8_t	cmos_read(uint8_t reg);
void	cmos_write(uint8_t reg, uint8_t val);

#endif
