/*
 * Calendar arithmetic (proleptic Gregorian, UTC), shared by the kernel's
 * real-time clock and file systems that store dates (FAT): days since
 * 1970-01-01 from a civil date and back.
 */
#ifndef SANPO_CIVIL_TIME_H
#define SANPO_CIVIL_TIME_H

#include <stdint.h>

int64_t	days_from_civil(int64_t y, unsigned m, unsigned d);
void	civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d);

#endif /* SANPO_CIVIL_TIME_H */
