/* The sibling object: a second entry in the set, a function kmod_a calls. */
struct entry {
	const char	*name;
	void		(*fn)(int);
	int		*p;
};

extern int kvar;
static struct entry e3 = { "from b", 0, &kvar };
static struct entry *const set_e3 __attribute__((section("set_test_set"), used)) = &e3;

int
b_twice(int x)
{
	return (2 * x + kvar);
}
