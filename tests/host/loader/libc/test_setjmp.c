/* Host test: sanpo setjmp/longjmp (arch/x86_64/setjmp.S). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fenv.h>
#include "sanpo_libc.h"

static long checked, bad;

#define CHECK(cond, ...) do { \
		checked++; \
		if (!(cond)) { \
			bad++; \
			printf("FAIL "); \
			printf(__VA_ARGS__); \
			printf("\n"); \
		} \
	} while (0)

static sanpo_jmp_buf env, env2;
static int depth_reached;

__attribute__((noinline)) static void dive(int depth, int val)
{
	volatile char pad[64];

	memset((char *)pad, depth, sizeof pad);
	depth_reached = depth;
	if (depth < 0)
		return;
	if (depth == 0)
		sanpo_longjmp(env, val);
	dive(depth - 1, val);
	pad[0]++;	/* not reached */
}

/* keep many values live across setjmp in callee-saved registers */
__attribute__((noinline)) static long work(long seed, int val)
{
	long a = seed * 3, b = seed * 5, c = seed * 7, d = seed * 11,
	     e = seed * 13, f = seed * 17;
	if (sanpo_setjmp(env) == 0) {
		dive(20, val);
		return -1;
	}
	return a + b + c + d + e + f;	/* unchanged: setjmp saved them */
}

static void abort_to_env(void)
{
	sanpo_longjmp(env, 3);
}

__attribute__((noinline)) static int inner_env(void)
{
	if (sanpo_setjmp(env2) == 0)
		sanpo_longjmp(env2, 7);
	return 99;
}

int main(void)
{
	volatile int count = 0;

	/* return values: first 0, then the longjmp value; 0 becomes 1 */
	int r = sanpo_setjmp(env);
	if (r == 0) {
		count++;
		sanpo_longjmp(env, 0);
	}
	CHECK(r == 1, "longjmp(env, 0) made setjmp return %d, want 1", r);
	CHECK(count == 1, "count %d", count);

	r = sanpo_setjmp(env);
	if (r == 0)
		sanpo_longjmp(env, 12345);
	CHECK(r == 12345, "setjmp returned %d", r);

	/* through nested calls, callee-saved registers preserved */
	for (int v = 1; v <= 50; v++) {
		long got = work(v, v);
		CHECK(got == (long)v * (3 + 5 + 7 + 11 + 13 + 17),
		      "work(%d) = %ld", v, got);
		CHECK(depth_reached == 0, "depth %d", depth_reached);
	}

	/* an env in a deeper frame, used within that frame */
	CHECK(inner_env() == 99, "inner_env");

	/* MXCSR (rounding mode) is restored */
	fesetround(FE_TONEAREST);
	volatile double x = 1.0, y = 3.0;
	double before = x / y;
	if (sanpo_setjmp(env) == 0) {
		fesetround(FE_UPWARD);
		sanpo_longjmp(env, 1);
	}
	CHECK(fegetround() == FE_TONEAREST, "rounding mode not restored: %d", fegetround());
	CHECK(x / y == before, "division after longjmp");
	fesetround(FE_TONEAREST);

	/* abort() calls the hook; here it jumps back.  The heap's checks of
	 * bad pointers (double free, foreign pointer) go through abort(). */
	sanpo_libc_set_abort_hook(abort_to_env);
	volatile int aborted = 0;
	if (sanpo_setjmp(env) == 0)
		sanpo_abort();
	else
		aborted++;
	CHECK(aborted == 1, "abort hook not called");
	static unsigned char arena[4096];
	sanpo_libc_heap_init(arena, sizeof arena);
	void *blk = sanpo_malloc(100);
	sanpo_free(blk);
	if (sanpo_setjmp(env) == 0)
		sanpo_free(blk);			/* double free */
	else
		aborted++;
	CHECK(aborted == 2, "double free not caught");
	static long foreign[8];
	if (sanpo_setjmp(env) == 0)
		sanpo_free(&foreign[2]);		/* not a heap pointer */
	else
		aborted++;
	CHECK(aborted == 3, "foreign free not caught");
	CHECK(sanpo_libc_heap_check() == 0, "heap damaged by bad frees");

	printf("setjmp: %ld checks, %ld failures\n", checked, bad);
	return bad != 0;
}
