/*
 * The kernel's virtual address layout.
 *
 *   0x0000000000000000  user space (per process), up to VM_MAXUSER_ADDRESS
 *   0xffff800000000000  DMAP_BASE: all physical memory, direct-mapped
 *   0xffffffff80000000  KERNBASE: the kernel image (-mcmodel=kernel)
 *   0xffffffff80200000  where kernel.ld links the first section
 *   0xffffffffc0000000  KLD_VA_BASE: loaded modules (vm/vm_kld.c)
 */
#ifndef MACHINE_VMPARAM_H
#define MACHINE_VMPARAM_H

#include <stdint.h>

#define PAGE_SIZE	4096ULL
#define PAGE_MASK	(PAGE_SIZE - 1)
#define NBPDR		(2ULL << 20)		/* bytes mapped by a PD entry */
#define NBPDP		(1ULL << 30)		/* bytes mapped by a PDPT entry */
#define DMAP_BASE	0xffff800000000000ULL
#define DMAP_MAX	(512ULL << 30)		/* one PML4 slot of direct map */
#define KERNBASE	0xffffffff80000000ULL

/*
 * Loaded modules (.ko) run in the top 2 GiB with the kernel: code built
 * -mcmodel=kernel reaches both with 32-bit displacements.
 */
#define KLD_VA_BASE	0xffffffffc0000000ULL
#define KLD_VA_SIZE	(512ULL << 20)

/*
 * User space: Linux's TASK_SIZE for 4-level paging.  The last page below
 * the canonical hole stays unmapped (as on Linux), so no user access can
 * run into non-canonical addresses.
 */
#define VM_MIN_ADDRESS		0x0000000000010000ULL	/* mmap_min_addr: no page 0 */
#define VM_MAXUSER_ADDRESS	0x00007ffffffff000ULL

#define PHYS_TO_DMAP(pa)	((uint64_t)(pa) + DMAP_BASE)
#define DMAP_TO_PHYS(va)	((uint64_t)(va) - DMAP_BASE)

extern uint64_t dmap_size;	/* bytes of physical memory in the direct map (pmap.c) */

#define round_page(x)	(((x) + PAGE_MASK) & ~PAGE_MASK)
#define trunc_page(x)	((x) & ~PAGE_MASK)

#endif
