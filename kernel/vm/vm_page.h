/*
 * Pages of user memory and of file data, with reference counts.
 *
 * Every page a user address space maps is counted: each page-table entry
 * that maps it holds one reference, and so does each owner outside the
 * page tables (an anonymous shared object, a tmpfs file's data).  The
 * page returns to the physical allocator when the last reference goes.
 * Copy-on-write follows from it: a private page with one reference is
 * its mapping's alone and may be written in place; with more, a write
 * fault copies it.
 *
 * Pages not allocated here (the loader's preloaded files, firmware areas)
 * may be mapped too: their counts move but they are never freed.
 *
 * User allocations (VM_ALLOC_USER) stop short of a reserve kept for the
 * kernel, so a process that exhausts memory gets ENOMEM or is killed,
 * and the kernel's own allocations go on.
 */
#ifndef VM_VM_PAGE_H
#define VM_VM_PAGE_H

#include <sys/types.h>

#define VM_ALLOC_ZERO	0x1	/* zero-filled */
#define VM_ALLOC_USER	0x2	/* for user memory: fails below the kernel's reserve */
#define VM_ALLOC_ANON	0x4	/* process memory (not file data): counted apart, so a
				   leak shows once every process is gone */

/* A page with one reference, or 0 when none is free (or only the reserve). */
vm_paddr_t vm_page_alloc(int flags);
void	 vm_page_hold(vm_paddr_t pa);
void	 vm_page_release(vm_paddr_t pa);	/* the last reference frees it */
/*
 * 1 if pa is an allocated page with exactly one reference: the caller's,
 * which then is the only one (nobody else can take another).
 */
int	 vm_page_sole(vm_paddr_t pa);
uint64_t vm_page_user_count(void);		/* pages from vm_page_alloc in use */
uint64_t vm_page_anon_count(void);		/* of which VM_ALLOC_ANON */

#endif
