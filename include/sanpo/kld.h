/*
 * The kld system calls' structures, as FreeBSD's <sys/linker.h> and
 * <sys/module.h> give them to kldstat(2) and modstat(2), shared by the
 * kernel (kern/kld_syscalls.c) and the programs (user/sbin/kld*).  The
 * call numbers are Sanpo's (from 1000: kernel/kern/syscalls.master), in
 * the generated <sanpo/syscall.h> for programs:
 *
 *   kldload(file) -> fileid          kldunload(fileid), kldunloadf(fileid, flags)
 *   kldfind(file) -> fileid          kldnext(fileid) -> next fileid (0: first; 0 at end)
 *   kldstat(fileid, &kld_file_stat)  kldfirstmod(fileid) -> its first module id
 *   modfind(name) -> modid           modnext(modid), modfnext(modid) -> next id
 *   modstat(modid, &module_stat)
 *
 * Loading and unloading need root (CAP_SYS_MODULE later): EPERM otherwise.
 */
#ifndef SANPO_KLD_H
#define SANPO_KLD_H

#include <stdint.h>

#define KLD_MAXPATHLEN		1024	/* FreeBSD's MAXPATHLEN, the stat structures' */
#define KLD_MAXMODNAME		32

/* kldunloadf() flags. */
#define LINKER_UNLOAD_NORMAL	0
#define LINKER_UNLOAD_FORCE	1	/* even if a module says it is busy */

struct kld_file_stat {
	int		version;		/* sizeof(struct kld_file_stat): set by the caller */
	char		name[KLD_MAXPATHLEN];	/* "aesni.ko" */
	int		refs;			/* 1 + files depending on it */
	int		id;
	uint64_t	address;		/* where it runs */
	uint64_t	size;			/* bytes mapped there */
	char		pathname[KLD_MAXPATHLEN];	/* where it came from */
};

typedef union modspecific {
	int		intval;
	unsigned int	uintval;
	long		longval;
	unsigned long	ulongval;
} modspecific_t;

struct module_stat {
	int		version;		/* sizeof(struct module_stat): set by the caller */
	char		name[KLD_MAXMODNAME];
	int		refs;
	int		id;
	modspecific_t	data;			/* the module's version */
};

#endif
