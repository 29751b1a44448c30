/*
 * Memory for loaded modules (vm/vm_kld.c): a range of the KLD window
 * (KLD_VA_BASE, in the top 2 GiB with the kernel) and one physically
 * contiguous run of pages behind it.  The linker writes a module through
 * the direct map (PHYS_TO_DMAP(pa)) while it links it, then maps each
 * segment at va with its final protection: no mapping ever changes
 * permissions, and only freeing needs a TLB shootdown.
 */
#ifndef VM_VM_KLD_H
#define VM_VM_KLD_H

#include <stdint.h>

/* size bytes (page multiple): 0 and *va, *pa (nothing mapped yet), or ENOMEM. */
int	kld_mem_alloc(uint64_t size, uint64_t *va, uint64_t *pa);
/* Maps [va, va+size) to [pa, ...) with VM_PROT_READ/WRITE/EXECUTE: 0 or ENOMEM. */
int	kld_mem_map(uint64_t va, uint64_t pa, uint64_t size, int prot);
/* Unmaps the whole allocation, shoots the TLBs down, frees pages and range. */
void	kld_mem_free(uint64_t va, uint64_t pa, uint64_t size);

#endif
