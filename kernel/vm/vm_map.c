/*
 * Address-space maps (vm/vm_map.h): entries kept sorted in a list, split
 * ("clipped") where an operation begins or ends inside one, and merged
 * when a new private anonymous range extends the one before it (so a
 * growing heap stays one entry).  The page tables follow the entries:
 * removing or protecting a range updates them before returning.
 */
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/file.h>
#include <sys/malloc.h>
#include <sys/pcpu.h>
#include <sys/sysctl.h>
#include <machine/vmparam.h>
#include <vm/vm_map.h>
#include <vm/vm_object.h>
#include <vm/vm_page.h>

MALLOC_DEFINE(M_VMMAP, "vmmap", "address-space maps and entries");

static uint64_t vmspaces_live;
SYSCTL_U64("vm.stats.vmspaces", &vmspaces_live, "user address spaces in existence");

struct vmspace *
vmspace_alloc(void)
{
	struct vmspace *vs = malloc(sizeof(*vs), M_VMMAP, M_NOWAIT | M_ZERO);

	if (vs == NULL)
		return (NULL);
	if (pmap_pinit(&vs->vm_pmap) != 0) {
		free(vs, M_VMMAP);
		return (NULL);
	}
	sx_init(&vs->vm_map.lock, "vm map");
	TAILQ_INIT(&vs->vm_map.entries);
	vs->vm_map.pmap = &vs->vm_pmap;
	vs->vm_map.min_offset = VM_MIN_ADDRESS;
	vs->vm_map.max_offset = VM_MAXUSER_ADDRESS;
	vs->vm_refcnt = 1;
	__atomic_add_fetch(&vmspaces_live, 1, __ATOMIC_RELAXED);
	return (vs);
}

void
vmspace_ref(struct vmspace *vs)
{
	__atomic_add_fetch(&vs->vm_refcnt, 1, __ATOMIC_RELAXED);
}

/* The caller has made sure no CPU has it loaded (pmap_activate_kernel first). */
void
vmspace_free(struct vmspace *vs)
{
	if (__atomic_sub_fetch(&vs->vm_refcnt, 1, __ATOMIC_ACQ_REL) != 0)
		return;
	sx_xlock(&vs->vm_map.lock);
	vm_map_delete(&vs->vm_map, vs->vm_map.min_offset, vs->vm_map.max_offset);
	sx_xunlock(&vs->vm_map.lock);
	pmap_release(&vs->vm_pmap);
	free(vs->vm_args, M_VMMAP);
	free(vs->vm_env, M_VMMAP);
	free(vs, M_VMMAP);
	__atomic_sub_fetch(&vmspaces_live, 1, __ATOMIC_RELAXED);
}

static struct vm_map_entry *
entry_alloc(void)
{
	return (malloc(sizeof(struct vm_map_entry), M_VMMAP, M_NOWAIT | M_ZERO));
}

static void
entry_free(struct vm_map *map, struct vm_map_entry *e)
{
	TAILQ_REMOVE(&map->entries, e, link);
	map->nentries--;
	map->size -= e->end - e->start;
	if (map->hint == e)
		map->hint = NULL;
	vm_object_deallocate(e->object);
	if (e->file != NULL)
		fdrop(e->file, curthread);
	free(e, M_VMMAP);
}

struct vm_map_entry *
vm_map_lookup_entry(struct vm_map *map, vm_offset_t va)
{
	struct vm_map_entry *e = map->hint;

	if (e != NULL && va >= e->start && va < e->end)
		return (e);
	TAILQ_FOREACH(e, &map->entries, link) {
		if (va < e->start)
			return (NULL);
		if (va < e->end) {
			map->hint = e;
			return (e);
		}
	}
	return (NULL);
}

/* The first entry that ends after va (NULL: none). */
static struct vm_map_entry *
first_after(struct vm_map *map, vm_offset_t va)
{
	struct vm_map_entry *e;

	TAILQ_FOREACH(e, &map->entries, link)
		if (e->end > va)
			return (e);
	return (NULL);
}

int
vm_map_range_free(struct vm_map *map, vm_offset_t start, vm_offset_t end)
{
	struct vm_map_entry *e;

	if (start < map->min_offset || end > map->max_offset || start >= end)
		return (0);
	e = first_after(map, start);
	return (e == NULL || e->start >= end);
}

/* Splits e at va (strictly inside it): e keeps [start, va). 0 or ENOMEM. */
static int
clip(struct vm_map *map, struct vm_map_entry *e, vm_offset_t va)
{
	struct vm_map_entry *n;

	if (va <= e->start || va >= e->end)
		return (0);
	if (map->nentries >= VM_MAX_MAP_ENTRIES || (n = entry_alloc()) == NULL)
		return (ENOMEM);
	*n = *e;
	n->start = va;
	if (n->object != NULL) {
		n->offset += va - e->start;
		vm_object_reference(n->object);
	}
	if (n->file != NULL)
		fhold(n->file);
	e->end = va;
	TAILQ_INSERT_AFTER(&map->entries, e, n, link);
	map->nentries++;
	return (0);
}

