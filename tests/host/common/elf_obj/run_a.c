/*
 * Loaded second by the run test: calls across objects, function pointers
 * in rodata, a jump table, strings, bss, and writes to the host's page.
 */
#include <stdint.h>

extern int64_t host_value;
extern char host_buffer[];
extern int64_t b_values[];
extern int64_t (*const b_ops[])(int64_t, int64_t);
extern int64_t b_scale(int64_t);

static int64_t zeroes[512];
static const char greeting[] = "linked and run";

static int
pick(int x)
{
	switch (x) {
	case 0: return (10);
	case 1: return (20);
	case 2: return (30);
	case 3: return (40);
	case 4: return (50);
	case 5: return (60);
	case 6: return (70);
	default: return (-1);
	}
}

int64_t
obj_main(void)
{
	int64_t s = 0;
	int i;

	for (i = 0; i < 8; i++)
		s += pick(i);				/* 279 */
	s += b_ops[0](b_values[0], b_values[1]);	/* 3 */
	s += b_scale(10);				/* 40 + 42 */
	for (i = 0; i < 512; i++)
		s += zeroes[i];
	for (i = 0; greeting[i] != '\0'; i++)
		host_buffer[i] = greeting[i];
	host_buffer[i] = '\0';
	host_value = 7;
	return (s);					/* 364 */
}
