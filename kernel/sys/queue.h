/*
 * Intrusive lists with FreeBSD's <sys/queue.h> names, for kernel
 * structures that sit on several lists at once (a process on its parent's
 * child list and on its process group's member list).
 *
 *   LIST: singly headed, doubly linked; O(1) insert at head and removal.
 *   TAILQ: doubly headed; O(1) insert at either end and removal.
 *
 * An element's LIST_ENTRY/TAILQ_ENTRY field names the link; the macros
 * take the field name as their last argument.
 */
#ifndef SYS_QUEUE_H
#define SYS_QUEUE_H

#include <stddef.h>

#define LIST_HEAD(name, type)	struct name { struct type *lh_first; }
#define LIST_HEAD_INITIALIZER	{ NULL }
#define LIST_ENTRY(type)	struct { struct type *le_next; struct type **le_prev; }

#define LIST_INIT(head)		((head)->lh_first = NULL)
#define LIST_EMPTY(head)	((head)->lh_first == NULL)
#define LIST_FIRST(head)	((head)->lh_first)
#define LIST_NEXT(elm, f)	((elm)->f.le_next)
#define LIST_FOREACH(v, head, f)					\
	for ((v) = (head)->lh_first; (v) != NULL; (v) = (v)->f.le_next)
/* Safe against removal of v inside the loop body. */
#define LIST_FOREACH_SAFE(v, head, f, tmp)				\
	for ((v) = (head)->lh_first; (v) != NULL && ((tmp) = (v)->f.le_next, 1); (v) = (tmp))
#define LIST_INSERT_HEAD(head, elm, f) do {				\
	if (((elm)->f.le_next = (head)->lh_first) != NULL)		\
		(head)->lh_first->f.le_prev = &(elm)->f.le_next;	\
	(head)->lh_first = (elm);					\
	(elm)->f.le_prev = &(head)->lh_first;				\
} while (0)
#define LIST_REMOVE(elm, f) do {					\
	if ((elm)->f.le_next != NULL)					\
		(elm)->f.le_next->f.le_prev = (elm)->f.le_prev;		\
	*(elm)->f.le_prev = (elm)->f.le_next;				\
	(elm)->f.le_next = NULL;					\
	(elm)->f.le_prev = NULL;					\
} while (0)

#define TAILQ_HEAD(name, type)	struct name { struct type *tqh_first; struct type **tqh_last; }
#define TAILQ_HEAD_INITIALIZER(head)	{ NULL, &(head).tqh_first }
#define TAILQ_ENTRY(type)	struct { struct type *tqe_next; struct type **tqe_prev; }

#define TAILQ_INIT(head) do {						\
	(head)->tqh_first = NULL;					\
	(head)->tqh_last = &(head)->tqh_first;				\
} while (0)
#define TAILQ_EMPTY(head)	((head)->tqh_first == NULL)
#define TAILQ_FIRST(head)	((head)->tqh_first)
#define TAILQ_NEXT(elm, f)	((elm)->f.tqe_next)
/*
 * The last element, and the one before elm (NULL at the ends).  A head and
 * an entry have the same layout (next, then a pointer to the previous
 * next-pointer), so the previous link is read through the head type.
 */
#define TAILQ_LAST(head, headname)					\
	(*(((struct headname *)((head)->tqh_last))->tqh_last))
#define TAILQ_PREV(elm, headname, f)					\
	(*(((struct headname *)((elm)->f.tqe_prev))->tqh_last))
#define TAILQ_FOREACH(v, head, f)					\
	for ((v) = (head)->tqh_first; (v) != NULL; (v) = (v)->f.tqe_next)
#define TAILQ_FOREACH_REVERSE(v, head, headname, f)			\
	for ((v) = TAILQ_LAST(head, headname); (v) != NULL; (v) = TAILQ_PREV(v, headname, f))
#define TAILQ_FOREACH_SAFE(v, head, f, tmp)				\
	for ((v) = (head)->tqh_first; (v) != NULL && ((tmp) = (v)->f.tqe_next, 1); (v) = (tmp))
#define TAILQ_INSERT_TAIL(head, elm, f) do {				\
	(elm)->f.tqe_next = NULL;					\
	(elm)->f.tqe_prev = (head)->tqh_last;				\
	*(head)->tqh_last = (elm);					\
	(head)->tqh_last = &(elm)->f.tqe_next;				\
} while (0)
#define TAILQ_INSERT_HEAD(head, elm, f) do {				\
	if (((elm)->f.tqe_next = (head)->tqh_first) != NULL)		\
		(head)->tqh_first->f.tqe_prev = &(elm)->f.tqe_next;	\
	else								\
		(head)->tqh_last = &(elm)->f.tqe_next;			\
	(head)->tqh_first = (elm);					\
	(elm)->f.tqe_prev = &(head)->tqh_first;				\
} while (0)
#define TAILQ_INSERT_AFTER(head, lelm, elm, f) do {			\
	if (((elm)->f.tqe_next = (lelm)->f.tqe_next) != NULL)		\
		(elm)->f.tqe_next->f.tqe_prev = &(elm)->f.tqe_next;	\
	else								\
		(head)->tqh_last = &(elm)->f.tqe_next;			\
	(lelm)->f.tqe_next = (elm);					\
	(elm)->f.tqe_prev = &(lelm)->f.tqe_next;			\
} while (0)
#define TAILQ_REMOVE(head, elm, f) do {					\
	if ((elm)->f.tqe_next != NULL)					\
		(elm)->f.tqe_next->f.tqe_prev = (elm)->f.tqe_prev;	\
	else								\
		(head)->tqh_last = (elm)->f.tqe_prev;			\
	*(elm)->f.tqe_prev = (elm)->f.tqe_next;				\
	(elm)->f.tqe_next = NULL;					\
	(elm)->f.tqe_prev = NULL;					\
} while (0)

#endif
