/* Sanpo libc: the "C" locale, the only one. */
#include "libc_internal.h"
#include "include/locale.h"
#include "include/string.h"

static char dot[] = ".";
static char empty[] = "";

static struct LIBC(lconv) c_lconv = {
	.decimal_point = dot, .thousands_sep = empty, .grouping = empty,
	.int_curr_symbol = empty, .currency_symbol = empty,
	.mon_decimal_point = empty, .mon_thousands_sep = empty,
	.mon_grouping = empty, .positive_sign = empty, .negative_sign = empty,
	.int_frac_digits = CHAR_MAX, .frac_digits = CHAR_MAX,
	.p_cs_precedes = CHAR_MAX, .p_sep_by_space = CHAR_MAX,
	.n_cs_precedes = CHAR_MAX, .n_sep_by_space = CHAR_MAX,
	.p_sign_posn = CHAR_MAX, .n_sign_posn = CHAR_MAX,
};

struct LIBC(lconv) *LIBC(localeconv)(void)
{
	return &c_lconv;
}

char *LIBC(setlocale)(int category, const char *locale)
{
	static char c_name[] = "C";

	(void)category;
	if (locale == NULL || locale[0] == 0 || LIBC(strcmp)(locale, "C") == 0 ||
	    LIBC(strcmp)(locale, "POSIX") == 0)
		return c_name;
	return NULL;
}
