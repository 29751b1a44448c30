/*
 * ELF64 file format (the parts Sanpo reads) and the validator's interface.
 *
 * The structures follow the System V ABI / x86-64 psABI layouts.  The
 * validator (common/elf_validate.c) checks an image held in memory before
 * anything is loaded from it; it is freestanding and shared by the loader
 * and the host unit tests.
 */
#ifndef SANPO_ELF64_H
#define SANPO_ELF64_H

#include <stddef.h>
#include <stdint.h>

#define EI_NIDENT	16
#define EI_CLASS	4
#define EI_DATA		5
#define EI_VERSION	6
#define ELFCLASS64	2
#define ELFDATA2LSB	1
#define EV_CURRENT	1
#define ET_REL		1
#define ET_EXEC		2
#define ET_DYN		3
#define EM_X86_64	62

#define PT_NULL		0
#define PT_LOAD		1
#define PT_INTERP	3		/* a dynamic linker's path: dynamically linked */
#define PT_PHDR		6		/* the program header table, when loaded */
#define PT_TLS		7		/* the thread-local storage template */
#define PT_GNU_STACK	0x6474e551	/* p_flags: the stack's permissions */
#define PT_GNU_RELRO	0x6474e552	/* made read-only after relocation (by libc) */
#define PF_X		0x1
#define PF_W		0x2
#define PF_R		0x4

#define SHT_NULL	0
#define SHT_PROGBITS	1
#define SHT_SYMTAB	2
#define SHT_STRTAB	3
#define SHT_RELA	4
#define SHT_NOTE	7
#define SHT_NOBITS	8
#define SHT_REL		9
#define SHT_INIT_ARRAY	14
#define SHT_FINI_ARRAY	15
#define SHT_PREINIT_ARRAY 16
#define SHT_GROUP	17
#define SHT_X86_64_UNWIND 0x70000001	/* .eh_frame on x86_64 */

#define SHF_WRITE	0x1
#define SHF_ALLOC	0x2
#define SHF_EXECINSTR	0x4
#define SHF_TLS		0x400

/* Special section indices in st_shndx. */
#define SHN_UNDEF	0
#define SHN_LORESERVE	0xff00
#define SHN_ABS		0xfff1
#define SHN_COMMON	0xfff2
#define SHN_XINDEX	0xffff

typedef struct {
	unsigned char	e_ident[EI_NIDENT];	/* magic, class, data, version... */
	uint16_t	e_type;		/* ET_EXEC */
	uint16_t	e_machine;	/* EM_X86_64 */
	uint32_t	e_version;	/* EV_CURRENT */
	uint64_t	e_entry;	/* virtual entry point */
	uint64_t	e_phoff;	/* program header table file offset */
	uint64_t	e_shoff;	/* section header table file offset */
	uint32_t	e_flags;
	uint16_t	e_ehsize;	/* sizeof(Elf64_Ehdr) */
	uint16_t	e_phentsize;	/* sizeof(Elf64_Phdr) */
	uint16_t	e_phnum;
	uint16_t	e_shentsize;	/* sizeof(Elf64_Shdr) */
	uint16_t	e_shnum;
	uint16_t	e_shstrndx;
} Elf64_Ehdr;

typedef struct {
	uint32_t	p_type;		/* PT_LOAD... */
	uint32_t	p_flags;	/* PF_R | PF_W | PF_X */
	uint64_t	p_offset;	/* file offset of the segment's bytes */
	uint64_t	p_vaddr;	/* virtual address */
	uint64_t	p_paddr;	/* physical address (ignored: the loader chooses) */
	uint64_t	p_filesz;	/* bytes in the file */
	uint64_t	p_memsz;	/* bytes in memory (rest zero-filled) */
	uint64_t	p_align;
} Elf64_Phdr;

typedef struct {
	uint32_t	sh_name;
	uint32_t	sh_type;	/* SHT_SYMTAB... */
	uint64_t	sh_flags;
	uint64_t	sh_addr;
	uint64_t	sh_offset;	/* file offset */
	uint64_t	sh_size;	/* bytes */
	uint32_t	sh_link;	/* for SHT_SYMTAB: index of its string table */
	uint32_t	sh_info;
	uint64_t	sh_addralign;
	uint64_t	sh_entsize;
} Elf64_Shdr;

