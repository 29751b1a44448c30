/*
 * The ELF image activator: static ELF64 x86_64 programs, ET_EXEC at their
 * link address or ET_DYN (static PIE) at ELF_ET_DYN_BASE, mapped from the
 * file into the new address space (text and data are the file's pages
 * until written; bss is zero-filled memory).  common/elf_validate.c checks
 * the headers first, with one specific reason per refusal.  A program
 * that needs a dynamic linker (PT_INTERP) is refused with ENOEXEC: there
 * is no dynamic linking yet.
 */
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/imgact.h>
#include <sys/proc.h>
#include <sanpo/elf64.h>
#include <machine/vmparam.h>
#include <vm/vm_map.h>

/* Linux's load address for a position-independent executable (no ASLR). */
#define ELF_ET_DYN_BASE	0x555555554000ULL

static vm_prot_t
segment_prot(uint32_t flags)
{
	return (((flags & PF_R) ? VM_PROT_READ : 0) | ((flags & PF_W) ? VM_PROT_WRITE : 0) |
	    ((flags & PF_X) ? VM_PROT_EXECUTE : 0));
}

/*
 * One PT_LOAD: the file's part as a private mapping of the file, the rest
 * as zero-filled memory.  The part of the last file page past p_filesz is
 * zeroed afterwards (it is file content, but bss in memory).
 */
static int
map_segment(struct image_params *imgp, const Elf64_Phdr *ph, uint64_t base)
{
	struct vm_map *map = &imgp->vmspace->vm_map;
	vm_prot_t prot = segment_prot(ph->p_flags);
	uint64_t va = ph->p_vaddr + base, start = trunc_page(va);
	uint64_t file_end = va + ph->p_filesz, mem_end = va + ph->p_memsz;
	uint64_t fend = ph->p_filesz ? round_page(file_end) : start;
	uint64_t mend = round_page(mem_end);
	int error = 0;

	sx_xlock(&map->lock);
	if (fend > start) {
		vm_map_delete(map, start, fend);
		error = vm_map_insert(map, imgp->object, imgp->file, trunc_page(ph->p_offset),
		    start, fend, prot, VM_PROT_ALL, 0);
	}
	if (error == 0 && mend > fend) {
		vm_map_delete(map, fend, mend);
		error = vm_map_insert(map, NULL, NULL, 0, fend, mend, prot, VM_PROT_ALL, 0);
	}
	sx_xunlock(&map->lock);
	if (error == 0 && ph->p_memsz > ph->p_filesz && ph->p_filesz > 0 &&
	    (file_end & PAGE_MASK) != 0 && (prot & VM_PROT_WRITE))
		error = vm_map_write(map, file_end, NULL, fend - file_end);
	return (error);
}

/* Where the program headers are in memory: PT_PHDR, or inside a loaded segment. */
static uint64_t
phdr_address(const Elf64_Ehdr *eh, const Elf64_Phdr *ph, uint64_t base)
{
	unsigned i;

	for (i = 0; i < eh->e_phnum; i++)
		if (ph[i].p_type == PT_PHDR)
			return (ph[i].p_vaddr + base);
	for (i = 0; i < eh->e_phnum; i++)
		if (ph[i].p_type == PT_LOAD && eh->e_phoff >= ph[i].p_offset &&
		    eh->e_phoff - ph[i].p_offset < ph[i].p_filesz)
			return (ph[i].p_vaddr + (eh->e_phoff - ph[i].p_offset) + base);
	return (0);
}

int
exec_elf_activate(struct image_params *imgp)
{
	const Elf64_Ehdr *eh = (const Elf64_Ehdr *)imgp->hdr;
	const uint8_t *h = imgp->hdr;
	struct elf_image img;
	uint64_t base, lo, hi;
	unsigned i;
	int error;

	if (imgp->hdrlen < 4 || h[0] != 0x7f || h[1] != 'E' || h[2] != 'L' || h[3] != 'F')
		return (-1);
	if (elf64_validate_exec(imgp->hdr, imgp->hdrlen, imgp->filesize, &img,
	    imgp->reason, sizeof(imgp->reason)) != 0)
		return (ENOEXEC);
	for (i = 0; i < img.phnum; i++) {
		if (img.phdr[i].p_type == PT_INTERP) {
			strlcpy(imgp->reason, "dynamically linked (PT_INTERP): only static "
			    "programs run", sizeof(imgp->reason));
			return (ENOEXEC);
		}
		if (img.phdr[i].p_type == PT_GNU_STACK)
			imgp->stack_exec = (img.phdr[i].p_flags & PF_X) != 0;
	}
	base = eh->e_type == ET_DYN ? ELF_ET_DYN_BASE : 0;
	lo = img.vaddr_lo + base;
	hi = img.vaddr_hi + base;
	if (lo < VM_MIN_ADDRESS || hi > VM_MAXUSER_ADDRESS || hi < lo) {
		strlcpy(imgp->reason, "segments lie outside user space", sizeof(imgp->reason));
		return (ENOEXEC);
	}
	for (i = 0; i < img.phnum; i++) {
		if (img.phdr[i].p_type != PT_LOAD)
			continue;
		if ((error = map_segment(imgp, &img.phdr[i], base)) != 0)
			return (error);
	}
	imgp->base = base;
	imgp->entry = img.entry + base;
	imgp->phdr = phdr_address(eh, img.phdr, base);
	imgp->phnum = img.phnum;
	imgp->brk = hi;
	return (0);
}
