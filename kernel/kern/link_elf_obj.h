/*
 * Linking one .ko into memory (kern/link_elf_obj.c), for kern_linker.c:
 * load (validate, place, relocate against itself, read its metadata),
 * then finish (resolve the rest through lookup, relocate, map), or unload
 * at any point.  Errors: an errno, and the reason in err.
 */
#ifndef KERN_LINK_ELF_OBJ_H
#define KERN_LINK_ELF_OBJ_H

#include <stddef.h>
#include <sanpo/elf_obj.h>
#include <sanpo/modmetadata.h>

struct linker_file;

/* *mdp: the metadata records (malloc'd, M_LINKER; names point into the file's image). */
int	link_elf_obj_load(struct linker_file *lf, const void *buf, size_t size,
	    struct modmeta **mdp, int *nmdp, char *err, size_t errlen);
int	link_elf_obj_finish(struct linker_file *lf, elf_obj_lookup_t *lookup, void *arg,
	    char *err, size_t errlen);
void	link_elf_obj_unload(struct linker_file *lf);
/* A global symbol the file defines: 0 and *value, or -1. */
int	link_elf_obj_lookup(struct linker_file *lf, const char *name, uint64_t *value);
/* The function of the file containing addr, or NULL. */
const char *link_elf_obj_search(struct linker_file *lf, uint64_t addr, uint64_t *offset);

#endif
