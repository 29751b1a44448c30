/*
 * Event handler lists, found by name and created on first use.  Invocation
 * drops the list lock around each call (handlers may take other locks), so
 * a deregistration during a walk only marks the entry; the last walker
 * frees it.
 */
#include <sys/systm.h>
#include <sys/kernel.h>
#include <sys/eventhandler.h>
#include <sys/malloc.h>

#define MAX_LISTS	32

MALLOC_DEFINE(M_EVENTHANDLER, "eventhandler", "event handler entries");

static struct eventhandler_list	lists[MAX_LISTS];
static unsigned			nlists;
static struct mtx		lists_lock;

static void
eventhandler_init(const void *dummy __unused)
{
	mtx_init(&lists_lock, "eventhandler lists", MTX_SPIN);
}
SYSINIT(eventhandlers, SI_SUB_EVENTHANDLER, SI_ORDER_FIRST, eventhandler_init, NULL);

static struct eventhandler_list *
find_list(const char *name, int create)
{
	struct eventhandler_list *l = NULL;
	unsigned i;

	mtx_lock_spin(&lists_lock);
	for (i = 0; i < nlists; i++)
		if (strcmp(lists[i].el_name, name) == 0)
			l = &lists[i];
	if (l == NULL && create && nlists < MAX_LISTS) {
		l = &lists[nlists++];
		l->el_name = name;
		mtx_init(&l->el_lock, "eventhandler list", MTX_SPIN);
	}
	mtx_unlock_spin(&lists_lock);
	return (l);
}

struct eventhandler_list *
eventhandler_find_list(const char *name)
{
	return (find_list(name, 0));
}

eventhandler_tag
eventhandler_register(const char *name, void *func, void *arg, int pri)
{
	struct eventhandler_list *l = find_list(name, 1);
	struct eventhandler_entry *e, **ep;

	if (l == NULL) {
		printf("eventhandler: too many lists, cannot add \"%s\"\n", name);
		return (NULL);
	}
	e = malloc(sizeof(*e), M_EVENTHANDLER, M_WAITOK | M_ZERO);
	e->ee_func = func;
	e->ee_arg = arg;
	e->ee_priority = pri;
	mtx_lock_spin(&l->el_lock);
	/* After every entry of equal priority: registration order breaks ties. */
	for (ep = &l->el_head; *ep != NULL && (*ep)->ee_priority <= pri; ep = &(*ep)->ee_next)
		;
	e->ee_next = *ep;
	*ep = e;
	mtx_unlock_spin(&l->el_lock);
	return (e);
}

/* Unlinks and frees dead entries; list lock held, no walkers. */
static void
reap(struct eventhandler_list *l)
{
	struct eventhandler_entry **ep = &l->el_head, *e;

	while ((e = *ep) != NULL) {
		if (e->ee_dead) {
			*ep = e->ee_next;
			free(e, M_EVENTHANDLER);
		} else
			ep = &e->ee_next;
	}
}

void
eventhandler_deregister(const char *name, eventhandler_tag tag)
{
	struct eventhandler_list *l = find_list(name, 0);

	if (l == NULL || tag == NULL)
		return;
	mtx_lock_spin(&l->el_lock);
	tag->ee_dead = 1;
	if (l->el_walkers == 0)
		reap(l);
	mtx_unlock_spin(&l->el_lock);
}

static struct eventhandler_entry *
live_from(struct eventhandler_entry *e)
{
	while (e != NULL && e->ee_dead)
		e = e->ee_next;
	return (e);
}

struct eventhandler_entry *
eventhandler_walk_begin(struct eventhandler_list *l)
{
	struct eventhandler_entry *e;

	mtx_lock_spin(&l->el_lock);
	l->el_walkers++;
	e = live_from(l->el_head);
	mtx_unlock_spin(&l->el_lock);
	return (e);
}

struct eventhandler_entry *
eventhandler_walk_next(struct eventhandler_list *l, struct eventhandler_entry *e)
{
	mtx_lock_spin(&l->el_lock);
	e = live_from(e->ee_next);
	mtx_unlock_spin(&l->el_lock);
	return (e);
}

void
eventhandler_walk_end(struct eventhandler_list *l)
{
	mtx_lock_spin(&l->el_lock);
	if (--l->el_walkers == 0)
		reap(l);
	mtx_unlock_spin(&l->el_lock);
}
