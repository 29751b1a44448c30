/* Sanpo libc: <locale.h> -- only the "C" locale exists. */
#ifndef SANPO_LIBC_LOCALE_H
#define SANPO_LIBC_LOCALE_H
#include <stddef.h>
#include "libc_name.h"

struct LIBC(lconv) {
	char *decimal_point;
	char *thousands_sep;
	char *grouping;
	char *int_curr_symbol;
	char *currency_symbol;
	char *mon_decimal_point;
	char *mon_thousands_sep;
	char *mon_grouping;
	char *positive_sign;
	char *negative_sign;
	char int_frac_digits, frac_digits, p_cs_precedes, p_sep_by_space;
	char n_cs_precedes, n_sep_by_space, p_sign_posn, n_sign_posn;
};

#ifndef LC_ALL
#define LC_CTYPE	0
#define LC_NUMERIC	1
#define LC_TIME		2
#define LC_COLLATE	3
#define LC_MONETARY	4
#define LC_MESSAGES	5
#define LC_ALL		6
#endif

struct LIBC(lconv) *LIBC(localeconv)(void);
char *LIBC(setlocale)(int category, const char *locale);

#endif
