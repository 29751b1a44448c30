/*
 * Kernel thread stacks with guard pages (see vm_kstack.h).
 *
 * The window is PML4 slot 258 (after the direct map and the device map).
 * A slot is a guard page plus KSTACK_SIZE of stack; slots are handed out
 * in order and, when a thread is reaped, kept with their pages on a free
 * list for the next thread, as FreeBSD's kstack cache does.  Mappings
 * therefore only ever go from not-present to present: no TLB shootdown is
 * needed, and every CPU sees the slot through the one kernel PML4.
 */
#include <sys/systm.h>
#include <sys/kernel.h>
#include <sys/mutex.h>
#include <sys/proc.h>
#include <sys/sysctl.h>
#include <machine/pmap.h>
#include <machine/vmparam.h>
#include <vm/vm_kstack.h>
#include <vm/vm_phys.h>

#define KSTACK_WINDOW	0xffff810000000000ULL	/* PML4 slot 258 */
#define KSTACK_GUARD	PAGE_SIZE
#define KSTACK_SLOT	(KSTACK_GUARD + KSTACK_SIZE)
#define KSTACK_MAX	8192			/* slots: 160 MiB of VA */

static struct mtx kstack_lock;		/* everything below */
static uint32_t	  kstack_slots;		/* slots ever created */
static uint32_t	  kstack_free_list[KSTACK_MAX];	/* cached slot numbers */
static uint32_t	  kstack_nfree;
static uint64_t	  kstack_inuse;
SYSCTL_U64("vm.kstacks", &kstack_inuse, "kernel thread stacks in use (each with a guard page)");

/* Maps a fresh page at va; -1 when out of memory. */
static int
kstack_enter(uint64_t va)
{
	uint64_t pa;

	if (pmap_kextract(va) != 0)	/* from an earlier, failed attempt */
		return (0);
	if ((pa = vm_phys_alloc_page()) == 0)
		return (-1);
	if (pmap_kenter(va, pa, PG_RW | pg_nx) != 0) {	/* reserved without NXE */
		vm_phys_free_page(pa);
		return (-1);
	}
	return (0);
}

/* A new slot with its stack pages mapped (lock held); the stack's VA or 0. */
static uint64_t
kstack_new_slot(void)
{
	uint64_t va, off;

	if (kstack_slots == KSTACK_MAX)
		return (0);
	va = KSTACK_WINDOW + (uint64_t)kstack_slots * KSTACK_SLOT + KSTACK_GUARD;
	for (off = 0; off < KSTACK_SIZE; off += PAGE_SIZE)
		if (kstack_enter(va + off) != 0)
			return (0);	/* pages mapped so far stay for a retry */
	kstack_slots++;
	return (va);
}

void *
kstack_alloc(void)
{
	uint64_t va;

	mtx_lock_spin(&kstack_lock);
	if (kstack_nfree > 0)
		va = KSTACK_WINDOW + (uint64_t)kstack_free_list[--kstack_nfree] *
		    KSTACK_SLOT + KSTACK_GUARD;
	else
		va = kstack_new_slot();
	if (va != 0)
		kstack_inuse++;
	mtx_unlock_spin(&kstack_lock);
	return ((void *)va);
}

void
kstack_free(void *stack)
{
	uint64_t va = (uint64_t)stack;

	if (va < KSTACK_WINDOW + KSTACK_GUARD ||
	    (va - KSTACK_WINDOW - KSTACK_GUARD) % KSTACK_SLOT != 0 ||
	    (va - KSTACK_WINDOW) / KSTACK_SLOT >= kstack_slots)
		panic("kstack_free: %p is not a kernel stack", stack);
	mtx_lock_spin(&kstack_lock);
	kstack_free_list[kstack_nfree++] = (uint32_t)((va - KSTACK_WINDOW) / KSTACK_SLOT);
	kstack_inuse--;
	mtx_unlock_spin(&kstack_lock);
}

int
kstack_is_guard(uint64_t va)
{
	return (va >= KSTACK_WINDOW &&
	    va < KSTACK_WINDOW + (uint64_t)kstack_slots * KSTACK_SLOT &&
	    (va - KSTACK_WINDOW) % KSTACK_SLOT < KSTACK_GUARD);
}

static void
kstack_init(const void *dummy __unused)
{
	mtx_init(&kstack_lock, "kstack", MTX_SPIN);
}
SYSINIT(kstack, SI_SUB_VM, SI_ORDER_ANY, kstack_init, NULL);
