/*
 * The kernel linker (FreeBSD's kld): .ko files -- ELF64 relocatable
 * objects -- linked into the running kernel, from memory the loader
 * preloaded them into or from a file at run time, and unloaded again.
 *
 * A linker file is the kernel itself (id 1) or one .ko.  Linking a .ko
 * places its sections in pages of their own (text read-execute, rodata
 * read-only, data not executable), resolves its symbols against the
 * kernel's and those of the files it depends on, registers the modules
 * its metadata declares and runs its SYSINITs; its sysctls, shell commands
 * and malloc types join the kernel's from its linker sets.  Unloading
 * undoes all of it.  A bad file is refused with one line saying why, and
 * nothing of it stays behind.
 *
 * Locking: linker_lock (an sx) guards the list of files and modules.
 * Loading and unloading hold it exclusively; readers of the linker sets
 * (sysctl, the shell, vmstat -m) hold it shared while they walk.
 */
#ifndef SYS_LINKER_H
#define SYS_LINKER_H

#include <stddef.h>
#include <stdint.h>
#include <sys/queue.h>
#include <sanpo/elf64.h>
#include <sanpo/kld.h>

struct thread;
struct module;

#define LINKER_NAMELEN	64	/* a file's name ("aesni.ko"), with its NUL */

/* A linker set of one file: its bounds, after relocation. */
struct linker_set {
	char		 name[32];	/* "sysctl_set" (the section without set_) */
	void		**begin;	/* entries: pointers into the file */
	void		**end;
};

struct linker_file {
	TAILQ_ENTRY(linker_file) link;	/* linker_files, in load order */
	int		 id;		/* kldstat's Id: 1 is the kernel */
	int		 refs;		/* 1 while loaded + one per file depending on it */
	int		 userrefs;	/* kldloads (and the preload) not yet kldunloaded */
	int		 flags;		/* LINKER_FILE_* */
	volatile int	 busy;		/* shell commands of this file running */
	char		 filename[LINKER_NAMELEN];	/* "aesni.ko" */
	char		 pathname[256];	/* "/boot/kernel/aesni.ko" */
	uint64_t	 address;	/* where it runs */
	uint64_t	 size;		/* bytes mapped there */
	uint64_t	 phys;		/* its pages: one physically contiguous run */
	uint64_t	 text_end;	/* address + text bytes (backtraces: is it code?) */
	struct linker_file **deps;	/* files it depends on, each holding a ref */
	int		 ndeps;
	struct linker_set *sets;	/* its linker sets */
	int		 nsets;
	Elf64_Sym	*symtab;	/* its symbols, st_value made absolute */
	uint32_t	 nsym;
	char		*strtab;	/* their names */
	uint64_t	 strsz;
	void		*priv;		/* link_elf_obj.c's, while linking */
};

#define LINKER_FILE_LINKED	0x1	/* on the list: its sets are visible */
#define LINKER_FILE_PRELOADED	0x2	/* from the loader */
#define LINKER_FILE_KERNEL	0x4	/* the kernel itself */
#define LINKER_FILE_FAILED	0x8	/* preloaded, MOD_LOAD failed, could not go */

TAILQ_HEAD(linker_file_list, linker_file);

/*
 * Loading by name: "aesni" or "aesni.ko" is looked up in module_path
 * (kern.module_path: the loader's module_path, default
 * "/boot/kernel;/boot/modules"); a name with a '/' is a path, from td's
 * working directory (the root for kernel threads).  Dependencies are
 * loaded first, the same way.  0 and *result (its userrefs counted), or an
 * errno with the reason printed as "kldload: NAME: why".
 */
int	linker_load_module(struct thread *td, const char *name, struct linker_file **result);

/* What kldload/kldunload do (shell commands, system calls); the reason printed. */
int	kern_kldload(struct thread *td, const char *name, int *fileid);
int	kern_kldunload(struct thread *td, int fileid, int flags);

/*
 * kldunload: EBUSY when others depend on it, a module refuses, or it is
 * running; flags LINKER_UNLOAD_NORMAL or _FORCE (<sanpo/kld.h>: MOD_QUIESCE's
 * refusal is ignored).
 */
int	linker_file_unload(struct linker_file *lf, int flags);

/* Lookups, with linker_lock held (sx_slock/xlock(&linker_lock)). */
struct linker_file *linker_find_file_by_id(int id);
struct linker_file *linker_find_file_by_name(const char *name);	/* "aesni" or "aesni.ko" */
struct linker_file *linker_file_next(struct linker_file *lf);	/* NULL: the kernel */
extern struct linker_file *linker_kernel_file;

#include <sys/sx.h>
extern struct sx linker_lock;

/*
 * Walking a linker set across the kernel and every linked file, for the
 * code that keeps one (sysctl, shell commands, malloc types), with
 * linker_lock held shared:
 *
 *   struct linker_set_cursor c = LINKER_SET_CURSOR;
 *   struct sysctl_oid **op;
 *   while ((op = LINKER_SET_NEXT(sysctl_set, &c)) != NULL) ...
 *
 * c.file is the file the entry belongs to (NULL: the kernel).
 */
/* Shared hold for a walk (nothing when this thread holds it exclusively:
   a module's SYSINIT may walk a set while the linker loads it). */
int	linker_sets_lock(void);
void	linker_sets_unlock(int held);

struct linker_set_cursor {
	struct linker_file *file;	/* the current entry's file, NULL the kernel */
	void		**p;		/* the last entry returned */
	void		**end;
	int		 started;
};
#define LINKER_SET_CURSOR	{ NULL, NULL, NULL, 0 }
void	*linker_set_next(const char *set, void **kbegin, void **kend,
	    struct linker_set_cursor *c);
#define LINKER_SET_NEXT(set, c)						\
	((__typeof__(&SET_BEGIN(set)[0]))linker_set_next(#set,		\
	    (void **)SET_BEGIN(set), (void **)SET_LIMIT(set), (c)))

/*
 * A hook for a set a module may extend: checks the file's entries before
 * they become visible (e.g. a sysctl name already taken), with linker_lock
 * held.  0, or -1 and a reason.
 */
typedef int linker_set_check_t(void **begin, void **end, char *err, size_t errlen);
int	sysctl_set_check(void **begin, void **end, char *err, size_t errlen);
int	shell_set_check(void **begin, void **end, char *err, size_t errlen);
/* Unloading: reports a malloc type of the file with memory still allocated. */
void	malloc_type_set_unload(void **begin, void **end, const char *filename);

/* Backtraces: the function containing addr, in the kernel or any file. */
const char *linker_search_symbol(uint64_t addr, uint64_t *offset, const char **file);

/* The kernel's own symbols by name (kern/link_elf.c): 0 and *value, or -1. */
int	linker_kernel_lookup(const char *name, uint64_t *value);
void	linker_kernel_symbols_init(void);
const char *linker_kernel_search(uint64_t addr, uint64_t *offset);

#endif
