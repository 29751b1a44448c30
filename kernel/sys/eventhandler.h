/*
 * Event handlers: named lists of callbacks that other code invokes at an
 * event (shutdown_pre_sync, shutdown_final...).  Handlers run
 * in priority order, lowest first.
 *
 *   EVENTHANDLER_DECLARE(shutdown_final, shutdown_fn);
 *   tag = EVENTHANDLER_REGISTER(shutdown_final, my_fn, arg, SHUTDOWN_PRI_LAST);
 *   EVENTHANDLER_INVOKE(shutdown_final, howto);
 *   EVENTHANDLER_DEREGISTER(shutdown_final, tag);
 */
#ifndef SYS_EVENTHANDLER_H
#define SYS_EVENTHANDLER_H

#include <sys/mutex.h>

struct eventhandler_entry {
	struct eventhandler_entry *ee_next;
	void		*ee_func;	/* the handler, called with ee_arg first */
	void		*ee_arg;
	int		 ee_priority;	/* lower runs earlier */
	int		 ee_dead;	/* deregistered while the list was walked */
};
typedef struct eventhandler_entry *eventhandler_tag;

struct eventhandler_list {
	const char			*el_name;
	struct mtx			 el_lock;
	struct eventhandler_entry	*el_head;
	int				 el_walkers;	/* invocations in progress */
};

#define EVENTHANDLER_PRI_FIRST	0
#define EVENTHANDLER_PRI_ANY	10000
#define EVENTHANDLER_PRI_LAST	20000
#define SHUTDOWN_PRI_FIRST	EVENTHANDLER_PRI_FIRST
#define SHUTDOWN_PRI_DEFAULT	EVENTHANDLER_PRI_ANY
#define SHUTDOWN_PRI_LAST	EVENTHANDLER_PRI_LAST

struct eventhandler_list *eventhandler_find_list(const char *name);
eventhandler_tag eventhandler_register(const char *name, void *func, void *arg, int pri);
void	eventhandler_deregister(const char *name, eventhandler_tag tag);
/* Iteration used by EVENTHANDLER_INVOKE: the list lock is not held during calls. */
struct eventhandler_entry *eventhandler_walk_begin(struct eventhandler_list *l);
struct eventhandler_entry *eventhandler_walk_next(struct eventhandler_list *l,
	    struct eventhandler_entry *e);
void	eventhandler_walk_end(struct eventhandler_list *l);

#define EVENTHANDLER_DECLARE(name, type)	typedef type name##_handler_t
#define EVENTHANDLER_REGISTER(name, func, arg, pri)			\
	eventhandler_register(#name, (void *)(name##_handler_t)(func), (arg), (pri))
#define EVENTHANDLER_DEREGISTER(name, tag)	eventhandler_deregister(#name, (tag))
#define EVENTHANDLER_INVOKE(name, ...) do {				\
	struct eventhandler_list *_el = eventhandler_find_list(#name);	\
	struct eventhandler_entry *_ee;					\
	if (_el == NULL)						\
		break;							\
	for (_ee = eventhandler_walk_begin(_el); _ee != NULL;		\
	    _ee = eventhandler_walk_next(_el, _ee))			\
		((name##_handler_t)_ee->ee_func)(_ee->ee_arg, ## __VA_ARGS__); \
	eventhandler_walk_end(_el);					\
} while (0)

/* Shutdown events, with the RB_* flags of the shutdown. */
typedef void (*shutdown_fn)(void *arg, int howto);
EVENTHANDLER_DECLARE(shutdown_pre_sync, shutdown_fn);
EVENTHANDLER_DECLARE(shutdown_post_sync, shutdown_fn);
EVENTHANDLER_DECLARE(shutdown_final, shutdown_fn);

#endif
