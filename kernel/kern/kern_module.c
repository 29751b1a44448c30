/*
 * The module system: registers modules as their SYSINITs run, lists them
 * (`kldstat`), and at shutdown tells each one (MOD_SHUTDOWN, newest first)
 * through a shutdown_pre_sync handler it registers at SI_SUB_KLD.
 */
#include <sys/systm.h>
#include <sys/eventhandler.h>
#include <sys/malloc.h>
#include <sys/module.h>
#include <sys/shell.h>

struct module {
	struct module		*next;
	int			 id;
	const moduledata_t	*data;
};

MALLOC_DEFINE(M_MODULE, "module", "module descriptions");

static struct module	*modules;	/* newest first */
static int		 next_id = 1;
static struct mtx	 modules_lock;

static void
module_shutdown(void *arg, int howto)
{
	struct module *m;
	int n = 0;

	(void)arg;
	(void)howto;
	for (m = modules; m != NULL; m = m->next) {
		if (m->data->evhand != NULL)
			m->data->evhand(m, MOD_SHUTDOWN, m->data->priv);
		n++;
	}
	if (bootverbose)
		printf("module_shutdown: told %d module%s\n", n, n == 1 ? "" : "s");
}

static void
module_init(const void *dummy __unused)
{
	mtx_init(&modules_lock, "module list", MTX_SPIN);
	EVENTHANDLER_REGISTER(shutdown_pre_sync, module_shutdown, NULL, SHUTDOWN_PRI_DEFAULT);
}
SYSINIT(module, SI_SUB_KLD, SI_ORDER_FIRST, module_init, NULL);

void
module_register_init(const void *arg)
{
	const moduledata_t *data = arg;
	struct module *m = malloc(sizeof(*m), M_MODULE, M_WAITOK | M_ZERO);
	int error = 0;

	if (data->evhand != NULL)
		error = data->evhand(m, MOD_LOAD, data->priv);
	if (error != 0) {
		printf("module_register_init: MOD_LOAD (%s) error %d\n", data->name, error);
		free(m, M_MODULE);
		return;
	}
	m->data = data;
	mtx_lock_spin(&modules_lock);
	m->id = next_id++;
	m->next = modules;
	modules = m;
	mtx_unlock_spin(&modules_lock);
}

/* The kernel itself is module 1, as kldstat shows it on FreeBSD. */
static const moduledata_t kernel_mod = { "kernel", NULL, NULL };
DECLARE_MODULE(kernel, kernel_mod, SI_SUB_KLD, SI_ORDER_SECOND);

static int
cmd_kldstat(int argc, char **argv)
{
	struct module *m, *list[64];
	int n = 0;

	(void)argc;
	(void)argv;
	for (m = modules; m != NULL && n < 64; m = m->next)
		list[n++] = m;
	printf("Id Name\n");
	while (n-- > 0)		/* oldest first */
		printf("%2d %s\n", list[n]->id, list[n]->data->name);
	return (0);
}
SHELL_COMMAND(kldstat, cmd_kldstat, "kldstat", "list the modules");
