/*
 * User address spaces (FreeBSD's vm_map over vm_objects, with Linux's
 * semantics at the system calls).
 *
 * A vmspace is a map -- a sorted list of entries, each a page-aligned
 * range with its protection and what backs it -- and the page tables
 * (struct pmap) that realise it lazily: pages appear on first touch
 * (vm_fault.c).  What backs an entry:
 *   object == NULL            private anonymous memory, zero-filled on demand;
 *                             its pages live only in the page tables and are
 *                             copied on write after fork
 *   object, MAP_ENTRY_SHARED  the object's pages themselves (shared memory,
 *                             MAP_SHARED files)
 *   object, private           the object's pages until written, then a
 *                             private copy (program text and data, MAP_PRIVATE
 *                             files)
 *
 * Locking: vm_map's sx lock -- shared for faults, exclusive for changes
 * (mmap, munmap, mprotect, brk, fork's copy, exec's build).  Never held
 * across copyin/copyout of the same map (they fault and take it).
 */
#ifndef VM_VM_MAP_H
#define VM_VM_MAP_H

#include <sys/types.h>
#include <sys/queue.h>
#include <sys/sx.h>
#include <machine/pmap.h>

struct file;
struct vm_object;

/* vm_map_entry eflags */
#define MAP_ENTRY_SHARED	0x0001	/* writes reach the object; fork shares */
#define MAP_ENTRY_STACK		0x0002	/* the initial stack (for /proc maps) */
#define MAP_ENTRY_HEAP		0x0004	/* the brk area */

struct vm_map_entry {
	TAILQ_ENTRY(vm_map_entry) link;	/* by address */
	vm_offset_t	 start;		/* page aligned */
	vm_offset_t	 end;		/* page aligned, > start */
	struct vm_object *object;	/* NULL: private anonymous */
	uint64_t	 offset;	/* byte offset of start in object (page aligned) */
	vm_prot_t	 prot;		/* current VM_PROT_* */
	vm_prot_t	 maxprot;	/* what mprotect may grant (file opened read-only...) */
	int		 eflags;	/* MAP_ENTRY_* */
	/*
	 * The file mapped, referenced (Linux's vm_file): /proc/<pid>/maps
	 * names it as /proc/<pid>/fd would.  NULL for anonymous memory.
	 */
	struct file	*file;
};

struct vm_map {
	struct sx	 lock;
	TAILQ_HEAD(vm_map_entries, vm_map_entry) entries;
	int		 nentries;
	vm_size_t	 size;		/* bytes mapped (RLIMIT_AS) */
	struct pmap	*pmap;
	vm_offset_t	 min_offset;	/* lowest mappable address */
	vm_offset_t	 max_offset;	/* VM_MAXUSER_ADDRESS */
	struct vm_map_entry *hint;	/* last entry found */
};

struct vmspace {
	struct vm_map	 vm_map;
	struct pmap	 vm_pmap;
	volatile int	 vm_refcnt;	/* processes sharing it (vfork, CLONE_VM) */
	vm_offset_t	 vm_brk_start;	/* where the heap starts (after the program's bss) */
	vm_offset_t	 vm_brk;	/* the program break: heap end, not page aligned */
	vm_offset_t	 vm_stack_top;	/* initial stack: highest address */
	vm_offset_t	 vm_mmap_base;	/* mmap searches down from here */
	vm_offset_t	 vm_arg_start;	/* exec's argument strings: [start, end) */
	vm_offset_t	 vm_arg_end;	/* = where the environment strings start */
	vm_offset_t	 vm_env_end;
	char		*vm_args;	/* copy of the arguments, at most VM_ARGS_MAX bytes, */
	size_t		 vm_argslen;
	char		*vm_env;	/* and of the environment (/proc/<pid>/cmdline, environ) */
	size_t		 vm_envlen;
};

/*
 * exec keeps a copy of the new program's argument and environment strings
 * with its address space (FreeBSD's p_args), so /proc/<pid>/cmdline and
 * environ never read another process's memory while holding a vnode lock.
 */
#define VM_ARGS_MAX	4096
void	vmspace_save_args(struct vmspace *vs);	/* after exec built the stack */

#define VM_MAX_MAP_ENTRIES	65530	/* Linux's vm.max_map_count */

/* vm_fault() results */
#define KERN_SUCCESS		0
#define KERN_INVALID_ADDRESS	1	/* nothing mapped: SIGSEGV, SEGV_MAPERR */
#define KERN_PROTECTION_FAILURE	2	/* not with that access: SEGV_ACCERR */
#define KERN_OUT_OF_BOUNDS	3	/* beyond the end of the object: SIGBUS */
#define KERN_RESOURCE_SHORTAGE	4	/* out of memory */

/* vm_fault() access types */
#define VM_FAULT_READ		VM_PROT_READ
#define VM_FAULT_WRITE		VM_PROT_WRITE
#define VM_FAULT_EXEC		VM_PROT_EXECUTE

struct vmspace *vmspace_alloc(void);		/* empty; NULL if out of memory */
struct vmspace *vmspace_fork(struct vmspace *vs);	/* copy-on-write copy, or NULL */
void	vmspace_ref(struct vmspace *vs);
void	vmspace_free(struct vmspace *vs);	/* the last reference unmaps everything */

/* With the map locked. */
struct vm_map_entry *vm_map_lookup_entry(struct vm_map *map, vm_offset_t va);
int	vm_map_range_free(struct vm_map *map, vm_offset_t start, vm_offset_t end);
int	vm_map_covered(struct vm_map *map, vm_offset_t start, vm_offset_t end);	/* no holes */
/*
 * Maps [start, end) (must be free): 0 or ENOMEM.  Takes a reference on
 * object and on file (the file object comes from, for its name; or NULL).
 */
int	vm_map_insert(struct vm_map *map, struct vm_object *object, struct file *file,
	    uint64_t offset, vm_offset_t start, vm_offset_t end, vm_prot_t prot,
	    vm_prot_t maxprot, int eflags);
/*
 * A free range of length bytes: the highest one below `below` (top-down,
 * as Linux places mmap), or at `hint` if that is free.  0 or ENOMEM.
 */
int	vm_map_findspace(struct vm_map *map, vm_offset_t hint, vm_offset_t below,
	    vm_size_t length, vm_offset_t *addr);
/* Unmaps [start, end) (holes allowed); pages and objects lose their references. */
int	vm_map_delete(struct vm_map *map, vm_offset_t start, vm_offset_t end);
/*
 * mprotect: [start, end) must be fully mapped (ENOMEM) and prot within each
 * entry's maxprot (EACCES).
 */
int	vm_map_protect(struct vm_map *map, vm_offset_t start, vm_offset_t end, vm_prot_t prot);
/* MADV_DONTNEED: drop the pages (they read back as zero, or the file's). */
int	vm_map_dontneed(struct vm_map *map, vm_offset_t start, vm_offset_t end);

/*
 * The kernel writes into an address space that need not be the current
 * one (exec building a new image): pages are faulted in for writing and
 * filled through the direct map.  src NULL writes zeros.  Map unlocked.
 */
int	vm_map_write(struct vm_map *map, vm_offset_t va, const void *src, size_t len);
/* The same the other way: read len bytes at va into dst (EFAULT where unmapped). */
int	vm_map_read(struct vm_map *map, vm_offset_t va, void *dst, size_t len);

/* vm_fault.c: resolve a fault at va for an access of type ftype (VM_FAULT_*). */
int	vm_fault(struct vm_map *map, vm_offset_t va, int ftype);

#endif