int
vm_map_insert(struct vm_map *map, struct vm_object *object, struct file *file,
    uint64_t offset, vm_offset_t start, vm_offset_t end, vm_prot_t prot, vm_prot_t maxprot,
    int eflags)
{
	struct vm_map_entry *e, *prev = NULL, *n;

	if (!vm_map_range_free(map, start, end))
		return (ENOMEM);
	TAILQ_FOREACH(e, &map->entries, link) {
		if (e->start >= end)
			break;
		prev = e;
	}
	/* A private anonymous range continuing the one before: grow that one. */
	if (prev != NULL && prev->end == start && object == NULL && prev->object == NULL &&
	    file == NULL && prev->file == NULL &&
	    prev->prot == prot && prev->maxprot == maxprot && prev->eflags == eflags) {
		prev->end = end;
		map->size += end - start;
		return (0);
	}
	if (map->nentries >= VM_MAX_MAP_ENTRIES || (n = entry_alloc()) == NULL)
		return (ENOMEM);
	n->start = start;
	n->end = end;
	n->object = object;
	n->offset = offset;
	n->prot = prot;
	n->maxprot = maxprot;
	n->eflags = eflags;
	if (object != NULL)
		vm_object_reference(object);
	if ((n->file = file) != NULL)
		fhold(file);
	if (prev != NULL)
		TAILQ_INSERT_AFTER(&map->entries, prev, n, link);
	else
		TAILQ_INSERT_HEAD(&map->entries, n, link);
	map->nentries++;
	map->size += end - start;
	return (0);
}

int
vm_map_findspace(struct vm_map *map, vm_offset_t hint, vm_offset_t below,
    vm_size_t length, vm_offset_t *addr)
{
	struct vm_map_entry *e;
	vm_offset_t top, gap_start;

	if (length == 0 || length > map->max_offset - map->min_offset)
		return (ENOMEM);
	if (hint != 0 && hint >= map->min_offset && hint <= map->max_offset - length &&
	    vm_map_range_free(map, hint, hint + length)) {
		*addr = hint;
		return (0);
	}
	if (below > map->max_offset)
		below = map->max_offset;
	/* Walk the gaps from the top down. */
	top = map->max_offset;
	for (e = TAILQ_LAST(&map->entries, vm_map_entries); ;
	    e = TAILQ_PREV(e, vm_map_entries, link)) {
		gap_start = e != NULL ? e->end : map->min_offset;
		if (top > below)
			top = below;
		if (top >= gap_start && top - gap_start >= length) {
			*addr = top - length;
			return (0);
		}
		if (e == NULL)
			break;
		top = e->start;
	}
	return (ENOMEM);
}

int
vm_map_delete(struct vm_map *map, vm_offset_t start, vm_offset_t end)
{
	struct vm_map_entry *e, *next;

	if ((e = first_after(map, start)) == NULL || e->start >= end)
		return (0);
	if (clip(map, e, start) != 0)
		return (ENOMEM);
	if (e->end <= start)
		e = TAILQ_NEXT(e, link);
	for (; e != NULL && e->start < end; e = next) {
		if (clip(map, e, end) != 0)
			return (ENOMEM);
		next = TAILQ_NEXT(e, link);
		pmap_remove(map->pmap, e->start, e->end);
		entry_free(map, e);
	}
	return (0);
}

/* Is [start, end) covered by entries without a hole?  The first one, or NULL. */
static struct vm_map_entry *
covered(struct vm_map *map, vm_offset_t start, vm_offset_t end)
{
	struct vm_map_entry *e = vm_map_lookup_entry(map, start), *f;
	vm_offset_t at = start;

	for (f = e; f != NULL && at < end; f = TAILQ_NEXT(f, link)) {
		if (f->start > at)
			return (NULL);
		at = f->end;
	}
	return (at >= end ? e : NULL);
}

int
vm_map_covered(struct vm_map *map, vm_offset_t start, vm_offset_t end)
{
	return (covered(map, start, end) != NULL);
}

int
vm_map_protect(struct vm_map *map, vm_offset_t start, vm_offset_t end, vm_prot_t prot)
{
	struct vm_map_entry *e, *f;

	if ((e = covered(map, start, end)) == NULL)
		return (ENOMEM);
	for (f = e; f != NULL && f->start < end; f = TAILQ_NEXT(f, link))
		if ((prot & ~f->maxprot) != 0)
			return (EACCES);
	if (clip(map, e, start) != 0)
		return (ENOMEM);
	if (e->end <= start)
		e = TAILQ_NEXT(e, link);
	for (; e != NULL && e->start < end; e = TAILQ_NEXT(e, link)) {
		if (clip(map, e, end) != 0)
			return (ENOMEM);
		if (e->prot != prot)
			pmap_protect(map->pmap, e->start, e->end, prot);
		e->prot = prot;
	}
	return (0);
}

