/* Loaded first by the run test: functions and data the second object uses. */
#include <stdint.h>

extern int64_t host_value;
extern char host_buffer[];

int64_t b_values[4] = { 1, 2, 3, 4 };

static int64_t
b_add(int64_t a, int64_t b)
{
	return (a + b);
}

int64_t (*const b_ops[])(int64_t, int64_t) = { b_add };

int64_t
b_scale(int64_t x)
{
	return (x * b_values[3] + host_value);
}
