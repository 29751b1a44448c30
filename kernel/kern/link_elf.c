/*
 * The kernel's own symbols, as the loader passed them (the ELF symbol
 * table of /boot/kernel/kernel and its strings, in boot data the kernel
 * never reuses): by name for the linker, which resolves a module's
 * undefined symbols against the kernel's global ones, and by address for
 * backtraces.  FreeBSD's link_elf.c plays this part for its kernel file.
 *
 * The names are hashed once at SI_SUB_KLD; a kernel without a symbol
 * table still runs, and then loads only modules that need nothing from it.
 */
#include <sys/systm.h>
#include <sys/linker.h>
#include <sys/malloc.h>
#include <machine/vmparam.h>

MALLOC_DECLARE(M_LINKER);

static const Elf64_Sym	*ksyms;		/* the table, through the direct map */
static uint64_t		 nksyms;
static const char	*kstr;
static uint64_t		 kstrsz;
static uint32_t		*khash;		/* bucket -> first symbol index + 1 */
static uint32_t		*kchain;	/* symbol -> next in its bucket + 1 */
static uint32_t		 nbuckets;

static uint32_t
name_hash(const char *s)
{
	uint32_t h = 2166136261u;	/* FNV-1a */

	for (; *s != '\0'; s++)
		h = (h ^ (uint8_t)*s) * 16777619u;
	return (h);
}

static int
exported(const Elf64_Sym *s)
{
	int bind = ELF64_ST_BIND(s->st_info);

	return ((bind == STB_GLOBAL || bind == STB_WEAK) && s->st_shndx != SHN_UNDEF &&
	    s->st_name != 0 && s->st_name < kstrsz);
}

void
linker_kernel_symbols_init(void)
{
	uint64_t i;
	uint32_t b, n = 0;

	if (bootinfo.symtab == 0 || bootinfo.strtab == 0 || bootinfo.strtab_size == 0)
		return;
	ksyms = (const Elf64_Sym *)PHYS_TO_DMAP(bootinfo.symtab);
	nksyms = bootinfo.symtab_size / sizeof(Elf64_Sym);
	kstr = (const char *)PHYS_TO_DMAP(bootinfo.strtab);
	kstrsz = bootinfo.strtab_size;
	if (kstr[kstrsz - 1] != '\0' || nksyms > UINT32_MAX - 1) {
		printf("link_elf: the kernel's symbol table is malformed; modules get none\n");
		ksyms = NULL;
		return;
	}
	for (i = 0; i < nksyms; i++)
		n += exported(&ksyms[i]);
	nbuckets = n / 2 + 1;
	khash = malloc(nbuckets * sizeof(*khash), M_LINKER, M_WAITOK | M_ZERO);
	kchain = malloc(nksyms * sizeof(*kchain), M_LINKER, M_WAITOK | M_ZERO);
	for (i = 0; i < nksyms; i++) {
		if (!exported(&ksyms[i]))
			continue;
		b = name_hash(kstr + ksyms[i].st_name) % nbuckets;
		kchain[i] = khash[b];
		khash[b] = (uint32_t)i + 1;
	}
	if (bootverbose)
		printf("link_elf: %u kernel symbols exported to modules\n", n);
}

int
linker_kernel_lookup(const char *name, uint64_t *value)
{
	uint32_t i;

	if (khash == NULL)
		return (-1);
	for (i = khash[name_hash(name) % nbuckets]; i != 0; i = kchain[i - 1])
		if (strcmp(kstr + ksyms[i - 1].st_name, name) == 0) {
			*value = ksyms[i - 1].st_value;
			return (0);
		}
	return (-1);
}

/* The function containing addr (for backtraces): its name, or NULL. */
const char *
linker_kernel_search(uint64_t addr, uint64_t *offset)
{
	const Elf64_Sym *sym = (const Elf64_Sym *)PHYS_TO_DMAP(bootinfo.symtab);
	const char *str = (const char *)PHYS_TO_DMAP(bootinfo.strtab);
	uint64_t n, i, best_val = 0;
	const char *best = NULL;

	/* From the boot info directly: a panic may come before the init above. */
	if (bootinfo.symtab == 0 || bootinfo.strtab == 0)
		return (NULL);
	n = bootinfo.symtab_size / sizeof(Elf64_Sym);
	for (i = 0; i < n; i++) {
		if (ELF64_ST_TYPE(sym[i].st_info) != STT_FUNC ||
		    sym[i].st_name >= bootinfo.strtab_size)
			continue;
		if (sym[i].st_value <= addr && sym[i].st_value >= best_val &&
		    (sym[i].st_size == 0 || addr < sym[i].st_value + sym[i].st_size)) {
			best_val = sym[i].st_value;
			best = str + sym[i].st_name;
		}
	}
	if (best != NULL && offset != NULL)
		*offset = addr - best_val;
	return (best);
}
