/*
 * VM objects (vm/vm_object.h).  The anonymous object keeps its pages in a
 * radix tree of page-sized nodes, 512 slots each, only as deep as its size
 * needs: a sparse 1 TiB shared mapping costs nothing until touched.
 */
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/malloc.h>
#include <sys/vnode.h>
#include <machine/vmparam.h>
#include <vm/vm_object.h>
#include <vm/vm_page.h>
#include <vm/vm_phys.h>

#define RADIX_BITS	9
#define RADIX_SLOTS	(1 << RADIX_BITS)

MALLOC_DEFINE(M_VMOBJ, "vmobject", "VM objects");

static struct vm_object *
object_alloc(enum vm_object_type type, vm_pindex_t size)
{
	struct vm_object *obj = malloc(sizeof(*obj), M_VMOBJ, M_NOWAIT | M_ZERO);

	if (obj == NULL)
		return (NULL);
	obj->type = type;
	obj->ref = 1;
	obj->size = size;
	mtx_init(&obj->lock, "vm object", MTX_DEF);
	return (obj);
}

struct vm_object *
vm_object_anon(vm_pindex_t size)
{
	struct vm_object *obj = object_alloc(OBJT_ANON, size);
	int levels = 1;

	if (obj == NULL)
		return (NULL);
	while (levels * RADIX_BITS < 64 && (size - 1) >> (levels * RADIX_BITS) != 0)
		levels++;
	obj->u.anon.levels = levels;
	return (obj);
}

struct vm_object *
vm_object_phys(vm_paddr_t base, uint64_t bytes)
{
	struct vm_object *obj = object_alloc(OBJT_PHYS, round_page(bytes) / PAGE_SIZE);

	if (obj != NULL) {
		obj->u.phys.base = base;
		obj->u.phys.bytes = bytes;
	}
	return (obj);
}

struct vm_object *
vm_object_vnode(struct vnode *vp, uint64_t bytes)
{
	struct vm_object *obj = object_alloc(OBJT_VNODE, round_page(bytes) / PAGE_SIZE);

	if (obj != NULL) {
		vref(vp);
		obj->u.vnode.vp = vp;
		obj->u.vnode.bytes = bytes;
	}
	return (obj);
}

void
vm_object_reference(struct vm_object *obj)
{
	__atomic_add_fetch(&obj->ref, 1, __ATOMIC_RELAXED);
}

/* Frees a radix subtree: leaves hold page references, inner nodes hold nodes. */
static void
radix_free(uint64_t node_pa, int level)
{
	uint64_t *slot = (uint64_t *)PHYS_TO_DMAP(node_pa);
	int i;

	for (i = 0; i < RADIX_SLOTS; i++) {
		if (slot[i] == 0)
			continue;
		if (level > 1)
			radix_free(slot[i], level - 1);
		else
			vm_page_release(slot[i]);
	}
	vm_phys_free_page(node_pa);
}

void
vm_object_deallocate(struct vm_object *obj)
{
	if (obj == NULL || __atomic_sub_fetch(&obj->ref, 1, __ATOMIC_ACQ_REL) != 0)
		return;
	if (obj->type == OBJT_ANON && obj->u.anon.root != 0)
		radix_free(obj->u.anon.root, obj->u.anon.levels);
	if (obj->type == OBJT_VNODE)
		vrele(obj->u.vnode.vp);
	free(obj, M_VMOBJ);
}

/* The leaf slot for pindex, creating nodes on the way; NULL if out of memory. */
static uint64_t *
radix_slot(struct vm_object *obj, vm_pindex_t pindex)
{
	uint64_t *link = &obj->u.anon.root, *node;
	int level;

	for (level = obj->u.anon.levels; level >= 1; level--) {
		if (*link == 0) {
			uint64_t pa = vm_phys_alloc_page();

			if (pa == 0)
				return (NULL);
			memset((void *)PHYS_TO_DMAP(pa), 0, PAGE_SIZE);
			*link = pa;
		}
		node = (uint64_t *)PHYS_TO_DMAP(*link);
		link = &node[(pindex >> ((level - 1) * RADIX_BITS)) & (RADIX_SLOTS - 1)];
	}
	return (link);
}

static int
anon_getpage(struct vm_object *obj, vm_pindex_t pindex, vm_paddr_t *pap)
{
	uint64_t *slot;
	int error = 0;

	mtx_lock(&obj->lock);
	if ((slot = radix_slot(obj, pindex)) == NULL)
		error = ENOMEM;
	else if (*slot == 0 && (*slot = vm_page_alloc(VM_ALLOC_USER | VM_ALLOC_ANON | VM_ALLOC_ZERO)) == 0)
		error = ENOMEM;
	if (error == 0) {
		vm_page_hold(*slot);	/* the object keeps its own */
		*pap = *slot;
	}
	mtx_unlock(&obj->lock);
	return (error);
}

int
vm_object_getpage(struct vm_object *obj, vm_pindex_t pindex, vm_paddr_t *pap)
{
	if (pindex >= obj->size && obj->type != OBJT_VNODE)
		return (EFAULT);
	switch (obj->type) {
	case OBJT_ANON:
		return (anon_getpage(obj, pindex, pap));
	case OBJT_PHYS:
		*pap = obj->u.phys.base + pindex * PAGE_SIZE;
		vm_page_hold(*pap);
		return (0);
	case OBJT_VNODE: {
		/* The file's own page, with a reference for the caller; past its end, SIGBUS. */
		int error = vn_getpage(obj->u.vnode.vp, pindex, pap);

		return (error == EINVAL ? EFAULT : error);
	}
	}
	return (EFAULT);
}

int
vm_object_read(struct vm_object *obj, uint64_t off, void *buf, size_t len)
{
	switch (obj->type) {
	case OBJT_PHYS:
		if (off > obj->u.phys.bytes || len > obj->u.phys.bytes - off)
			return (ENOEXEC);
		memcpy(buf, (const void *)PHYS_TO_DMAP(obj->u.phys.base + off), len);
		return (0);
	case OBJT_VNODE: {
		size_t resid;
		int error = vn_rdwr_kern(obj->u.vnode.vp, UIO_READ, buf, len, (off_t)off, &resid);

		return (error != 0 ? error : resid != 0 ? ENOEXEC : 0);
	}
	default:
		return (EIO);
	}
}

uint64_t
vm_object_bytes(struct vm_object *obj)
{
	switch (obj->type) {
	case OBJT_PHYS:
		return (obj->u.phys.bytes);
	case OBJT_VNODE:
		return (obj->u.vnode.bytes);
	default:
		return (obj->size * PAGE_SIZE);
	}
}
