/*
 * Page faults on user addresses: find the map entry, check the access
 * against its protection (Linux's rules: any of read, write or execute
 * permits a read; x86 cannot map write-only or execute-only), and make
 * the page appear:
 *   - not mapped yet: a zeroed page (private anonymous), or the object's
 *     page -- shared, mapped read-only for a private mapping until written,
 *     or copied at once for a write;
 *   - mapped read-only, write allowed: copy-on-write -- written in place
 *     when the mapping holds the only reference (vm_page_sole), copied
 *     otherwise.
 * Faults run with the map locked shared, so threads of a process fault
 * at the same time; two faults on one page are settled by pmap_enter's
 * EEXIST and pmap_replace's EAGAIN (the loser drops its page and looks
 * again).
 */
#include <sys/systm.h>
#include <sys/errno.h>
#include <machine/vmparam.h>
#include <vm/vm_map.h>
#include <vm/vm_object.h>
#include <vm/vm_page.h>

static int
access_ok(const struct vm_map_entry *e, int ftype)
{
	if (ftype & VM_FAULT_WRITE)
		return ((e->prot & VM_PROT_WRITE) != 0);
	if (ftype & VM_FAULT_EXEC)
		return ((e->prot & VM_PROT_EXECUTE) != 0);
	return (e->prot != VM_PROT_NONE);
}

/* A private copy of the page at pa; 0 if out of memory. */
static vm_paddr_t
copy_page(vm_paddr_t pa)
{
	vm_paddr_t n = vm_page_alloc(VM_ALLOC_USER | VM_ALLOC_ANON);

	if (n != 0)
		memcpy((void *)PHYS_TO_DMAP(n), (const void *)PHYS_TO_DMAP(pa), PAGE_SIZE);
	return (n);
}

/* The entry is writable and the page is mapped read-only. */
static int
fault_cow(struct vm_map *map, struct vm_map_entry *e, vm_offset_t va, pt_entry_t pte)
{
	vm_paddr_t pa = pmap_pte_pa(pte), n;

	if ((e->eflags & MAP_ENTRY_SHARED) || vm_page_sole(pa))
		return (pmap_replace(map->pmap, va, pte, 0, e->prot));
	if ((n = copy_page(pa)) == 0)
		return (ENOMEM);
	if (pmap_replace(map->pmap, va, pte, n, e->prot) != 0) {
		vm_page_release(n);
		return (EAGAIN);
	}
	return (0);
}

/* Nothing mapped at va: the page to map, with the protection to map it with. */
static int
fault_page(struct vm_map_entry *e, vm_offset_t va, int ftype, vm_paddr_t *pap,
    vm_prot_t *protp)
{
	vm_paddr_t pa, n;
	int error;

	*protp = e->prot;
	if (e->object == NULL) {
		*pap = vm_page_alloc(VM_ALLOC_USER | VM_ALLOC_ANON | VM_ALLOC_ZERO);
		return (*pap != 0 ? 0 : ENOMEM);
	}
	error = vm_object_getpage(e->object, (e->offset + (va - e->start)) / PAGE_SIZE, &pa);
	if (error != 0)
		return (error);
	if (e->eflags & MAP_ENTRY_SHARED) {
		*pap = pa;
		return (0);
	}
	if ((ftype & VM_FAULT_WRITE) == 0) {
		*protp &= ~VM_PROT_WRITE;	/* the object's page until written */
		*pap = pa;
		return (0);
	}
	n = copy_page(pa);
	vm_page_release(pa);
	*pap = n;
	return (n != 0 ? 0 : ENOMEM);
}

static int
kern_result(int error)
{
	switch (error) {
	case 0:
		return (KERN_SUCCESS);
	case ENOMEM:
		return (KERN_RESOURCE_SHORTAGE);
	case EFAULT:
		return (KERN_OUT_OF_BOUNDS);
	default:
		return (KERN_OUT_OF_BOUNDS);	/* the file could not be read: SIGBUS */
	}
}

int
vm_fault(struct vm_map *map, vm_offset_t va, int ftype)
{
	struct vm_map_entry *e;
	vm_paddr_t pa;
	vm_prot_t prot;
	pt_entry_t pte;
	int error, rv;

	va = trunc_page(va);
	sx_slock(&map->lock);
	for (;;) {
		if ((e = vm_map_lookup_entry(map, va)) == NULL) {
			rv = KERN_INVALID_ADDRESS;
			break;
		}
		if (!access_ok(e, ftype)) {
			rv = KERN_PROTECTION_FAILURE;
			break;
		}
		pte = pmap_pte(map->pmap, va);
		if (pmap_pte_held(pte)) {
			if ((pte & PG_V) == 0) {	/* PROT_NONE left behind: not ours */
				rv = KERN_PROTECTION_FAILURE;
				break;
			}
			if ((ftype & VM_FAULT_WRITE) == 0 || (pte & PG_RW)) {
				rv = KERN_SUCCESS;	/* another thread was first */
				break;
			}
			error = fault_cow(map, e, va, pte);
			if (error == EAGAIN)
				continue;
			rv = kern_result(error);
			break;
		}
		if ((error = fault_page(e, va, ftype, &pa, &prot)) != 0) {
			rv = kern_result(error);
			break;
		}
		error = pmap_enter(map->pmap, va, pa, prot);
		if (error == EEXIST) {
			vm_page_release(pa);
			continue;
		}
		if (error != 0)
			vm_page_release(pa);
		rv = kern_result(error);
		break;
	}
	sx_sunlock(&map->lock);
	return (rv);
}
