/*
 * Kernel modules, as FreeBSD declares them.  A module is a named event
 * handler (MOD_LOAD, MOD_QUIESCE, MOD_UNLOAD, MOD_SHUTDOWN) that lives in a
 * file: the kernel itself or a .ko the linker loaded (sys/linker.h).
 *
 *   static moduledata_t foo_mod = { "foo", foo_modevent, NULL };
 *   DECLARE_MODULE(foo, foo_mod, SI_SUB_DRIVERS, SI_ORDER_ANY);
 *   MODULE_VERSION(foo, 1);
 *   MODULE_DEPEND(foo, crypto, 1, 1, 1);	// needs crypto, versions 1..1
 *
 * The linker registers a file's modules from their metadata when it links
 * the file; DECLARE_MODULE's SYSINIT then sends MOD_LOAD at its stage.
 * Unloading asks MOD_QUIESCE (a busy module refuses with EBUSY), then
 * MOD_UNLOAD; at power-off every module hears MOD_SHUTDOWN, newest first.
 */
#ifndef SYS_MODULE_H
#define SYS_MODULE_H

#include <sys/kernel.h>
#include <sanpo/modmetadata.h>

/* The version of the kernel's interface modules are built against. */
#define KLD_KERNEL_VERSION	1

enum modeventtype { MOD_LOAD, MOD_UNLOAD, MOD_SHUTDOWN, MOD_QUIESCE };
struct module;
typedef struct module *module_t;
typedef int (*modeventhand_t)(module_t mod, int what, void *arg);

typedef struct moduledata {
	const char	*name;		/* "crypto", "aesni" */
	modeventhand_t	 evhand;	/* may be NULL: nothing to do */
	void		*priv;		/* passed back as arg */
} moduledata_t;

#define MODULE_METADATA(uniquifier, type, data, cval)			\
	static struct mod_metadata _mod_metadata##uniquifier = {	\
		MDT_STRUCT_VERSION, type, data, cval };			\
	DATA_SET(modmetadata_set, _mod_metadata##uniquifier)

#define MODULE_DEPEND(module, mdepend, vmin, vpref, vmax)		\
	static struct mod_depend _##module##_depend_on_##mdepend = {	\
		vmin, vpref, vmax };					\
	MODULE_METADATA(_md_##module##_on_##mdepend, MDT_DEPEND,	\
	    &_##module##_depend_on_##mdepend, #mdepend)

#define MODULE_VERSION(module, version)					\
	static struct mod_version _##module##_version = { version };	\
	MODULE_METADATA(_##module##_version, MDT_VERSION,		\
	    &_##module##_version, #module)

/* Every module depends on the kernel interface it was built for. */
#define DECLARE_MODULE(name, data, sub, order)				\
	MODULE_DEPEND(name, kernel, KLD_KERNEL_VERSION, KLD_KERNEL_VERSION, \
	    KLD_KERNEL_VERSION);					\
	MODULE_METADATA(_md_##name, MDT_MODULE, &(data), #name);	\
	SYSINIT(name##module, sub, order, module_register_init, &(data))

/* The SYSINIT of DECLARE_MODULE: MOD_LOAD for the module of that data. */
void	module_register_init(const void *moduledata);

/* kern/kern_module.c, for the linker and the kld system calls. */
struct linker_file;
/* A module of file lf: data NULL for a version record only.  0 or EEXIST. */
int	module_register(const moduledata_t *data, struct linker_file *lf, const char *name,
	    int version);
void	module_release(module_t mod);	/* unlinked from its file and freed */
int	module_quiesce(module_t mod);	/* MOD_QUIESCE: 0 or its error (EBUSY) */
int	module_unload(module_t mod);	/* MOD_UNLOAD: 0 or its error */
int	module_failed(module_t mod);	/* the error MOD_LOAD returned, 0 */
module_t module_lookupbyname(const char *name);
module_t module_lookupbyid(int id);
const char *module_getname(module_t mod);
int	module_getid(module_t mod);
int	module_getversion(module_t mod);
struct linker_file *module_file(module_t mod);
module_t module_next(module_t mod);		/* all modules, oldest first; NULL: first */
module_t module_file_next(struct linker_file *lf, module_t mod);	/* one file's */
/* module_lookupbyname and the walks: with the linker's lock held (sys/linker.h). */

/* Files the loader preloaded (kern/subr_module.c). */
struct sanpo_module;
const struct sanpo_module *preload_search_by_type(const char *type);	/* first, or NULL */
/* The next one of `type` after prev (NULL: the first), or NULL. */
const struct sanpo_module *preload_search_next(const struct sanpo_module *prev,
	    const char *type);
const void *preload_data(const struct sanpo_module *m);	/* its bytes, m->size of them */

#endif
