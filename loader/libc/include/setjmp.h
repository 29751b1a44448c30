/* Sanpo libc: <setjmp.h> (x86_64 SysV: arch/x86_64/setjmp.S).
 * Saved: rbx rbp r12 r13 r14 r15 rsp rip, MXCSR and the x87 control word. */
#ifndef SANPO_LIBC_SETJMP_H
#define SANPO_LIBC_SETJMP_H
#include "libc_name.h"

typedef unsigned long long LIBC(jmp_buf)[9];

int LIBC(setjmp)(LIBC(jmp_buf) env) __attribute__((returns_twice));
_Noreturn void LIBC(longjmp)(LIBC(jmp_buf) env, int val);

#ifndef SANPO_LIBC_HOSTTEST
#define _setjmp(e)	setjmp(e)
#define _longjmp(e, v)	longjmp(e, v)
#endif

#endif
