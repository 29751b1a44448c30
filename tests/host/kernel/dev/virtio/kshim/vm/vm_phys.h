/*
 * Host stand-in for the page allocator: runs of pages from aligned_alloc,
 * remembered by their first page so freeing page by page works as the
 * kernel's does (each page of the run is handed back once).
 */
#ifndef KSHIM_VM_VM_PHYS_H
#define KSHIM_VM_VM_PHYS_H

#include <stdint.h>

uint64_t vm_phys_alloc_contig(uint64_t npages);
void	 vm_phys_free_page(uint64_t pa);

#endif
