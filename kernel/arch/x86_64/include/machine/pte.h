/*
 * x86_64 page-table entries: the bits, defined once (as FreeBSD's
 * amd64 <machine/pte.h>).  Every file that builds or walks page tables
 * takes them from here; the walking itself lives in pmap.c
 * (<machine/pmap.h>).
 *
 * Four levels: PML4 -> PDPT -> PD -> PT, 512 entries each, indexed by
 * 9 bits of the virtual address starting at bits 39, 30, 21 and 12.
 */
#ifndef MACHINE_PTE_H
#define MACHINE_PTE_H

#include <stdint.h>

typedef uint64_t pt_entry_t;

#define PG_V		0x001ULL	/* valid (present) */
#define PG_RW		0x002ULL	/* writable */
#define PG_U		0x004ULL	/* user accessible */
#define PG_PWT		0x008ULL	/* write-through: with PCD, PAT entry 3 (UC) */
#define PG_PCD		0x010ULL	/* cache disable */
#define PG_A		0x020ULL	/* accessed (set by the CPU) */
#define PG_M		0x040ULL	/* modified, "dirty" (set by the CPU, PT level) */
#define PG_PS		0x080ULL	/* large page (in a PD: 2 MiB, in a PDPT: 1 GiB) */
#define PG_G		0x100ULL	/* global: kept in the TLB across CR3 loads */
#define PG_AVAIL1	0x200ULL	/* bits 9-11 are the OS's: software use */
#define PG_AVAIL2	0x400ULL
#define PG_AVAIL3	0x800ULL
#define PG_NX		(1ULL << 63)	/* no execute (needs EFER.NXE) */

/* Software bits (user page tables, pmap_user.c). */
#define PG_PROTNONE	PG_AVAIL1	/* not present, but holds its page: PROT_NONE */

#define PG_FRAME	0x000ffffffffff000ULL	/* address of a 4 KiB page or a table */
#define PG_PS_FRAME	0x000fffffffe00000ULL	/* address of a 2 MiB page */
#define PG_1G_FRAME	0x000fffffc0000000ULL	/* address of a 1 GiB page */

#define NPTEPG		512		/* entries in a table page */
#define PML4SHIFT	39
#define PDPSHIFT	30
#define PDRSHIFT	21
#define PAGE_SHIFT	12

/* The index of va in the table of each level. */
#define pmap_pml4e_index(va)	(((uint64_t)(va) >> PML4SHIFT) & (NPTEPG - 1))
#define pmap_pdpe_index(va)	(((uint64_t)(va) >> PDPSHIFT) & (NPTEPG - 1))
#define pmap_pde_index(va)	(((uint64_t)(va) >> PDRSHIFT) & (NPTEPG - 1))
#define pmap_pte_index(va)	(((uint64_t)(va) >> PAGE_SHIFT) & (NPTEPG - 1))

/* Page-fault error code bits (the CPU pushes them with #PF). */
#define PGEX_P		0x01	/* the page was present: a protection violation */
#define PGEX_W		0x02	/* a write */
#define PGEX_U		0x04	/* from user mode */
#define PGEX_RSV	0x08	/* a reserved bit was set in an entry */
#define PGEX_I		0x10	/* an instruction fetch */
#define PGEX_PK		0x20	/* protection key */

#endif
