/* Sanpo libc: <ctype.h> (C locale only; arguments are EOF or unsigned char) */
#ifndef SANPO_LIBC_CTYPE_H
#define SANPO_LIBC_CTYPE_H
#include "libc_name.h"

int LIBC(isalpha)(int c);
int LIBC(isdigit)(int c);
int LIBC(isxdigit)(int c);
int LIBC(isspace)(int c);
int LIBC(isupper)(int c);
int LIBC(islower)(int c);
int LIBC(isalnum)(int c);
int LIBC(ispunct)(int c);
int LIBC(iscntrl)(int c);
int LIBC(isgraph)(int c);
int LIBC(isprint)(int c);
int LIBC(isblank)(int c);
int LIBC(tolower)(int c);
int LIBC(toupper)(int c);

#endif
