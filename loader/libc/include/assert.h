/* Sanpo libc: <assert.h>.  Not include-guarded, as the standard requires. */
#include "libc_name.h"
#undef assert
#ifdef NDEBUG
#define assert(e) ((void)0)
#else
void LIBC(__libc_assert_fail)(const char *expr, const char *file, int line);
#define assert(e) ((e) ? (void)0 : LIBC(__libc_assert_fail)(#e, __FILE__, __LINE__))
#endif
