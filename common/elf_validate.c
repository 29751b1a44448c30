/*
 * ELF64 validation: every check that must pass before a byte of a kernel is
 * loaded.  One place, one specific message per rejection, so a user who
 * boots a broken file learns exactly what is wrong and the loader (which
 * has touched nothing yet) can return to its prompt.
 *
 * All arithmetic on file-supplied values is overflow-checked: a hostile
 * header must not make us read outside the buffer.  Freestanding (no libc),
 * so it runs in the loader and in the host unit tests unchanged.
 */
#include <sanpo/elf64.h>
#include <sanpo/kvprintf.h>

#define PAGE_SIZE	4096ULL

/* Where a rejection's message goes (formatted by the shared printf). */
struct msg {
	char	*buf;
	size_t	 len;
};

static int
fail(struct msg *m, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int
fail(struct msg *m, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	kvsnprintf(m->buf, m->len, fmt, ap);
	va_end(ap);
	return (-1);
}

/* True when [off, off+len) lies inside a buffer of `size` bytes. */
static int
in_file(uint64_t off, uint64_t len, size_t size)
{
	return (off <= size && len <= size - off);
}

/*
 * exec: whether ET_DYN (static PIE) is accepted; hdrlen: bytes of the file
 * in the buffer (the program headers must lie within them).
 */
static int
check_header(const Elf64_Ehdr *eh, size_t hdrlen, int exec, struct msg *m)
{
	if (eh->e_ident[EI_CLASS] != ELFCLASS64) {
		return (fail(m, "not a 64-bit ELF file (class %u)", eh->e_ident[EI_CLASS]));
	}
	if (eh->e_ident[EI_DATA] != ELFDATA2LSB)
		return (fail(m, "not a little-endian ELF file"));
	if (eh->e_ident[EI_VERSION] != EV_CURRENT || eh->e_version != EV_CURRENT)
		return (fail(m, "unknown ELF version"));
	if (eh->e_machine != EM_X86_64)
		return (fail(m, "wrong machine type %u (expected 62, x86_64)", eh->e_machine));
	if (eh->e_type != ET_EXEC && !(exec && eh->e_type == ET_DYN))
		return (fail(m, "not an executable (ELF type %u, expected 2 ET_EXEC%s)",
		    eh->e_type, exec ? " or 3 ET_DYN" : ""));
	if (eh->e_ehsize < sizeof(Elf64_Ehdr))
		return (fail(m, "ELF header size field too small"));
	if (eh->e_phnum == 0)
		return (fail(m, "no program headers"));
	if (eh->e_phentsize != sizeof(Elf64_Phdr))
		return (fail(m, "program header entry size is not 56"));
	if (eh->e_phnum > ELF_MAX_PHNUM)
		return (fail(m, "too many program headers (%u)", eh->e_phnum));
	if ((eh->e_phoff & 7) != 0 ||
	    !in_file(eh->e_phoff, (uint64_t)eh->e_phnum * sizeof(Elf64_Phdr), hdrlen))
		return (fail(m, exec ? "program header table is not within the first page" :
		    "program header table extends past end of file"));
	return (0);
}

static int
check_segment(const Elf64_Phdr *ph, unsigned i, size_t size, struct msg *m)
{
	if (!in_file(ph->p_offset, ph->p_filesz, size))
		return (fail(m, "segment %u extends past end of file", i));
	if (ph->p_filesz > ph->p_memsz)
		return (fail(m, "segment %u has file size larger than memory size", i));
	if (ph->p_memsz == 0)
		return (fail(m, "segment %u is empty", i));
	if (ph->p_vaddr + ph->p_memsz < ph->p_vaddr ||
	    ph->p_vaddr + ph->p_memsz + PAGE_SIZE < ph->p_vaddr)
		return (fail(m, "segment %u wraps around the address space", i));
	if (ph->p_align > 1 && (ph->p_align & (ph->p_align - 1)) != 0)
		return (fail(m, "segment %u has an alignment that is not a power of two", i));
	if ((ph->p_vaddr - ph->p_offset) % PAGE_SIZE != 0)
		return (fail(m, "segment %u is not page-congruent (p_vaddr vs p_offset)", i));
	return (0);
}

static int
overlaps(const Elf64_Phdr *a, const Elf64_Phdr *b)
{
	return (a->p_vaddr < b->p_vaddr + b->p_memsz &&
	    b->p_vaddr < a->p_vaddr + a->p_memsz);
}

static int
check_segments(const Elf64_Phdr *ph, unsigned phnum, size_t size,
    struct elf_image *img, uint64_t max_span, struct msg *m)
{
	unsigned i, j;
	uint64_t lo = UINT64_MAX, hi = 0;

	img->nload = 0;
	for (i = 0; i < phnum; i++) {
		if (ph[i].p_type != PT_LOAD)
			continue;
		if (check_segment(&ph[i], i, size, m) != 0)
			return (-1);
		for (j = 0; j < i; j++) {
			if (ph[j].p_type == PT_LOAD && overlaps(&ph[i], &ph[j]))
				return (fail(m, "segments %u and %u overlap", j, i));
		}
		if (ph[i].p_vaddr < lo)
			lo = ph[i].p_vaddr;
		if (ph[i].p_vaddr + ph[i].p_memsz > hi)
			hi = ph[i].p_vaddr + ph[i].p_memsz;
		img->nload++;
	}
	if (img->nload == 0)
		return (fail(m, "no loadable segments"));
	img->vaddr_lo = lo & ~(PAGE_SIZE - 1);
	img->vaddr_hi = (hi + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
	if (img->vaddr_hi - img->vaddr_lo > max_span) {
		return (fail(m, "loaded size %llu bytes exceeds the limit of %llu bytes",
		    (unsigned long long)(img->vaddr_hi - img->vaddr_lo),
		    (unsigned long long)max_span));
	}
	return (0);
}

static int
check_entry(const Elf64_Phdr *ph, unsigned phnum, uint64_t entry, struct msg *m)
{
	unsigned i;

	for (i = 0; i < phnum; i++) {
		if (ph[i].p_type != PT_LOAD || (ph[i].p_flags & PF_X) == 0 ||
		    entry < ph[i].p_vaddr || entry - ph[i].p_vaddr >= ph[i].p_memsz)
			continue;
		/* Past p_filesz the segment is zeros: no code to start at. */
		if (entry - ph[i].p_vaddr < ph[i].p_filesz)
			return (0);
		return (fail(m, "entry point 0x%llx is in the zero-filled part of segment %u",
		    (unsigned long long)entry, i));
	}
	return (fail(m, "entry point 0x%llx is outside every executable segment",
	    (unsigned long long)entry));
}

/*
 * Symbols are optional: a stripped or oddly built kernel still boots, it
 * just prints addresses without names in a backtrace.  So nothing here
 * rejects the image; a bad section table only means "no symbols".
 */
static void
find_symbols(const unsigned char *base, const Elf64_Ehdr *eh, size_t size,
    struct elf_image *img)
{
	const Elf64_Shdr *sh;
	unsigned i;

	img->symtab_off = img->symtab_size = 0;
	img->strtab_off = img->strtab_size = 0;
	if (eh->e_shoff == 0 || eh->e_shnum == 0 ||
	    eh->e_shentsize != sizeof(Elf64_Shdr) || (eh->e_shoff & 7) != 0 ||
	    !in_file(eh->e_shoff, (uint64_t)eh->e_shnum * sizeof(Elf64_Shdr), size))
		return;
	sh = (const Elf64_Shdr *)(base + eh->e_shoff);
	for (i = 0; i < eh->e_shnum; i++) {
		const Elf64_Shdr *st;

		if (sh[i].sh_type != SHT_SYMTAB || sh[i].sh_link >= eh->e_shnum)
			continue;
		st = &sh[sh[i].sh_link];
		if (st->sh_type != SHT_STRTAB ||
		    sh[i].sh_entsize != sizeof(Elf64_Sym) ||
		    !in_file(sh[i].sh_offset, sh[i].sh_size, size) ||
		    !in_file(st->sh_offset, st->sh_size, size) ||
		    st->sh_size == 0 || base[st->sh_offset + st->sh_size - 1] != '\0')
			continue;
		img->symtab_off = sh[i].sh_offset;
		img->symtab_size = sh[i].sh_size - sh[i].sh_size % sizeof(Elf64_Sym);
		img->strtab_off = st->sh_offset;
		img->strtab_size = st->sh_size;
		return;
	}
}

/* The checks shared by kernels and programs; buf holds hdrlen bytes of a size-byte file. */
static int
validate(const void *buf, size_t hdrlen, uint64_t size, int exec, struct elf_image *img,
    struct msg *m)
{
	const unsigned char *p = buf;
	const Elf64_Ehdr *eh = buf;
	const Elf64_Phdr *ph;

	if (m->len > 0)
		m->buf[0] = '\0';
	if (size == 0)
		return (fail(m, "empty file (0 bytes)"));
	if (hdrlen < 4 || p[0] != 0x7f || p[1] != 'E' || p[2] != 'L' || p[3] != 'F')
		return (fail(m, "not an ELF file (bad magic)"));
	if (hdrlen < sizeof(Elf64_Ehdr)) {
		return (fail(m, "truncated: %zu bytes is shorter than the ELF header", hdrlen));
	}
	if (((uintptr_t)buf & 7) != 0)
		return (fail(m, "internal error: image buffer is misaligned"));
	if (check_header(eh, hdrlen, exec, m) != 0)
		return (-1);
	ph = (const Elf64_Phdr *)(p + eh->e_phoff);
	if (check_segments(ph, eh->e_phnum, size, img,
	    exec ? ELF_MAX_EXEC_SPAN : ELF_MAX_LOAD_SPAN, m) != 0)
		return (-1);
	if (check_entry(ph, eh->e_phnum, eh->e_entry, m) != 0)
		return (-1);
	img->entry = eh->e_entry;
	img->phdr = ph;
	img->phnum = eh->e_phnum;
	return (0);
}

int
elf64_validate(const void *buf, size_t size, struct elf_image *img,
    char *err, size_t errlen)
{
	struct msg m = { err, errlen };

	if (validate(buf, size, size, 0, img, &m) != 0)
		return (-1);
	find_symbols(buf, buf, size, img);
	return (0);
}

int
elf64_validate_exec(const void *hdr, size_t hdrlen, uint64_t filesize,
    struct elf_image *img, char *err, size_t errlen)
{
	struct msg m = { err, errlen };

	if (validate(hdr, hdrlen < filesize ? hdrlen : (size_t)filesize, filesize, 1,
	    img, &m) != 0)
		return (-1);
	img->symtab_off = img->symtab_size = img->strtab_off = img->strtab_size = 0;
	return (0);
}
