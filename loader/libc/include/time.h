/* Sanpo libc: <time.h>.
 *
 * The libc does NOT implement time() or clock(): the loader must define
 *     time_t time(time_t *t);      (seconds since the epoch, or (time_t)-1)
 *     clock_t clock(void);         (processor time in CLOCKS_PER_SEC units,
 *                                   or (clock_t)-1)
 * Lua uses them to seed its hashes (lstate.c luai_makeseed), math.random
 * (lmathlib.c) and table.sort's pivot (ltablib.c).
 */
#ifndef SANPO_LIBC_TIME_H
#define SANPO_LIBC_TIME_H
#include <stddef.h>
#include "libc_name.h"

typedef long long LIBC(time_t);
typedef long LIBC(clock_t);
#ifndef CLOCKS_PER_SEC
#define CLOCKS_PER_SEC	1000000L
#endif

LIBC(time_t) LIBC(time)(LIBC(time_t) *t);	/* provided by the loader */
LIBC(clock_t) LIBC(clock)(void);		/* provided by the loader */

#endif
