/*
 * Kernel modules.  A module is a named event handler (MOD_LOAD, MOD_UNLOAD,
 * MOD_SHUTDOWN) registered at a SYSINIT stage; the module system keeps the
 * list (`kldstat`) and, at shutdown, tells every module in reverse load
 * order.  Modules linked into the kernel use DECLARE_MODULE; loading them
 * from files the loader preloaded comes later.
 */
#ifndef SYS_MODULE_H
#define SYS_MODULE_H

#include <sys/kernel.h>

enum modeventtype { MOD_LOAD, MOD_UNLOAD, MOD_SHUTDOWN, MOD_QUIESCE };
typedef int (*modeventhand_t)(void *module, int what, void *arg);

typedef struct moduledata {
	const char	*name;		/* "crypto", "if_vtnet" */
	modeventhand_t	 evhand;	/* may be NULL: nothing to do */
	void		*priv;		/* passed back as arg */
} moduledata_t;

void	module_register_init(const void *moduledata);

/* Files the loader preloaded (kern/subr_module.c). */
struct sanpo_module;
const struct sanpo_module *preload_search_by_type(const char *type);	/* first, or NULL */
const void *preload_data(const struct sanpo_module *m);	/* its bytes, m->size of them */

#define DECLARE_MODULE(name, data, sub, order)				\
	SYSINIT(name##module, sub, order, module_register_init, &(data))

#endif
