/*
 * User address spaces' page tables (machine/pmap.h).
 *
 * Each user pmap has its own PML4 whose upper half repeats the kernel's;
 * its lower half maps the process's pages with 4 KiB entries only.  Every
 * entry that is present (or PG_PROTNONE) holds one reference on its page,
 * so the page tables themselves say who uses a page (vm/vm_page.h); the
 * machine-independent VM (vm_map.c, vm_fault.c) decides what to map.
 *
 * Entries change under pm_lock (a spin mutex).  An entry that loses its
 * page or its rights is invalidated, after the lock is dropped, on every
 * CPU that has this pmap loaded (pm_active) -- and only then does its
 * page lose the reference, so no CPU can still reach a freed page through
 * a stale TLB entry.
 */
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/pcpu.h>
#include <sys/proc.h>
#include <sys/sysctl.h>
#include <machine/cpufunc.h>
#include <machine/pmap.h>
#include <machine/smp.h>
#include <machine/vmparam.h>
#include <vm/vm_map.h>
#include <vm/vm_page.h>
#include <vm/vm_phys.h>

#define NBPML4		(1ULL << PML4SHIFT)
#define BATCH		64		/* pages released per invalidation */

static LIST_HEAD(, pmap) allpmaps = LIST_HEAD_INITIALIZER;
static uint64_t remote_invalidations;
SYSCTL_U64("vm.pmap.remote_invalidations", &remote_invalidations,
    "user mappings invalidated on other CPUs running the same address space");
static struct mtx allpmaps_lock;
static int allpmaps_ready;

static void
allpmaps_init(void)
{
	if (!allpmaps_ready) {
		mtx_init(&allpmaps_lock, "allpmaps", MTX_SPIN);
		allpmaps_ready = 1;
	}
}

/* A kernel PML4 slot appeared: give it to every user pmap (pmap.c). */
void
pmap_kernel_slot_added(unsigned slot)
{
	pt_entry_t *k = (pt_entry_t *)PHYS_TO_DMAP(kernel_pml4_pa);
	struct pmap *pm;

	if (!allpmaps_ready)
		return;
	mtx_lock_spin(&allpmaps_lock);
	LIST_FOREACH(pm, &allpmaps, pm_list)
		((pt_entry_t *)PHYS_TO_DMAP(pm->pm_pml4))[slot] = k[slot];
	mtx_unlock_spin(&allpmaps_lock);
}

int
pmap_pinit(struct pmap *pm)
{
	pt_entry_t *pml4, *k = (pt_entry_t *)PHYS_TO_DMAP(kernel_pml4_pa);
	unsigned i;

	memset(pm, 0, sizeof(*pm));
	if ((pm->pm_pml4 = vm_phys_alloc_page()) == 0)
		return (ENOMEM);
	mtx_init(&pm->pm_lock, "pmap", MTX_SPIN);
	allpmaps_init();
	pml4 = (pt_entry_t *)PHYS_TO_DMAP(pm->pm_pml4);
	memset(pml4, 0, PAGE_SIZE / 2);
	mtx_lock_spin(&allpmaps_lock);
	for (i = NPTEPG / 2; i < NPTEPG; i++)
		pml4[i] = k[i];
	LIST_INSERT_HEAD(&allpmaps, pm, pm_list);
	mtx_unlock_spin(&allpmaps_lock);
	return (0);
}

void
pmap_release(struct pmap *pm)
{
	if (pm->pm_active != 0)
		panic("pmap_release: pmap %p still active on CPUs 0x%llx", pm,
		    (unsigned long long)pm->pm_active);
	if (pm->pm_resident != 0)
		panic("pmap_release: pmap %p still maps %llu pages", pm,
		    (unsigned long long)pm->pm_resident);
	mtx_lock_spin(&allpmaps_lock);
	LIST_REMOVE(pm, pm_list);
	mtx_unlock_spin(&allpmaps_lock);
	pmap_free_lower_tables(pm->pm_pml4);
	vm_phys_free_page(pm->pm_pml4);
	pm->pm_pml4 = 0;
}

