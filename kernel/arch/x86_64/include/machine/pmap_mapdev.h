/*
 * Mapping device memory (PCI BARs, ECAM) into the kernel's address space.
 *
 * The direct map covers RAM and everything below 4 GiB, but firmware puts
 * 64-bit BARs far higher (OVMF: 0xe000000000, above the 512 GiB direct
 * map).  pmap_mapdev() returns an uncached kernel virtual address for any
 * physical range: the direct map when it already covers the range, else a
 * fresh mapping in the device-map window (one PML4 slot of its own).
 */
#ifndef MACHINE_PMAP_MAPDEV_H
#define MACHINE_PMAP_MAPDEV_H

#include <stdint.h>

#define DEVMAP_BASE	0xffff808000000000ULL	/* PML4 slot 257, after the direct map */
#define DEVMAP_SIZE	(512ULL << 30)		/* the whole slot */

/* A VA for [pa, pa + size), uncached; NULL when out of VA or page tables. */
void	*pmap_mapdev(uint64_t pa, uint64_t size);

#endif
