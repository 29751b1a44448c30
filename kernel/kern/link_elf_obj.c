/*
 * One .ko into memory: the kernel half of FreeBSD's link_elf_obj.c over
 * the portable linker (common/elf_obj.c).  Two steps, because a file's
 * dependencies must be known before its undefined symbols can be resolved
 * and they are named in its own metadata:
 *
 *   link_elf_obj_load()    validate, take memory (vm/vm_kld.c), copy the
 *                          sections, apply the relocations against the
 *                          file's own symbols, read its module metadata;
 *   link_elf_obj_finish()  resolve the rest (the caller's lookup: the
 *                          dependencies, then the kernel), relocate, keep
 *                          the symbols and linker sets, map each segment
 *                          with its protection.
 *
 * The image is written through the direct map and mapped at its address
 * only at the end, so a failure anywhere leaves nothing mapped;
 * link_elf_obj_unload() frees whatever a file holds, at any stage.
 */
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/linker.h>
#include <sys/malloc.h>
#include <sanpo/elf_obj.h>
#include <sanpo/modmetadata.h>
#include <machine/pmap.h>
#include <machine/vmparam.h>
#include <vm/vm_kld.h>
#include <kern/link_elf_obj.h>

MALLOC_DECLARE(M_LINKER);

/* What the two steps share; gone after finish. */
struct link_elf_obj {
	struct elf_obj	 o;
	uint64_t	*sect_off;	/* [o.shnum] */
	uint64_t	*symval;	/* [o.nsym] */
	uint8_t		*image;		/* the pages, through the direct map */
};

static void
priv_free(struct linker_file *lf)
{
	struct link_elf_obj *p = lf->priv;

	if (p == NULL)
		return;
	free(p->sect_off, M_LINKER);
	free(p->symval, M_LINKER);
	free(p, M_LINKER);
	lf->priv = NULL;
}

static int
read_metadata(struct linker_file *lf, struct modmeta **mdp, int *nmdp, char *err,
    size_t errlen)
{
	struct link_elf_obj *p = lf->priv;
	int i = elf_obj_find_section(&p->o, p->sect_off, "set_modmetadata_set"), n;
	uint64_t off, size;
	struct modmeta *md;

	*mdp = NULL;
	*nmdp = 0;
	if (i < 0)
		return (0);
	off = p->sect_off[i];
	size = p->o.sh[i].sh_size;
	if (size % 8 != 0 || size / 8 > 1024) {
		snprintf(err, errlen, "the module metadata set is malformed");
		return (-1);
	}
	n = (int)(size / 8);
	md = malloc((n ? n : 1) * sizeof(*md), M_LINKER, M_WAITOK | M_ZERO);
	for (i = 0; i < n; i++)
		if (modmeta_read(p->image, lf->size, lf->address, off, size, (unsigned)i, &md[i],
		    err, errlen) != 0) {
			free(md, M_LINKER);
			return (-1);
		}
	*mdp = md;
	*nmdp = n;
	return (0);
}

int
link_elf_obj_load(struct linker_file *lf, const void *buf, size_t size,
    struct modmeta **mdp, int *nmdp, char *err, size_t errlen)
{
	struct link_elf_obj *p;

	p = lf->priv = malloc(sizeof(*p), M_LINKER, M_WAITOK | M_ZERO);
	if (elf_obj_validate(buf, size, &p->o, err, errlen) != 0)
		return (ENOEXEC);
	p->sect_off = malloc(p->o.shnum * sizeof(uint64_t), M_LINKER, M_WAITOK);
	p->symval = malloc((p->o.nsym ? p->o.nsym : 1) * sizeof(uint64_t), M_LINKER,
	    M_WAITOK);
	elf_obj_layout(&p->o, p->sect_off);
	if (p->o.total == 0) {
		snprintf(err, errlen, "the file has no contents");
		return (ENOEXEC);
	}
	if (kld_mem_alloc(p->o.total, &lf->address, &lf->phys) != 0) {
		snprintf(err, errlen, "no memory for %llu bytes",
		    (unsigned long long)p->o.total);
		return (ENOMEM);
	}
	lf->size = p->o.total;
	lf->text_end = lf->address + p->o.seg[ELF_OBJ_TEXT].size;
	p->image = (uint8_t *)PHYS_TO_DMAP(lf->phys);
	elf_obj_load(&p->o, p->sect_off, p->image);
	if (elf_obj_resolve(&p->o, p->sect_off, lf->address, NULL, NULL, p->symval, err,
	    errlen) != 0 ||
	    elf_obj_relocate(&p->o, p->sect_off, p->image, lf->address, p->symval, 1, err,
	    errlen) != 0)
		return (ENOEXEC);
	return (read_metadata(lf, mdp, nmdp, err, errlen) != 0 ? ENOEXEC : 0);
}

/* The symbols worth keeping: defined data and code, absolute from now on. */
static void
keep_symbols(struct linker_file *lf)
{
	struct link_elf_obj *p = lf->priv;
	const struct elf_obj *o = &p->o;
	uint32_t i, n = 0;

	lf->symtab = malloc((o->nsym ? o->nsym : 1) * sizeof(Elf64_Sym), M_LINKER, M_WAITOK);
	lf->strtab = malloc(o->strsz, M_LINKER, M_WAITOK);
	memcpy(lf->strtab, o->str, o->strsz);
	lf->strsz = o->strsz;
	for (i = 1; i < o->nsym; i++) {
		const Elf64_Sym *s = &o->sym[i];
		int type = ELF64_ST_TYPE(s->st_info);

		if (s->st_shndx == SHN_UNDEF || s->st_name == 0 ||
		    (type != STT_FUNC && type != STT_OBJECT && type != STT_NOTYPE) ||
		    (s->st_shndx != SHN_ABS && p->sect_off[s->st_shndx] == ELF_OBJ_NOT_LOADED))
			continue;
		lf->symtab[n] = *s;
		lf->symtab[n].st_value = p->symval[i];
		n++;
	}
	lf->nsym = n;
}

