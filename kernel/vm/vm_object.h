/*
 * VM objects: what a mapping that is not private anonymous memory maps.
 *
 *   OBJT_ANON   shared anonymous memory (MAP_SHARED|MAP_ANONYMOUS): its
 *               pages, allocated zeroed on first touch, live in the object
 *               (a radix tree by page index) for as long as it exists.
 *   OBJT_VNODE  a file: pages come from the file system (vn_getpage).
 *   OBJT_PHYS   memory the loader preloaded (a program image before the
 *               root file system exists): read-only, never freed.
 *
 * Private anonymous memory (brk, stacks, MAP_PRIVATE|MAP_ANONYMOUS) has no
 * object: its pages live only in the page tables (vm/vm_page.h).
 */
#ifndef VM_VM_OBJECT_H
#define VM_VM_OBJECT_H

#include <sys/types.h>
#include <sys/mutex.h>

enum vm_object_type { OBJT_ANON, OBJT_VNODE, OBJT_PHYS };

struct vnode;

struct vm_object {
	enum vm_object_type	 type;
	volatile int		 ref;		/* mappings and other holders (atomic) */
	struct mtx		 lock;		/* OBJT_ANON: the page tree */
	vm_pindex_t		 size;		/* pages: beyond is out of the object */
	union {
		struct {
			uint64_t root;		/* radix tree node (physical), 0: empty */
			int	 levels;	/* 9 bits of index per level */
		} anon;
		struct {
			vm_paddr_t base;	/* page-aligned start */
			uint64_t   bytes;	/* file size: the rest of the last page reads 0 */
		} phys;
		struct {
			struct vnode *vp;	/* referenced */
			uint64_t   bytes;	/* file size when the object was made */
		} vnode;
	} u;
};

struct vm_object *vm_object_anon(vm_pindex_t size);		/* NULL if out of memory */
struct vm_object *vm_object_phys(vm_paddr_t base, uint64_t bytes);
/* A file's pages (vn_getpage); the object holds a reference on vp. */
struct vm_object *vm_object_vnode(struct vnode *vp, uint64_t bytes);
void	vm_object_reference(struct vm_object *obj);
void	vm_object_deallocate(struct vm_object *obj);

/*
 * The page at pindex, with a reference for the caller: 0, EFAULT (beyond
 * the object: SIGBUS for a fault), ENOMEM, or the file system's error.
 * May sleep (a file read).
 */
int	vm_object_getpage(struct vm_object *obj, vm_pindex_t pindex, vm_paddr_t *pap);
/* Reads len bytes at off (exec's headers).  0, EIO/ENOEXEC past the end, or an error. */
int	vm_object_read(struct vm_object *obj, uint64_t off, void *buf, size_t len);
/* Bytes of data the object holds (the file size). */
uint64_t vm_object_bytes(struct vm_object *obj);

#endif
