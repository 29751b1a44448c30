/*
 * A module-like object for the linker tests: what kernel code compiled
 * with -mcmodel=kernel asks of a linker -- calls and data references to
 * the kernel (PLT32, PC32, 32S), pointers in data and rodata (64), a jump
 * table, strings, a linker set walked through __start/__stop, bss, an
 * over-aligned object and a call into its sibling object (kmod_b.c).
 */
#include <stdint.h>

extern int kvar;
extern void kfunc(int);
extern const char *kstr[];
extern int b_twice(int);

struct entry {
	const char	*name;
	void		(*fn)(int);
	int		*p;
};

static int counter;
int table[64];
static const char msg[] = "hello from kmod_a";
static struct entry e1 = { msg, kfunc, &kvar };
static struct entry e2 = { "second", 0, &counter };
static struct entry *const set_e1 __attribute__((section("set_test_set"), used)) = &e1;
static struct entry *const set_e2 __attribute__((section("set_test_set"), used)) = &e2;
extern struct entry *__start_set_test_set[], *__stop_set_test_set[];
char big[8192] __attribute__((aligned(64)));
const uint64_t addrs[] = { (uint64_t)&kvar, (uint64_t)kfunc, (uint64_t)&counter };

int
a_count(void)
{
	return ((int)(__stop_set_test_set - __start_set_test_set));
}

int
a_sum(int x)
{
	struct entry **p;
	int n = 0;

	counter += x;
	for (p = __start_set_test_set; p < __stop_set_test_set; p++)
		if ((*p)->fn != 0)
			(*p)->fn(*(*p)->p + table[x & 63]);
		else
			n += (*p)->name[0];
	big[x & 8191] = (char)n;
	return (n + b_twice(kstr[0][0]));
}

int
a_switch(int x)
{
	switch (x) {
	case 0: return (3);
	case 1: return (5);
	case 2: return (9);
	case 3: return (11);
	case 4: return (2);
	case 5: return (77);
	case 6: return (1);
	case 7: return (40);
	default: return (0);
	}
}

uint64_t
a_addr(void)
{
	return ((uint64_t)&kvar + (uint64_t)msg);
}
