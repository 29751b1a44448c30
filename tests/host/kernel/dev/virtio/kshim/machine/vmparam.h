/* Host stand-in: pages are host memory, the direct map is the identity. */
#ifndef KSHIM_MACHINE_VMPARAM_H
#define KSHIM_MACHINE_VMPARAM_H

#define PAGE_SIZE		4096ULL
#define PAGE_MASK		(PAGE_SIZE - 1)
#define round_page(x)		(((x) + PAGE_MASK) & ~PAGE_MASK)
#define PHYS_TO_DMAP(pa)	((uint64_t)(pa))
#define DMAP_TO_PHYS(va)	((uint64_t)(va))

#endif
