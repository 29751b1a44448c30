/*
 * Linking an ELF64 relocatable object (ET_REL, a FreeBSD-style .ko) into
 * memory: the portable half of the kernel linker, shared by the kernel
 * (kern/kern_linker.c), the loader (which reads a module's metadata to find
 * its dependencies) and the host tests, which check the result against GNU
 * ld's for the same layout.  Freestanding: nothing here allocates; the
 * caller provides the arrays whose sizes validation reports.
 *
 * The steps, in order:
 *
 *   elf_obj_validate()  every check on the file, before anything is
 *                       allocated: one specific reason per refusal;
 *   elf_obj_layout()    places the loaded sections in three page-aligned
 *                       segments (text RX, rodata R, data+bss RW);
 *   elf_obj_load()      copies the section bytes into the image;
 *   elf_obj_resolve()   gives every symbol its value (undefined ones
 *                       through the caller's lookup);
 *   elf_obj_relocate()  applies the relocations, refusing any value that
 *                       does not fit its field.
 *
 * `image` is where the bytes are written (any writable alias) and `base`
 * is the address they will run at; they need not be the same.
 */
#ifndef SANPO_ELF_OBJ_H
#define SANPO_ELF_OBJ_H

#include <stddef.h>
#include <stdint.h>
#include <sanpo/elf64.h>

#define ELF_OBJ_MAX_SHNUM	4096		/* sections in one object */
#define ELF_OBJ_MAX_SYMS	(1u << 20)	/* symbols in one object */
#define ELF_OBJ_MAX_SIZE	(64ULL << 20)	/* bytes of loaded sections */
#define ELF_OBJ_PAGE		4096ULL
#define ELF_OBJ_NOT_LOADED	UINT64_MAX	/* sect_off[] of a section not loaded */

/* The three segments, in address order: each its own page protection. */
enum elf_obj_seg {
	ELF_OBJ_TEXT,		/* executable, read-only */
	ELF_OBJ_RODATA,		/* read-only, not executable */
	ELF_OBJ_DATA,		/* writable (data, then bss), not executable */
	ELF_OBJ_NSEG
};

struct elf_obj {
	const uint8_t		*file;		/* the object's bytes */
	size_t			 size;
	const Elf64_Shdr	*sh;		/* section headers (in file) */
	unsigned		 shnum;
	const char		*shstr;		/* section names */
	uint64_t		 shstrsz;
	unsigned		 symsec;	/* index of the SHT_SYMTAB section */
	const Elf64_Sym		*sym;		/* symbols (in file) */
	uint32_t		 nsym;
	const char		*str;		/* their names */
	uint64_t		 strsz;
	/* Filled by elf_obj_layout(): offsets from the image base. */
	struct {
		uint64_t	 off;		/* page aligned */
		uint64_t	 size;		/* bytes, a page multiple (0: empty) */
	} seg[ELF_OBJ_NSEG];
	uint64_t		 total;		/* bytes of the whole image */
};

/*
 * Checks that buf[0..size) is an x86_64 ELF64 relocatable object this
 * linker can load: header, section table and every section inside the
 * file, one symbol table with its strings, every symbol's section and
 * name, RELA sections only, each relocation of a loaded section of a type
 * we apply (R_X86_64_NONE/64/PC32/PLT32/32/32S/PC64) inside its section
 * against an existing symbol, no TLS, no common symbols, no constructors,
 * no writable code, a sane total size.  0 and *o filled, or -1 and one
 * reason in err.  buf must be 8-byte aligned; nothing outside it is read.
 */
int	elf_obj_validate(const void *buf, size_t size, struct elf_obj *o,
	    char *err, size_t errlen);

/* sect_off[o->shnum]: each loaded section's offset, ELF_OBJ_NOT_LOADED otherwise. */
void	elf_obj_layout(struct elf_obj *o, uint64_t *sect_off);

/* Copies the sections into image[0..o->total) and zeroes the rest. */
void	elf_obj_load(const struct elf_obj *o, const uint64_t *sect_off, void *image);

/*
 * Finds an undefined symbol's value: 0 and *value, or -1 when unknown.
 * Never called for __start_X/__stop_X when the object has a section X:
 * those are its bounds, as GNU ld defines them.
 */
typedef int elf_obj_lookup_t(void *arg, const char *name, uint64_t *value);

/*
 * symval[o->nsym]: every symbol's address when the image runs at base.
 * With lookup NULL undefined symbols are left 0 (for elf_obj_relocate's
 * local pass).  An undefined non-weak symbol lookup does not know is an
 * error ("undefined symbol 'foo'"); a weak one is 0.
 */
int	elf_obj_resolve(const struct elf_obj *o, const uint64_t *sect_off, uint64_t base,
	    elf_obj_lookup_t *lookup, void *arg, uint64_t *symval, char *err, size_t errlen);

/*
 * Applies the relocations of every loaded section.  local_only: only
 * those against symbols the object defines (enough to read its own data
 * structures, e.g. module metadata, before its dependencies are known);
 * a later full pass rewrites them identically.  -1 and a reason when a
 * value does not fit its field or a symbol lives in a section not loaded.
 */
int	elf_obj_relocate(const struct elf_obj *o, const uint64_t *sect_off, void *image,
	    uint64_t base, const uint64_t *symval, int local_only, char *err, size_t errlen);

/* Helpers for callers walking an object. */
const char *elf_obj_section_name(const struct elf_obj *o, unsigned i);
const char *elf_obj_symbol_name(const struct elf_obj *o, uint32_t i);
int	elf_obj_find_section(const struct elf_obj *o, const uint64_t *sect_off,
	    const char *name);			/* a loaded section's index, or -1 */
const char *elf_obj_reloc_name(uint32_t type);	/* "R_X86_64_PC32", NULL if unknown */

#endif /* SANPO_ELF_OBJ_H */