typedef struct {
	uint32_t	st_name;	/* offset in the string table */
	unsigned char	st_info;	/* type (low 4 bits) and binding */
	unsigned char	st_other;
	uint16_t	st_shndx;
	uint64_t	st_value;	/* address */
	uint64_t	st_size;	/* bytes */
} Elf64_Sym;

#define ELF64_ST_TYPE(i)	((i) & 0xf)
#define ELF64_ST_BIND(i)	((i) >> 4)
#define STT_NOTYPE		0
#define STT_OBJECT		1
#define STT_FUNC		2
#define STT_SECTION		3
#define STT_FILE		4
#define STT_TLS			6
#define STB_LOCAL		0
#define STB_GLOBAL		1
#define STB_WEAK		2

/* A relocation with an explicit addend (x86_64 objects use only these). */
typedef struct {
	uint64_t	r_offset;	/* where, from the start of the target section */
	uint64_t	r_info;		/* symbol index << 32 | type */
	int64_t		r_addend;	/* A */
} Elf64_Rela;

#define ELF64_R_SYM(i)		((uint32_t)((i) >> 32))
#define ELF64_R_TYPE(i)		((uint32_t)((i) & 0xffffffff))

/* x86_64 psABI relocation types (S symbol, A addend, P place). */
#define R_X86_64_NONE		0	/* nothing */
#define R_X86_64_64		1	/* S + A, 64 bits */
#define R_X86_64_PC32		2	/* S + A - P, signed 32 */
#define R_X86_64_GOT32		3
#define R_X86_64_PLT32		4	/* L + A - P: S + A - P without a PLT */
#define R_X86_64_GOTPCREL	9
#define R_X86_64_32		10	/* S + A, zero-extended 32 */
#define R_X86_64_32S		11	/* S + A, sign-extended 32 */
#define R_X86_64_16		12
#define R_X86_64_PC16		13
#define R_X86_64_8		14
#define R_X86_64_PC8		15
#define R_X86_64_PC64		24	/* S + A - P, 64 bits */
#define R_X86_64_GOTPCRELX	41
#define R_X86_64_REX_GOTPCRELX	42

/* Limits the validator enforces on top of the format's own rules. */
#define ELF_MAX_PHNUM		64		/* program headers */
#define ELF_MAX_LOAD_SPAN	(256ULL << 20)	/* lowest to highest loaded byte */
#define ELF_MAX_EXEC_SPAN	(64ULL << 30)	/* the same for a user program */

/* What the validator learned about a valid image; offsets index the buffer. */
struct elf_image {
	uint64_t		entry;		/* e_entry */
	uint64_t		vaddr_lo;	/* lowest PT_LOAD address, page aligned down */
	uint64_t		vaddr_hi;	/* end of the highest PT_LOAD, page aligned up */
	const Elf64_Phdr	*phdr;		/* program header table inside the buffer */
	unsigned		phnum;		/* entries in phdr */
	unsigned		nload;		/* PT_LOAD entries among them */
	uint64_t		symtab_off;	/* SHT_SYMTAB bytes, 0 if none usable */
	uint64_t		symtab_size;
	uint64_t		strtab_off;	/* its string table */
	uint64_t		strtab_size;
};

/*
 * Check that buf[0..size) is an ELF64 x86_64 executable that can be loaded
 * safely: header fields, program header table and every PT_LOAD inside the
 * file, p_filesz <= p_memsz, no wrap-around, no overlapping segments, a sane
 * total size, and the entry point inside an executable loaded segment.
 *
 * Returns 0 and fills *img, or -1 and writes one specific reason into err
 * ("segment 2 extends past end of file").  Reads nothing outside buf.
 */
int	elf64_validate(const void *buf, size_t size, struct elf_image *img,
	    char *err, size_t errlen);

/*
 * The same checks for a user program (the kernel's exec): ET_EXEC or ET_DYN
 * (static PIE); hdr holds the first hdrlen bytes of a filesize-byte file
 * and must contain the program headers.  img's symbol fields are zero.
 */
int	elf64_validate_exec(const void *hdr, size_t hdrlen, uint64_t filesize,
	    struct elf_image *img, char *err, size_t errlen);

#endif /* SANPO_ELF64_H */