static pt_entry_t
make_pte(vm_paddr_t pa, vm_prot_t prot)
{
	pt_entry_t e = (pa & PG_FRAME) | PG_U;

	if (prot == VM_PROT_NONE)
		return (e | PG_PROTNONE);
	e |= PG_V;
	if (prot & VM_PROT_WRITE)
		e |= PG_RW;
	if ((prot & VM_PROT_EXECUTE) == 0)
		e |= pg_nx;
	return (e);
}

/*
 * The page table covering va, or NULL when a level above is missing;
 * *next is the first address the next table (or missing level) covers.
 */
static pt_entry_t *
pt_lookup(struct pmap *pm, vm_offset_t va, vm_offset_t *next)
{
	pt_entry_t *t = (pt_entry_t *)PHYS_TO_DMAP(pm->pm_pml4), e;

	e = t[pmap_pml4e_index(va)];
	if ((e & PG_V) == 0) {
		*next = (va | (NBPML4 - 1)) + 1;
		return (NULL);
	}
	e = ((pt_entry_t *)PHYS_TO_DMAP(e & PG_FRAME))[pmap_pdpe_index(va)];
	if ((e & PG_V) == 0) {
		*next = (va | (NBPDP - 1)) + 1;
		return (NULL);
	}
	*next = (va | (NBPDR - 1)) + 1;
	e = ((pt_entry_t *)PHYS_TO_DMAP(e & PG_FRAME))[pmap_pde_index(va)];
	if ((e & PG_V) == 0)
		return (NULL);
	return ((pt_entry_t *)PHYS_TO_DMAP(e & PG_FRAME));
}

static pt_entry_t *
pte_lookup(struct pmap *pm, vm_offset_t va)
{
	vm_offset_t next;
	pt_entry_t *pt = pt_lookup(pm, va, &next);

	return (pt != NULL ? &pt[pmap_pte_index(va)] : NULL);
}

/*
 * Invalidate [sva, eva) wherever pm is loaded.  The fence orders the
 * entry updates before the read of pm_active: a CPU that loads pm later
 * walks the new entries.
 */
static void
pmap_invalidate(struct pmap *pm, vm_offset_t sva, vm_offset_t eva)
{
	uint64_t cpus;

	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	critical_enter();
	cpus = __atomic_load_n(&pm->pm_active, __ATOMIC_RELAXED);
	if (cpus & ~(1ULL << curcpu))
		__atomic_add_fetch(&remote_invalidations, 1, __ATOMIC_RELAXED);
	if (cpus != 0)
		smp_invlpg_cpus(cpus, sva, eva);
	critical_exit();
}

int
pmap_enter(struct pmap *pm, vm_offset_t va, vm_paddr_t pa, vm_prot_t prot)
{
	pt_entry_t *pte;
	int error = 0;

	mtx_lock_spin(&pm->pm_lock);
	pte = pmap_walk(pm->pm_pml4, va, PMAP_LVL_PTE, PMAP_WALK_ALLOC | PMAP_WALK_USER);
	if (pte == NULL)
		error = ENOMEM;
	else if (pmap_pte_held(*pte))
		error = EEXIST;
	else {
		*pte = make_pte(pa, prot);
		pm->pm_resident++;
	}
	mtx_unlock_spin(&pm->pm_lock);
	return (error);
}

pt_entry_t
pmap_pte(struct pmap *pm, vm_offset_t va)
{
	pt_entry_t *pte, e;

	mtx_lock_spin(&pm->pm_lock);
	pte = pte_lookup(pm, va);
	e = pte != NULL ? *pte : 0;
	mtx_unlock_spin(&pm->pm_lock);
	return (e);
}

