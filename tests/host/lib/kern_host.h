/* What the VFS host tests' kernel shim (kern_host.c) adds for the tests. */
#ifndef TESTS_HOST_LIB_KERN_HOST_H
#define TESTS_HOST_LIB_KERN_HOST_H

struct sx;

void	kshim_set_page_limit(long n);	/* the page allocator fails after n more; -1 none */
long	kshim_pages_out(void);		/* pages allocated and not yet freed */
int	kshim_locks_held(struct sx *sx);

#endif
