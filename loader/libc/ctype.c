/* Sanpo libc: <ctype.h> for the C locale (ASCII; bytes >= 0x80 are in no
 * class).  Arguments outside EOF..255 give 0 instead of undefined behaviour. */
#include "libc_internal.h"
#include "include/ctype.h"

#define IN(c, lo, hi) ((unsigned)(c) - (lo) <= (unsigned)((hi) - (lo)))

int LIBC(isdigit)(int c)  { return IN(c, '0', '9'); }
int LIBC(isupper)(int c)  { return IN(c, 'A', 'Z'); }
int LIBC(islower)(int c)  { return IN(c, 'a', 'z'); }
int LIBC(isalpha)(int c)  { return IN(c | 32, 'a', 'z'); }
int LIBC(isalnum)(int c)  { return LIBC(isalpha)(c) || LIBC(isdigit)(c); }
int LIBC(isxdigit)(int c) { return LIBC(isdigit)(c) || IN(c | 32, 'a', 'f'); }
int LIBC(isspace)(int c)  { return c == ' ' || IN(c, '\t', '\r'); }
int LIBC(isblank)(int c)  { return c == ' ' || c == '\t'; }
int LIBC(iscntrl)(int c)  { return IN(c, 0, 31) || c == 127; }
int LIBC(isprint)(int c)  { return IN(c, 32, 126); }
int LIBC(isgraph)(int c)  { return IN(c, 33, 126); }
int LIBC(ispunct)(int c)  { return LIBC(isgraph)(c) && !LIBC(isalnum)(c); }
int LIBC(tolower)(int c)  { return LIBC(isupper)(c) ? c | 32 : c; }
int LIBC(toupper)(int c)  { return LIBC(islower)(c) ? c & ~32 : c; }