int
pmap_replace(struct pmap *pm, vm_offset_t va, pt_entry_t old, vm_paddr_t pa, vm_prot_t prot)
{
	pt_entry_t *pte;

	mtx_lock_spin(&pm->pm_lock);
	pte = pte_lookup(pm, va);
	if (pte == NULL || *pte != old) {
		mtx_unlock_spin(&pm->pm_lock);
		return (EAGAIN);
	}
	if (pa == 0) {
		/* More rights on the same page: a stale entry only faults again. */
		*pte = old | PG_RW;
		mtx_unlock_spin(&pm->pm_lock);
		return (0);
	}
	*pte = make_pte(pa, prot);
	mtx_unlock_spin(&pm->pm_lock);
	pmap_invalidate(pm, va, va + PAGE_SIZE);
	vm_page_release(pmap_pte_pa(old));
	return (0);
}

void
pmap_remove(struct pmap *pm, vm_offset_t sva, vm_offset_t eva)
{
	vm_paddr_t pages[BATCH];
	vm_offset_t va = sva, next, bstart = sva;
	pt_entry_t *pt;
	int n = 0, i;

	mtx_lock_spin(&pm->pm_lock);
	while (va < eva) {
		pt = pt_lookup(pm, va, &next);
		if (next > eva || next == 0)
			next = eva;
		for (; pt != NULL && va < next; va += PAGE_SIZE) {
			pt_entry_t *pte = &pt[pmap_pte_index(va)];

			if (!pmap_pte_held(*pte))
				continue;
			pages[n++] = pmap_pte_pa(*pte);
			*pte = 0;
			pm->pm_resident--;
			if (n < BATCH)
				continue;
			/* A full batch: make it unreachable, then drop the pages. */
			mtx_unlock_spin(&pm->pm_lock);
			pmap_invalidate(pm, bstart, va + PAGE_SIZE);
			for (i = 0; i < n; i++)
				vm_page_release(pages[i]);
			n = 0;
			bstart = va + PAGE_SIZE;
			mtx_lock_spin(&pm->pm_lock);
			pt = pt_lookup(pm, va, &next);	/* tables stay; refetch anyway */
			if (next > eva || next == 0)
				next = eva;
		}
		va = next;
	}
	mtx_unlock_spin(&pm->pm_lock);
	if (n > 0) {
		pmap_invalidate(pm, bstart, eva);
		for (i = 0; i < n; i++)
			vm_page_release(pages[i]);
	}
}

void
pmap_protect(struct pmap *pm, vm_offset_t sva, vm_offset_t eva, vm_prot_t prot)
{
	vm_offset_t va = sva, next;
	pt_entry_t *pt;
	int changed = 0;

	mtx_lock_spin(&pm->pm_lock);
	while (va < eva) {
		pt = pt_lookup(pm, va, &next);
		if (next > eva || next == 0)
			next = eva;
		for (; pt != NULL && va < next; va += PAGE_SIZE) {
			pt_entry_t *pte = &pt[pmap_pte_index(va)], e = *pte, ne;

			if (!pmap_pte_held(e))
				continue;
			ne = make_pte(pmap_pte_pa(e), prot);
			if ((e & PG_RW) == 0)		/* never adds write */
				ne &= ~PG_RW;
			if (ne != (e & ~(PG_A | PG_M))) {
				*pte = ne;
				changed = 1;
			}
		}
		va = next;
	}
	mtx_unlock_spin(&pm->pm_lock);
	if (changed)
		pmap_invalidate(pm, sva, eva);
}