/* Every set_* section, each an array of pointers into the file itself. */
static int
keep_sets(struct linker_file *lf, char *err, size_t errlen)
{
	struct link_elf_obj *p = lf->priv;
	const struct elf_obj *o = &p->o;
	unsigned i;
	uint64_t j, v;
	int n = 0;

	for (i = 1; i < o->shnum; i++)
		if (p->sect_off[i] != ELF_OBJ_NOT_LOADED &&
		    strncmp(elf_obj_section_name(o, i), "set_", 4) == 0)
			n++;
	lf->sets = malloc((n ? n : 1) * sizeof(*lf->sets), M_LINKER, M_WAITOK | M_ZERO);
	for (i = 1; i < o->shnum; i++) {
		const char *name = elf_obj_section_name(o, i);
		uint64_t off = p->sect_off[i], size = o->sh[i].sh_size;

		if (off == ELF_OBJ_NOT_LOADED || strncmp(name, "set_", 4) != 0)
			continue;
		if (strlen(name + 4) >= sizeof(lf->sets[0].name)) {
			snprintf(err, errlen, "linker set %s: name too long", name + 4);
			return (-1);
		}
		if (size % 8 != 0 || off % 8 != 0) {
			snprintf(err, errlen, "linker set %s is not an array of pointers", name + 4);
			return (-1);
		}
		for (j = 0; j < size; j += 8) {
			memcpy(&v, p->image + off + j, 8);
			if (v < lf->address || v >= lf->address + lf->size) {
				snprintf(err, errlen, "linker set %s has an entry outside the module",
				    name + 4);
				return (-1);
			}
		}
		strlcpy(lf->sets[lf->nsets].name, name + 4, sizeof(lf->sets[0].name));
		lf->sets[lf->nsets].begin = (void **)(lf->address + off);
		lf->sets[lf->nsets].end = (void **)(lf->address + off + size);
		lf->nsets++;
	}
	return (0);
}

int
link_elf_obj_finish(struct linker_file *lf, elf_obj_lookup_t *lookup, void *arg,
    char *err, size_t errlen)
{
	static const int prot[ELF_OBJ_NSEG] = {
		VM_PROT_READ | VM_PROT_EXECUTE, VM_PROT_READ, VM_PROT_READ | VM_PROT_WRITE };
	struct link_elf_obj *p = lf->priv;
	int s;

	if (elf_obj_resolve(&p->o, p->sect_off, lf->address, lookup, arg, p->symval, err,
	    errlen) != 0 ||
	    elf_obj_relocate(&p->o, p->sect_off, p->image, lf->address, p->symval, 0, err,
	    errlen) != 0)
		return (ENOEXEC);
	keep_symbols(lf);
	if (keep_sets(lf, err, errlen) != 0)
		return (ENOEXEC);
	for (s = 0; s < ELF_OBJ_NSEG; s++)
		if (p->o.seg[s].size != 0 &&
		    kld_mem_map(lf->address + p->o.seg[s].off, lf->phys + p->o.seg[s].off,
		    p->o.seg[s].size, prot[s]) != 0) {
			snprintf(err, errlen, "no memory for page tables");
			return (ENOMEM);
		}
	priv_free(lf);
	return (0);
}

void
link_elf_obj_unload(struct linker_file *lf)
{
	priv_free(lf);
	if (lf->size != 0)
		kld_mem_free(lf->address, lf->phys, lf->size);
	lf->size = 0;
	free(lf->symtab, M_LINKER);
	free(lf->strtab, M_LINKER);
	free(lf->sets, M_LINKER);
	lf->symtab = NULL;
	lf->strtab = NULL;
	lf->sets = NULL;
	lf->nsym = 0;
	lf->nsets = 0;
}

int
link_elf_obj_lookup(struct linker_file *lf, const char *name, uint64_t *value)
{
	uint32_t i;

	for (i = 0; i < lf->nsym; i++) {
		int bind = ELF64_ST_BIND(lf->symtab[i].st_info);

		if ((bind == STB_GLOBAL || bind == STB_WEAK) &&
		    lf->symtab[i].st_name < lf->strsz &&
		    strcmp(lf->strtab + lf->symtab[i].st_name, name) == 0) {
			*value = lf->symtab[i].st_value;
			return (0);
		}
	}
	return (-1);
}

const char *
link_elf_obj_search(struct linker_file *lf, uint64_t addr, uint64_t *offset)
{
	const Elf64_Sym *best = NULL;
	uint32_t i;

	for (i = 0; i < lf->nsym; i++) {
		const Elf64_Sym *s = &lf->symtab[i];

		if (ELF64_ST_TYPE(s->st_info) != STT_FUNC || s->st_value > addr ||
		    (best != NULL && s->st_value < best->st_value))
			continue;
		if (s->st_size != 0 && addr >= s->st_value + s->st_size)
			continue;
		best = s;
	}
	if (best == NULL)
		return (NULL);
	*offset = addr - best->st_value;
	return (lf->strtab + best->st_name);
}