int
vm_map_dontneed(struct vm_map *map, vm_offset_t start, vm_offset_t end)
{
	struct vm_map_entry *e;
	int error = covered(map, start, end) != NULL ? 0 : ENOMEM;

	for (e = first_after(map, start); e != NULL && e->start < end; e = TAILQ_NEXT(e, link))
		pmap_remove(map->pmap, e->start > start ? e->start : start,
		    e->end < end ? e->end : end);
	return (error);
}

struct vmspace *
vmspace_fork(struct vmspace *src)
{
	struct vmspace *dst = vmspace_alloc();
	struct vm_map_entry *e;
	int error = 0;

	if (dst == NULL)
		return (NULL);
	sx_xlock(&src->vm_map.lock);
	TAILQ_FOREACH(e, &src->vm_map.entries, link) {
		error = vm_map_insert(&dst->vm_map, e->object, e->file, e->offset, e->start, e->end,
		    e->prot, e->maxprot, e->eflags);
		if (error == 0)
			error = pmap_copy(&dst->vm_pmap, &src->vm_pmap, e->start, e->end,
			    (e->eflags & MAP_ENTRY_SHARED) != 0);
		if (error != 0)
			break;
	}
	dst->vm_brk_start = src->vm_brk_start;
	dst->vm_brk = src->vm_brk;
	dst->vm_stack_top = src->vm_stack_top;
	dst->vm_mmap_base = src->vm_mmap_base;
	dst->vm_arg_start = src->vm_arg_start;
	dst->vm_arg_end = src->vm_arg_end;
	dst->vm_env_end = src->vm_env_end;
	if (src->vm_args != NULL && (dst->vm_args = malloc(src->vm_argslen, M_VMMAP,
	    M_NOWAIT)) != NULL) {
		memcpy(dst->vm_args, src->vm_args, src->vm_argslen);
		dst->vm_argslen = src->vm_argslen;
	}
	if (src->vm_env != NULL && (dst->vm_env = malloc(src->vm_envlen, M_VMMAP,
	    M_NOWAIT)) != NULL) {
		memcpy(dst->vm_env, src->vm_env, src->vm_envlen);
		dst->vm_envlen = src->vm_envlen;
	}
	sx_xunlock(&src->vm_map.lock);
	if (error != 0) {
		vmspace_free(dst);
		return (NULL);
	}
	return (dst);
}

/* vm_map_write and vm_map_read: src NULL (write) stores zeros; dst non-NULL reads. */
static int
vm_map_rw(struct vm_map *map, vm_offset_t va, const uint8_t *s, uint8_t *d, size_t len)
{
	int ftype = d != NULL ? VM_FAULT_READ : VM_FAULT_WRITE;
	pt_entry_t want = d != NULL ? PG_V : (PG_V | PG_RW);
	size_t n;
	pt_entry_t pte;
	int tries;
	void *kva;

	while (len > 0) {
		n = PAGE_SIZE - (va & PAGE_MASK);
		if (n > len)
			n = len;
		for (tries = 0; ; tries++) {
			if (vm_fault(map, va, ftype) != KERN_SUCCESS)
				return (EFAULT);
			pte = pmap_pte(map->pmap, va);
			if ((pte & want) == want)
				break;
			if (tries == 8)
				return (EFAULT);
		}
		kva = (void *)PHYS_TO_DMAP(pmap_pte_pa(pte) + (va & PAGE_MASK));
		if (d != NULL) {
			memcpy(d, kva, n);
			d += n;
		} else if (s != NULL) {
			memcpy(kva, s, n);
			s += n;
		} else
			memset(kva, 0, n);
		va += n;
		len -= n;
	}
	return (0);
}

int
vm_map_write(struct vm_map *map, vm_offset_t va, const void *src, size_t len)
{
	return (vm_map_rw(map, va, src, NULL, len));
}

int
vm_map_read(struct vm_map *map, vm_offset_t va, void *dst, size_t len)
{
	return (vm_map_rw(map, va, NULL, dst, len));
}

/* A copy of [start, end), at most VM_ARGS_MAX bytes, in *bufp and *lenp (if readable). */
static void
save_strings(struct vmspace *vs, vm_offset_t start, vm_offset_t end, char **bufp, size_t *lenp)
{
	size_t len = end > start ? end - start : 0;
	char *buf;

	if (len > VM_ARGS_MAX)
		len = VM_ARGS_MAX;
	if (len == 0 || (buf = malloc(len, M_VMMAP, M_WAITOK)) == NULL)
		return;
	if (vm_map_read(&vs->vm_map, start, buf, len) != 0) {
		free(buf, M_VMMAP);
		return;
	}
	free(*bufp, M_VMMAP);
	*bufp = buf;
	*lenp = len;
}

void
vmspace_save_args(struct vmspace *vs)
{
	save_strings(vs, vs->vm_arg_start, vs->vm_arg_end, &vs->vm_args, &vs->vm_argslen);
	save_strings(vs, vs->vm_arg_end, vs->vm_env_end, &vs->vm_env, &vs->vm_envlen);
}
