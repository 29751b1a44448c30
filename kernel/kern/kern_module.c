/*
 * The module system (sys/module.h): the modules every linked file
 * declares, registered by the linker from the file's metadata (a name, its
 * moduledata, its version), told MOD_LOAD by DECLARE_MODULE's SYSINIT,
 * asked MOD_QUIESCE and told MOD_UNLOAD by the linker when their file
 * goes, and told MOD_SHUTDOWN, newest first, at power-off through a
 * shutdown_pre_sync handler registered at SI_SUB_KLD.
 *
 * The list is guarded by linker_lock (sys/linker.h): the linker holds it
 * exclusively while it registers, loads and unloads; start-up runs alone.
 */
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/eventhandler.h>
#include <sys/linker.h>
#include <sys/malloc.h>
#include <sys/module.h>
#include <sys/queue.h>

struct module {
	TAILQ_ENTRY(module)	 link;		/* modules, oldest first */
	struct linker_file	*file;		/* the file declaring it */
	int			 id;		/* modstat's id */
	int			 version;	/* MODULE_VERSION's, 0 if none */
	int			 loaded;	/* MOD_LOAD returned 0 */
	int			 loaderr;	/* what MOD_LOAD returned otherwise */
	const moduledata_t	*data;		/* NULL: a version record only */
	char			 name[MAXMODNAME];
};

MALLOC_DEFINE(M_MODULE, "module", "module descriptions");

static TAILQ_HEAD(module_list, module) modules = TAILQ_HEAD_INITIALIZER(modules);
static int	next_id = 1;

static int
event(module_t mod, int what)
{
	if (mod->data == NULL || mod->data->evhand == NULL)
		return (0);
	return (mod->data->evhand(mod, what, mod->data->priv));
}

int
module_register(const moduledata_t *data, struct linker_file *lf, const char *name,
    int version)
{
	module_t mod;

	if (module_lookupbyname(name) != NULL)
		return (EEXIST);
	mod = malloc(sizeof(*mod), M_MODULE, M_WAITOK | M_ZERO);
	strlcpy(mod->name, name, sizeof(mod->name));
	mod->data = data;
	mod->file = lf;
	mod->version = version;
	mod->id = next_id++;
	TAILQ_INSERT_TAIL(&modules, mod, link);
	return (0);
}

void
module_release(module_t mod)
{
	TAILQ_REMOVE(&modules, mod, link);
	free(mod, M_MODULE);
}

void
module_register_init(const void *arg)
{
	module_t mod;
	int error;

	TAILQ_FOREACH(mod, &modules, link)
		if (mod->data == arg)
			break;
	if (mod == NULL)
		panic("module_register_init: %s was not registered by the linker",
		    ((const moduledata_t *)arg)->name);
	if ((error = event(mod, MOD_LOAD)) != 0) {
		/* kldload reports its own failures, and unloads the file again. */
		if (mod->file->flags & (LINKER_FILE_KERNEL | LINKER_FILE_PRELOADED))
			printf("module_register_init: MOD_LOAD (%s, %p) error %d\n", mod->name,
			    (void *)(uintptr_t)mod->data->evhand, error);
		mod->loaderr = error;
		return;
	}
	mod->loaded = 1;
}

int
module_quiesce(module_t mod)
{
	return (mod->loaded ? event(mod, MOD_QUIESCE) : 0);
}

int
module_unload(module_t mod)
{
	int error;

	if (!mod->loaded)
		return (0);
	if ((error = event(mod, MOD_UNLOAD)) == 0)
		mod->loaded = 0;
	return (error);
}

int
module_failed(module_t mod)
{
	return (mod->loaderr);
}

module_t
module_lookupbyname(const char *name)
{
	module_t mod;

	TAILQ_FOREACH(mod, &modules, link)
		if (strcmp(mod->name, name) == 0)
			return (mod);
	return (NULL);
}

module_t
module_lookupbyid(int id)
{
	module_t mod;

	TAILQ_FOREACH(mod, &modules, link)
		if (mod->id == id)
			return (mod);
	return (NULL);
}

const char *
module_getname(module_t mod)
{
	return (mod->name);
}

int
module_getid(module_t mod)
{
	return (mod->id);
}

int
module_getversion(module_t mod)
{
	return (mod->version);
}

struct linker_file *
module_file(module_t mod)
{
	return (mod->file);
}

module_t
module_next(module_t mod)
{
	return (mod == NULL ? TAILQ_FIRST(&modules) : TAILQ_NEXT(mod, link));
}

module_t
module_file_next(struct linker_file *lf, module_t mod)
{
	do
		mod = module_next(mod);
	while (mod != NULL && mod->file != lf);
	return (mod);
}

static void
module_shutdown(void *arg, int howto)
{
	module_t mod;
	int n = 0;

	(void)arg;
	(void)howto;
	sx_slock(&linker_lock);
	TAILQ_FOREACH_REVERSE(mod, &modules, module_list, link)
		if (mod->loaded) {
			event(mod, MOD_SHUTDOWN);
			n++;
		}
	sx_sunlock(&linker_lock);
	if (bootverbose)
		printf("module_shutdown: told %d module%s\n", n, n == 1 ? "" : "s");
}

static void
module_init(const void *dummy __unused)
{
	EVENTHANDLER_REGISTER(shutdown_pre_sync, module_shutdown, NULL, SHUTDOWN_PRI_DEFAULT);
}
SYSINIT(module, SI_SUB_KLD, SI_ORDER_FIRST, module_init, NULL);

/* The kernel is a module too, as kldstat -v shows on FreeBSD. */
static moduledata_t kernel_mod = { "kernel", NULL, NULL };
DECLARE_MODULE(kernel, kernel_mod, SI_SUB_KLD, SI_ORDER_SECOND);
MODULE_VERSION(kernel, KLD_KERNEL_VERSION);