int
pmap_copy(struct pmap *dst, struct pmap *src, vm_offset_t sva, vm_offset_t eva, int shared)
{
	vm_offset_t va = sva, next;
	pt_entry_t *pt, *dpte;
	int error = 0, cow = 0;

	/* dst is the new child's, seen by nobody else yet: no lock needed. */
	mtx_lock_spin(&src->pm_lock);
	while (va < eva && error == 0) {
		pt = pt_lookup(src, va, &next);
		if (next > eva || next == 0)
			next = eva;
		for (; pt != NULL && va < next; va += PAGE_SIZE) {
			pt_entry_t *pte = &pt[pmap_pte_index(va)], e = *pte;

			if (!pmap_pte_held(e))
				continue;
			dpte = pmap_walk(dst->pm_pml4, va, PMAP_LVL_PTE,
			    PMAP_WALK_ALLOC | PMAP_WALK_USER);
			if (dpte == NULL) {
				error = ENOMEM;
				break;
			}
			if (!shared && (e & PG_RW)) {
				e &= ~PG_RW;
				*pte = e;
				cow = 1;
			}
			vm_page_hold(pmap_pte_pa(e));
			*dpte = e & ~(PG_A | PG_M);
			dst->pm_resident++;
		}
		va = next;
	}
	mtx_unlock_spin(&src->pm_lock);
	if (cow)
		pmap_invalidate(src, sva, eva);
	return (error);
}

void
pmap_mincore(struct pmap *pm, vm_offset_t sva, vm_offset_t eva, uint8_t *vec)
{
	vm_offset_t va;
	pt_entry_t *pte;

	mtx_lock_spin(&pm->pm_lock);
	for (va = sva; va < eva; va += PAGE_SIZE) {
		pte = pte_lookup(pm, va);
		*vec++ = (pte != NULL && (*pte & PG_V)) ? 1 : 0;
	}
	mtx_unlock_spin(&pm->pm_lock);
}

/* Interrupts are off (context switch, exec): the CPU cannot change under us. */
void
pmap_activate(struct thread *td)
{
	struct pcpu *pc = get_pcpu();
	struct vmspace *vs = td->td_proc->p_vmspace;
	struct pmap *pm, *old = pc->pc_curpmap;
	uint64_t bit = 1ULL << pc->pc_cpuid;

	if (vs == NULL)
		panic("pmap_activate: thread %d has no address space", td->td_tid);
	pm = &vs->vm_pmap;
	if (old == pm)
		return;
	if (old != NULL)
		__atomic_and_fetch(&old->pm_active, ~bit, __ATOMIC_SEQ_CST);
	__atomic_or_fetch(&pm->pm_active, bit, __ATOMIC_SEQ_CST);
	pc->pc_curpmap = pm;
	load_cr3(pm->pm_pml4);
}

void
pmap_activate_kernel(void)
{
	struct pcpu *pc = get_pcpu();
	struct pmap *old = pc->pc_curpmap;

	if (old == NULL)
		return;
	__atomic_and_fetch(&old->pm_active, ~(1ULL << pc->pc_cpuid), __ATOMIC_SEQ_CST);
	pc->pc_curpmap = NULL;
	load_cr3(kernel_pml4_pa);
}

int
pmap_move(struct pmap *pm, vm_offset_t old, vm_offset_t new, vm_size_t len)
{
	vm_offset_t off;
	pt_entry_t *spte, *dpte;
	int error = 0;

	mtx_lock_spin(&pm->pm_lock);
	for (off = 0; off < len; off += PAGE_SIZE) {
		spte = pte_lookup(pm, old + off);
		if (spte == NULL || !pmap_pte_held(*spte))
			continue;
		dpte = pmap_walk(pm->pm_pml4, new + off, PMAP_LVL_PTE,
		    PMAP_WALK_ALLOC | PMAP_WALK_USER);
		if (dpte == NULL) {
			error = ENOMEM;
			break;
		}
		spte = pte_lookup(pm, old + off);	/* a new table may have come between */
		vm_page_hold(pmap_pte_pa(*spte));
		*dpte = *spte & ~(PG_A | PG_M);
		pm->pm_resident++;
	}
	mtx_unlock_spin(&pm->pm_lock);
	return (error);
}
