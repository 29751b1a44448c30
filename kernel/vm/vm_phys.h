/* The physical page allocator. */
#ifndef VM_PHYS_H
#define VM_PHYS_H

#include <stdint.h>

uint64_t vm_phys_alloc_page(void);	/* physical address, 0 when none is free */
uint64_t vm_phys_alloc_contig(uint64_t npages);	/* 0 when no run is free */
void	 vm_phys_free_page(uint64_t pa);
uint64_t vm_phys_free_pages(void);
uint64_t vm_phys_real_memory(void);	/* bytes of RAM the kernel knows of (capped) */
uint64_t vm_phys_physmem_cap(void);	/* hw.physmem, 0 if not set */
uint64_t vm_phys_npages(void);		/* pages the allocator covers: [0, npages * PAGE_SIZE) */

#endif
