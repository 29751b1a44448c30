/*
 * The portable half of the kernel linker (sanpo/elf_obj.h): validating an
 * ELF64 relocatable object, laying its sections out in three segments,
 * resolving its symbols and applying its x86_64 relocations.  The model is
 * FreeBSD's link_elf_obj.c; unlike it, every field of the file is checked
 * here, once, before anything is allocated, so the steps after validation
 * can trust what they index and only a relocation that does not fit (which
 * depends on where things land) can still fail.
 *
 * Arithmetic on file values is overflow-checked: a hostile object must not
 * make us read or write outside the buffers.
 */
#include <string.h>
#include <sanpo/elf_obj.h>
#include <sanpo/kvprintf.h>

static int
fail(char *err, size_t errlen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static int
fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	kvsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return (-1);
}

/* True when [off, off+len) lies inside a buffer of `size` bytes. */
static int
in_file(uint64_t off, uint64_t len, uint64_t size)
{
	return (off <= size && len <= size - off);
}

/* --- names ------------------------------------------------------------------ */

static const struct {
	uint32_t	 type;
	unsigned	 width;		/* bytes written */
	const char	*name;
} relocs[] = {
	{ R_X86_64_NONE,	0, "R_X86_64_NONE" },
	{ R_X86_64_64,		8, "R_X86_64_64" },
	{ R_X86_64_PC32,	4, "R_X86_64_PC32" },
	{ R_X86_64_PLT32,	4, "R_X86_64_PLT32" },
	{ R_X86_64_32,		4, "R_X86_64_32" },
	{ R_X86_64_32S,		4, "R_X86_64_32S" },
	{ R_X86_64_PC64,	8, "R_X86_64_PC64" },
};

/* Types we know by name but do not apply (they need a GOT or are not C's). */
static const struct {
	uint32_t	 type;
	const char	*name;
} refused[] = {
	{ R_X86_64_GOT32, "R_X86_64_GOT32" },
	{ R_X86_64_GOTPCREL, "R_X86_64_GOTPCREL" },
	{ R_X86_64_16, "R_X86_64_16" },
	{ R_X86_64_PC16, "R_X86_64_PC16" },
	{ R_X86_64_8, "R_X86_64_8" },
	{ R_X86_64_PC8, "R_X86_64_PC8" },
	{ R_X86_64_GOTPCRELX, "R_X86_64_GOTPCRELX" },
	{ R_X86_64_REX_GOTPCRELX, "R_X86_64_REX_GOTPCRELX" },
};

static int
reloc_index(uint32_t type)
{
	size_t i;

	for (i = 0; i < sizeof(relocs) / sizeof(relocs[0]); i++)
		if (relocs[i].type == type)
			return ((int)i);
	return (-1);
}

const char *
elf_obj_reloc_name(uint32_t type)
{
	int i = reloc_index(type);

	return (i >= 0 ? relocs[i].name : NULL);
}

static const char *
refused_name(uint32_t type)
{
	size_t i;

	for (i = 0; i < sizeof(refused) / sizeof(refused[0]); i++)
		if (refused[i].type == type)
			return (refused[i].name);
	return ("unknown");
}

const char *
elf_obj_section_name(const struct elf_obj *o, unsigned i)
{
	if (i >= o->shnum || o->sh[i].sh_name >= o->shstrsz)
		return ("?");
	return (o->shstr + o->sh[i].sh_name);
}

const char *
elf_obj_symbol_name(const struct elf_obj *o, uint32_t i)
{
	const Elf64_Sym *s;

	if (i >= o->nsym)
		return ("?");
	s = &o->sym[i];
	if (ELF64_ST_TYPE(s->st_info) == STT_SECTION)
		return (elf_obj_section_name(o, s->st_shndx));
	return (o->str + s->st_name);	/* validated: inside, NUL-terminated table */
}

/* --- validation ---------------------------------------------------------- */

/* Sections placed in memory: SHF_ALLOC of a type we know how to load. */
static int
loaded(const Elf64_Shdr *sh)
{
	if ((sh->sh_flags & SHF_ALLOC) == 0)
		return (0);
	return (sh->sh_type == SHT_PROGBITS || sh->sh_type == SHT_NOBITS ||
	    sh->sh_type == SHT_NOTE || sh->sh_type == SHT_X86_64_UNWIND);
}

static int
is_c_identifier(const char *s)
{
	if (*s == '\0' || (*s >= '0' && *s <= '9'))
		return (0);
	for (; *s != '\0'; s++)
		if (!(*s == '_' || (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		    (*s >= '0' && *s <= '9')))
			return (0);
	return (1);
}

static int
check_header(const Elf64_Ehdr *eh, size_t size, char *err, size_t errlen)
{
	if (eh->e_ident[EI_CLASS] != ELFCLASS64)
		return (fail(err, errlen, "not a 64-bit ELF file (class %u)",
		    eh->e_ident[EI_CLASS]));
	if (eh->e_ident[EI_DATA] != ELFDATA2LSB)
		return (fail(err, errlen, "not a little-endian ELF file"));
	if (eh->e_ident[EI_VERSION] != EV_CURRENT || eh->e_version != EV_CURRENT)
		return (fail(err, errlen, "unknown ELF version"));
	if (eh->e_machine != EM_X86_64)
		return (fail(err, errlen, "wrong machine type %u (expected 62, x86_64)",
		    eh->e_machine));
	if (eh->e_type != ET_REL)
		return (fail(err, errlen,
		    "not a relocatable object (ELF type %u, expected 1 ET_REL)", eh->e_type));
	if (eh->e_ehsize < sizeof(Elf64_Ehdr))
		return (fail(err, errlen, "ELF header size field too small"));
	if (eh->e_shnum == 0 || eh->e_shoff == 0)
		return (fail(err, errlen, "no section headers"));
	if (eh->e_shentsize != sizeof(Elf64_Shdr))
		return (fail(err, errlen, "section header entry size is %u, not 64",
		    eh->e_shentsize));
	if (eh->e_shnum > ELF_OBJ_MAX_SHNUM)
		return (fail(err, errlen, "too many sections (%u)", eh->e_shnum));
	if ((eh->e_shoff & 7) != 0 ||
	    !in_file(eh->e_shoff, (uint64_t)eh->e_shnum * sizeof(Elf64_Shdr), size))
		return (fail(err, errlen, "section header table extends past end of file"));
	if (eh->e_shstrndx == SHN_UNDEF || eh->e_shstrndx >= eh->e_shnum)
		return (fail(err, errlen, "no section name table"));
	return (0);
}

/* A string table: inside the file and NUL-terminated at its end. */
static int
strtab_ok(const struct elf_obj *o, unsigned i)
{
	const Elf64_Shdr *s = &o->sh[i];

	return (s->sh_type == SHT_STRTAB && s->sh_size > 0 &&
	    in_file(s->sh_offset, s->sh_size, o->size) &&
	    o->file[s->sh_offset + s->sh_size - 1] == '\0');
}

static int
check_sections(struct elf_obj *o, char *err, size_t errlen)
{
	unsigned i, j, nsymtab = 0;
	uint64_t total = 0;

	for (i = 1; i < o->shnum; i++) {
		const Elf64_Shdr *s = &o->sh[i];
		const char *name = elf_obj_section_name(o, i);

		if (s->sh_name >= o->shstrsz)
			return (fail(err, errlen, "section %u has a name outside the name table", i));
		if (s->sh_type != SHT_NOBITS && !in_file(s->sh_offset, s->sh_size, o->size))
			return (fail(err, errlen, "section %u (%s) extends past end of file",
			    i, name));
		if (s->sh_type == SHT_SYMTAB)
			nsymtab++;
		if (s->sh_type == SHT_REL)
			return (fail(err, errlen,
			    "section %u (%s): REL relocations (x86_64 uses RELA)", i, name));
		if ((s->sh_flags & SHF_ALLOC) == 0)
			continue;
		if (s->sh_flags & SHF_TLS)
			return (fail(err, errlen,
			    "section %u (%s): thread-local storage is not supported", i, name));
		if (s->sh_type == SHT_INIT_ARRAY || s->sh_type == SHT_FINI_ARRAY ||
		    s->sh_type == SHT_PREINIT_ARRAY)
			return (fail(err, errlen, "section %u (%s): constructors are not "
			    "supported (use SYSINIT)", i, name));
		if (!loaded(s))
			return (fail(err, errlen, "section %u (%s) has unsupported type 0x%x",
			    i, name, s->sh_type));
		if ((s->sh_flags & SHF_WRITE) && (s->sh_flags & SHF_EXECINSTR))
			return (fail(err, errlen, "section %u (%s) is writable and executable",
			    i, name));
		if (s->sh_addralign > ELF_OBJ_PAGE ||
		    (s->sh_addralign & (s->sh_addralign - 1)) != 0)
			return (fail(err, errlen, "section %u (%s) has alignment %llu "
			    "(a power of two up to %llu expected)", i, name,
			    (unsigned long long)s->sh_addralign,
			    (unsigned long long)ELF_OBJ_PAGE));
		if (s->sh_size > ELF_OBJ_MAX_SIZE ||
		    (total += s->sh_size + s->sh_addralign) > ELF_OBJ_MAX_SIZE)
			return (fail(err, errlen, "loaded sections exceed %llu bytes",
			    (unsigned long long)ELF_OBJ_MAX_SIZE));
		/* __start_X/__stop_X name one section: a linker set is not split. */
		if (is_c_identifier(name))
			for (j = 1; j < i; j++)
				if (loaded(&o->sh[j]) &&
				    strcmp(elf_obj_section_name(o, j), name) == 0)
					return (fail(err, errlen, "section %s appears twice "
					    "(link the objects with ld -r)", name));
	}
	if (nsymtab != 1)
		return (fail(err, errlen, nsymtab == 0 ? "no symbol table" :
		    "more than one symbol table"));
	return (0);
}

static int
check_symtab(struct elf_obj *o, char *err, size_t errlen)
{
	const Elf64_Shdr *s;
	uint32_t i;

	for (i = 1; i < o->shnum && o->sh[i].sh_type != SHT_SYMTAB; i++)
		;
	s = &o->sh[i];
	o->symsec = i;
	if (s->sh_entsize != sizeof(Elf64_Sym) || s->sh_size % sizeof(Elf64_Sym) != 0 ||
	    (s->sh_offset & 7) != 0)
		return (fail(err, errlen, "symbol table entries are not 24 bytes"));
	if (s->sh_size / sizeof(Elf64_Sym) > ELF_OBJ_MAX_SYMS)
		return (fail(err, errlen, "too many symbols"));
	if (s->sh_link == 0 || s->sh_link >= o->shnum || !strtab_ok(o, s->sh_link))
		return (fail(err, errlen, "symbol table has no valid string table"));
	o->sym = (const Elf64_Sym *)(o->file + s->sh_offset);
	o->nsym = (uint32_t)(s->sh_size / sizeof(Elf64_Sym));
	o->str = (const char *)o->file + o->sh[s->sh_link].sh_offset;
	o->strsz = o->sh[s->sh_link].sh_size;
	for (i = 1; i < o->nsym; i++) {
		const Elf64_Sym *y = &o->sym[i];

		if (y->st_name >= o->strsz)
			return (fail(err, errlen, "symbol %u has a name outside the string table", i));
		if (ELF64_ST_TYPE(y->st_info) == STT_TLS)
			return (fail(err, errlen, "symbol '%s' is thread-local: not supported",
			    o->str + y->st_name));
		if (y->st_shndx == SHN_COMMON)
			return (fail(err, errlen, "common symbol '%s' (build with -fno-common)",
			    o->str + y->st_name));
		if (y->st_shndx == SHN_UNDEF || y->st_shndx == SHN_ABS)
			continue;
		if (y->st_shndx >= o->shnum)
			return (fail(err, errlen, "symbol '%s' is in section %u, which does not exist",
			    o->str + y->st_name, y->st_shndx));
		if (loaded(&o->sh[y->st_shndx]) && y->st_value > o->sh[y->st_shndx].sh_size)
			return (fail(err, errlen, "symbol '%s' lies outside its section",
			    o->str + y->st_name));
	}
	return (0);
}

static int
check_relocs(const struct elf_obj *o, char *err, size_t errlen)
{
	unsigned i;
	uint64_t j, n;

	for (i = 1; i < o->shnum; i++) {
		const Elf64_Shdr *s = &o->sh[i], *t;
		const Elf64_Rela *r;

		if (s->sh_type != SHT_RELA)
			continue;
		if (s->sh_info == 0 || s->sh_info >= o->shnum)
			return (fail(err, errlen, "relocation section %u applies to no section", i));
		t = &o->sh[s->sh_info];
		if (!loaded(t))
			continue;	/* debugging information: not loaded, not relocated */
		if (s->sh_link != o->symsec)
			return (fail(err, errlen, "relocation section %u uses another symbol table", i));
		if (s->sh_entsize != sizeof(Elf64_Rela) || s->sh_size % sizeof(Elf64_Rela) != 0 ||
		    (s->sh_offset & 7) != 0)
			return (fail(err, errlen, "relocation section %u: entries are not 24 bytes", i));
		r = (const Elf64_Rela *)(o->file + s->sh_offset);
		n = s->sh_size / sizeof(Elf64_Rela);
		for (j = 0; j < n; j++) {
			uint32_t type = ELF64_R_TYPE(r[j].r_info);
			uint32_t sym = ELF64_R_SYM(r[j].r_info);
			int k = reloc_index(type);

			if (k < 0)
				return (fail(err, errlen, "relocation type %u (%s) at %s+0x%llx "
				    "is not supported", type, refused_name(type),
				    elf_obj_section_name(o, s->sh_info),
				    (unsigned long long)r[j].r_offset));
			if (sym >= o->nsym)
				return (fail(err, errlen, "relocation at %s+0x%llx names symbol %u, "
				    "which does not exist", elf_obj_section_name(o, s->sh_info),
				    (unsigned long long)r[j].r_offset, sym));
			if (t->sh_type == SHT_NOBITS && type != R_X86_64_NONE)
				return (fail(err, errlen, "relocation in %s, which has no bytes",
				    elf_obj_section_name(o, s->sh_info)));
			if (!in_file(r[j].r_offset, relocs[k].width, t->sh_size))
				return (fail(err, errlen, "relocation at %s+0x%llx lies outside "
				    "the section", elf_obj_section_name(o, s->sh_info),
				    (unsigned long long)r[j].r_offset));
		}
	}
	return (0);
}

int
elf_obj_validate(const void *buf, size_t size, struct elf_obj *o, char *err, size_t errlen)
{
	const uint8_t *p = buf;
	const Elf64_Ehdr *eh = buf;

	if (errlen > 0)
		err[0] = '\0';
	memset(o, 0, sizeof(*o));
	if (size == 0)
		return (fail(err, errlen, "empty file (0 bytes)"));
	if (size < 4 || p[0] != 0x7f || p[1] != 'E' || p[2] != 'L' || p[3] != 'F')
		return (fail(err, errlen, "not an ELF file (bad magic)"));
	if (size < sizeof(Elf64_Ehdr))
		return (fail(err, errlen, "truncated: %llu bytes is shorter than the ELF header",
		    (unsigned long long)size));
	if (((uintptr_t)buf & 7) != 0)
		return (fail(err, errlen, "internal error: object buffer is misaligned"));
	if (check_header(eh, size, err, errlen) != 0)
		return (-1);
	o->file = p;
	o->size = size;
	o->sh = (const Elf64_Shdr *)(p + eh->e_shoff);
	o->shnum = eh->e_shnum;
	if (!strtab_ok(o, eh->e_shstrndx))
		return (fail(err, errlen, "the section name table is not a valid string table"));
	o->shstr = (const char *)p + o->sh[eh->e_shstrndx].sh_offset;
	o->shstrsz = o->sh[eh->e_shstrndx].sh_size;
	if (check_sections(o, err, errlen) != 0 || check_symtab(o, err, errlen) != 0 ||
	    check_relocs(o, err, errlen) != 0)
		return (-1);
	return (0);
}

/* --- layout and load ----------------------------------------------------- */

static enum elf_obj_seg
segment_of(const Elf64_Shdr *s)
{
	if (s->sh_flags & SHF_EXECINSTR)
		return (ELF_OBJ_TEXT);
	if (s->sh_flags & SHF_WRITE)
		return (ELF_OBJ_DATA);
	return (ELF_OBJ_RODATA);
}

void
elf_obj_layout(struct elf_obj *o, uint64_t *sect_off)
{
	uint64_t off = 0, align;
	unsigned i, seg, bss;

	for (i = 0; i < o->shnum; i++)
		sect_off[i] = ELF_OBJ_NOT_LOADED;
	for (seg = 0; seg < ELF_OBJ_NSEG; seg++) {
		o->seg[seg].off = off;
		/* Within data, bytes from the file first, then the zero-filled. */
		for (bss = 0; bss < 2; bss++)
			for (i = 1; i < o->shnum; i++) {
				const Elf64_Shdr *s = &o->sh[i];

				if (!loaded(s) || segment_of(s) != seg ||
				    (s->sh_type == SHT_NOBITS) != bss)
					continue;
				align = s->sh_addralign > 1 ? s->sh_addralign : 1;
				off = (off + align - 1) & ~(align - 1);
				sect_off[i] = off;
				off += s->sh_size;
			}
		off = (off + ELF_OBJ_PAGE - 1) & ~(ELF_OBJ_PAGE - 1);
		o->seg[seg].size = off - o->seg[seg].off;
	}
	o->total = off;
}

void
elf_obj_load(const struct elf_obj *o, const uint64_t *sect_off, void *image)
{
	uint8_t *img = image;
	unsigned i;

	memset(img, 0, o->total);
	for (i = 1; i < o->shnum; i++)
		if (sect_off[i] != ELF_OBJ_NOT_LOADED && o->sh[i].sh_type != SHT_NOBITS)
			memcpy(img + sect_off[i], o->file + o->sh[i].sh_offset, o->sh[i].sh_size);
}

int
elf_obj_find_section(const struct elf_obj *o, const uint64_t *sect_off, const char *name)
{
	unsigned i;

	for (i = 1; i < o->shnum; i++)
		if (sect_off[i] != ELF_OBJ_NOT_LOADED &&
		    strcmp(elf_obj_section_name(o, i), name) == 0)
			return ((int)i);
	return (-1);
}

/* --- symbols --------------------------------------------------------------- */

/* GNU ld's __start_X / __stop_X for a section X of the object: 0 if so. */
static int
section_bound(const struct elf_obj *o, const uint64_t *sect_off, uint64_t base,
    const char *name, uint64_t *value)
{
	int stop, i;

	if (strncmp(name, "__start_", 8) == 0)
		stop = 0;
	else if (strncmp(name, "__stop_", 7) == 0)
		stop = 1;
	else
		return (-1);
	if ((i = elf_obj_find_section(o, sect_off, name + (stop ? 7 : 8))) < 0)
		return (-1);
	*value = base + sect_off[i] + (stop ? o->sh[i].sh_size : 0);
	return (0);
}

int
elf_obj_resolve(const struct elf_obj *o, const uint64_t *sect_off, uint64_t base,
    elf_obj_lookup_t *lookup, void *arg, uint64_t *symval, char *err, size_t errlen)
{
	uint32_t i;

	symval[0] = 0;
	for (i = 1; i < o->nsym; i++) {
		const Elf64_Sym *s = &o->sym[i];
		const char *name = o->str + s->st_name;

		symval[i] = 0;
		if (s->st_shndx == SHN_ABS)
			symval[i] = s->st_value;
		else if (s->st_shndx != SHN_UNDEF) {
			/* In a section not loaded (debugging): relocate() refuses its use. */
			if (sect_off[s->st_shndx] != ELF_OBJ_NOT_LOADED)
				symval[i] = base + sect_off[s->st_shndx] + s->st_value;
		} else if (section_bound(o, sect_off, base, name, &symval[i]) == 0)
			continue;
		else if (lookup == NULL)
			continue;
		else if (lookup(arg, name, &symval[i]) != 0) {
			symval[i] = 0;
			if (ELF64_ST_BIND(s->st_info) != STB_WEAK)
				return (fail(err, errlen, "undefined symbol '%s'", name));
		}
	}
	return (0);
}

/* --- relocation ------------------------------------------------------------ */

static void
put_le(uint8_t *p, uint64_t v, unsigned width)
{
	unsigned i;

	for (i = 0; i < width; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

/* Applies one relocation: 0, or -1 when the value does not fit. */
static int
apply(uint32_t type, uint8_t *where, uint64_t S, int64_t A, uint64_t P)
{
	uint64_t v;

	switch (type) {
	case R_X86_64_NONE:
		return (0);
	case R_X86_64_64:
		put_le(where, S + (uint64_t)A, 8);
		return (0);
	case R_X86_64_PC64:
		put_le(where, S + (uint64_t)A - P, 8);
		return (0);
	case R_X86_64_PC32:
	case R_X86_64_PLT32:	/* no PLT: a direct call */
	case R_X86_64_32S:
		v = S + (uint64_t)A - (type == R_X86_64_32S ? 0 : P);
		if ((int64_t)v != (int64_t)(int32_t)(uint32_t)v)
			return (-1);
		put_le(where, v, 4);
		return (0);
	case R_X86_64_32:
		v = S + (uint64_t)A;
		if (v > UINT32_MAX)
			return (-1);
		put_le(where, v, 4);
		return (0);
	}
	return (-1);	/* validation let nothing else through */
}

int
elf_obj_relocate(const struct elf_obj *o, const uint64_t *sect_off, void *image,
    uint64_t base, const uint64_t *symval, int local_only, char *err, size_t errlen)
{
	uint8_t *img = image;
	unsigned i;
	uint64_t j, n;

	for (i = 1; i < o->shnum; i++) {
		const Elf64_Shdr *s = &o->sh[i];
		const Elf64_Rela *r;
		unsigned t = s->sh_info;

		if (s->sh_type != SHT_RELA || t >= o->shnum || sect_off[t] == ELF_OBJ_NOT_LOADED)
			continue;
		r = (const Elf64_Rela *)(o->file + s->sh_offset);
		n = s->sh_size / sizeof(Elf64_Rela);
		for (j = 0; j < n; j++) {
			uint32_t type = ELF64_R_TYPE(r[j].r_info), k = ELF64_R_SYM(r[j].r_info);
			const Elf64_Sym *y = &o->sym[k];
			uint64_t off = sect_off[t] + r[j].r_offset;

			if (k != 0 && y->st_shndx == SHN_UNDEF && local_only)
				continue;
			if (k != 0 && y->st_shndx != SHN_UNDEF && y->st_shndx != SHN_ABS &&
			    sect_off[y->st_shndx] == ELF_OBJ_NOT_LOADED)
				return (fail(err, errlen, "relocation at %s+0x%llx refers to "
				    "section %s, which is not loaded", elf_obj_section_name(o, t),
				    (unsigned long long)r[j].r_offset,
				    elf_obj_section_name(o, y->st_shndx)));
			if (apply(type, img + off, symval[k], r[j].r_addend, base + off) != 0)
				return (fail(err, errlen, "relocation %s at %s+0x%llx against "
				    "'%s' does not fit (0x%llx%+lld)", elf_obj_reloc_name(type),
				    elf_obj_section_name(o, t), (unsigned long long)r[j].r_offset,
				    elf_obj_symbol_name(o, k), (unsigned long long)symval[k],
				    (long long)r[j].r_addend));
		}
	}
	return (0);
}
