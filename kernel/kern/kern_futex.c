/*
 * futex(2): FUTEX_WAIT(_BITSET), FUTEX_WAKE(_BITSET), FUTEX_REQUEUE,
 * FUTEX_CMP_REQUEUE and FUTEX_WAKE_OP, private or shared, with relative
 * (WAIT) or absolute (WAIT_BITSET; CLOCK_MONOTONIC or, with
 * FUTEX_CLOCK_REALTIME, the wall clock) timeouts; the robust-futex list
 * at thread exit.  Priority-inheritance operations return ENOSYS.
 *
 * Waiters hang on a hash of buckets by key.  A waiter compares the user
 * word with the expected value while holding its bucket's lock, and a
 * waker takes that lock to find it, so a wake between the comparison and
 * the sleep is never lost.  Bucket locks are taken in address order when
 * two are needed (requeue), so they are kept out of witness, which would
 * see two locks of one class.
 */
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/futex.h>
#include <sys/kernel.h>
#include <sys/proc.h>
#include <sys/queue.h>
#include <sys/sysproto.h>
#include <sys/time.h>
#include <machine/vmparam.h>
#include <vm/vm_map.h>
#include <vm/vm_object.h>

#define FUTEX_WAIT		0
#define FUTEX_WAKE		1
#define FUTEX_REQUEUE		3
#define FUTEX_CMP_REQUEUE	4
#define FUTEX_WAKE_OP		5
#define FUTEX_WAIT_BITSET	9
#define FUTEX_WAKE_BITSET	10
#define FUTEX_PRIVATE_FLAG	128
#define FUTEX_CLOCK_REALTIME	256
#define FUTEX_CMD_MASK		(~(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME))
#define FUTEX_BITSET_ANY	0xffffffffU

#define FUTEX_WAITERS		0x80000000U
#define FUTEX_OWNER_DIED	0x40000000U
#define FUTEX_TID_MASK		0x3fffffffU
#define ROBUST_LIST_LIMIT	2048

#define NBUCKETS		256

struct futex_key {
	uintptr_t	a;	/* address space (private) or object (shared) */
	uint64_t	b;	/* address, or offset in the object */
};

struct futex_bucket;

struct futex_waiter {
	TAILQ_ENTRY(futex_waiter) link;
	struct futex_key	 key;
	uint32_t		 bitset;
	struct futex_bucket	*bucket;	/* where it hangs now (requeue moves it) */
	int			 woken;
};

struct futex_bucket {
	struct mtx			lock;
	TAILQ_HEAD(, futex_waiter)	waiters;
};

static struct futex_bucket buckets[NBUCKETS];

static void
futex_init(const void *dummy __unused)
{
	int i;

	for (i = 0; i < NBUCKETS; i++) {
		mtx_init(&buckets[i].lock, "futex bucket", MTX_DEF | MTX_NOWITNESS);
		TAILQ_INIT(&buckets[i].waiters);
	}
}
SYSINIT(futex, SI_SUB_INTRINSIC, SI_ORDER_ANY, futex_init, NULL);

/*
 * The key of a user word: private futexes (and private memory) by address
 * space and address, shared memory by its object and offset.
 */
static int
futex_key(struct thread *td, const uint32_t *uaddr, int private, struct futex_key *k)
{
	struct vmspace *vs = td->td_proc->p_vmspace;
	struct vm_map_entry *e;
	uint64_t a = (uint64_t)uaddr;

	if ((a & 3) != 0)
		return (EINVAL);
	if (a >= VM_MAXUSER_ADDRESS)
		return (EFAULT);
	k->a = (uintptr_t)vs;
	k->b = a;
	if (private)
		return (0);
	sx_slock(&vs->vm_map.lock);
	e = vm_map_lookup_entry(&vs->vm_map, a);
	if (e == NULL) {
		sx_sunlock(&vs->vm_map.lock);
		return (EFAULT);
	}
	if (e->object != NULL && (e->eflags & MAP_ENTRY_SHARED)) {
		/* A file's pages belong to its vnode: every mapping of it meets there. */
		k->a = e->object->type == OBJT_VNODE ? (uintptr_t)e->object->u.vnode.vp :
		    (uintptr_t)e->object;
		k->b = e->offset + (a - e->start);
	}
	sx_sunlock(&vs->vm_map.lock);
	return (0);
}

static struct futex_bucket *
bucket_of(const struct futex_key *k)
{
	uint64_t h = (uint64_t)k->a * 0x9e3779b97f4a7c15ULL ^ (k->b >> 2) * 0xff51afd7ed558ccdULL;

	return (&buckets[(h >> 32) % NBUCKETS]);
}

static int
key_eq(const struct futex_key *x, const struct futex_key *y)
{
	return (x->a == y->a && x->b == y->b);
}

/* Locks the bucket w hangs on now (it may move while we wait for a lock). */
static struct futex_bucket *
lock_waiter_bucket(struct futex_waiter *w, struct futex_bucket *held)
{
	struct futex_bucket *b;

	for (;;) {
		b = __atomic_load_n(&w->bucket, __ATOMIC_ACQUIRE);
		if (b == held)
			return (b);
		mtx_unlock(&held->lock);
		mtx_lock(&b->lock);
		held = b;
	}
}

static int
futex_wait(struct thread *td, uint32_t *uaddr, int private, uint32_t val, int timo,
    uint32_t bitset)
{
	struct futex_waiter w;
	struct futex_bucket *b;
	uint32_t cur;
	int error;

	if (bitset == 0)
		return (EINVAL);
	memset(&w, 0, sizeof(w));
	if ((error = futex_key(td, uaddr, private, &w.key)) != 0)
		return (error);
	w.bitset = bitset;
	b = w.bucket = bucket_of(&w.key);
	mtx_lock(&b->lock);
	if ((error = fueword32(uaddr, &cur)) != 0) {
		mtx_unlock(&b->lock);
		return (error);
	}
	if (cur != val || timo < 0) {
		mtx_unlock(&b->lock);
		return (cur != val ? EAGAIN : ETIMEDOUT);
	}
	TAILQ_INSERT_TAIL(&b->waiters, &w, link);
	error = 0;
	while (!w.woken && error == 0) {
		error = msleep_sig(&w, &b->lock, "futex", timo);
		b = lock_waiter_bucket(&w, b);
	}
	if (!w.woken)
		TAILQ_REMOVE(&b->waiters, &w, link);
	else
		error = 0;
	mtx_unlock(&b->lock);
	if (error == EWOULDBLOCK)
		return (ETIMEDOUT);
	if (error == ERESTART && timo > 0)
		return (EINTR);		/* a timed wait does not restart with its old timeout */
	return (error);
}

/* Wakes up to n waiters of key in b (locked): the number woken. */
static int
wake_locked(struct futex_bucket *b, const struct futex_key *k, int n, uint32_t bitset)
{
	struct futex_waiter *w, *t;
	int woken = 0;

	TAILQ_FOREACH_SAFE(w, &b->waiters, link, t) {
		if (woken >= n)
			break;
		if (!key_eq(&w->key, k) || (w->bitset & bitset) == 0)
			continue;
		TAILQ_REMOVE(&b->waiters, w, link);
		w->woken = 1;
		wakeup_one(w);
		woken++;
	}
	return (woken);
}

static int
futex_wake(struct thread *td, uint32_t *uaddr, int private, int n, uint32_t bitset,
    int *woken)
{
	struct futex_key k;
	struct futex_bucket *b;
	int error;

	if (bitset == 0)
		return (EINVAL);
	if ((error = futex_key(td, uaddr, private, &k)) != 0)
		return (error);
	b = bucket_of(&k);
	mtx_lock(&b->lock);
	*woken = wake_locked(b, &k, n, bitset);
	mtx_unlock(&b->lock);
	return (0);
}

int
futex_wake_user(struct thread *td, uint32_t *uaddr, int n, int private_only)
{
	int woken = 0;

	futex_wake(td, uaddr, private_only, n, FUTEX_BITSET_ANY, &woken);
	return (woken);
}

static void
lock_two(struct futex_bucket *a, struct futex_bucket *b)
{
	if (a == b)
		mtx_lock(&a->lock);
	else if (a < b) {
		mtx_lock(&a->lock);
		mtx_lock(&b->lock);
	} else {
		mtx_lock(&b->lock);
		mtx_lock(&a->lock);
	}
}

static void
unlock_two(struct futex_bucket *a, struct futex_bucket *b)
{
	mtx_unlock(&a->lock);
	if (a != b)
		mtx_unlock(&b->lock);
}

static int
futex_requeue(struct thread *td, uint32_t *uaddr, uint32_t *uaddr2, int private, int nwake,
    int nreq, int cmp, uint32_t val3, int *count)
{
	struct futex_key k1, k2;
	struct futex_bucket *b1, *b2;
	struct futex_waiter *w, *t;
	uint32_t cur;
	int error, moved = 0;

	if (nwake < 0 || nreq < 0)
		return (EINVAL);
	if ((error = futex_key(td, uaddr, private, &k1)) != 0 ||
	    (error = futex_key(td, uaddr2, private, &k2)) != 0)
		return (error);
	b1 = bucket_of(&k1);
	b2 = bucket_of(&k2);
	lock_two(b1, b2);
	if (cmp) {
		if ((error = fueword32(uaddr, &cur)) != 0 || cur != val3) {
			unlock_two(b1, b2);
			return (error != 0 ? error : EAGAIN);
		}
	}
	*count = wake_locked(b1, &k1, nwake, FUTEX_BITSET_ANY);
	TAILQ_FOREACH_SAFE(w, &b1->waiters, link, t) {
		if (moved >= nreq)
			break;
		if (!key_eq(&w->key, &k1))
			continue;
		TAILQ_REMOVE(&b1->waiters, w, link);
		w->key = k2;
		TAILQ_INSERT_TAIL(&b2->waiters, w, link);
		__atomic_store_n(&w->bucket, b2, __ATOMIC_RELEASE);
		moved++;
	}
	unlock_two(b1, b2);
	if (cmp)
		*count += moved;	/* CMP_REQUEUE counts both */
	return (0);
}

/* FUTEX_WAKE_OP: *uaddr2 op= oparg atomically; wake uaddr; maybe wake uaddr2. */
static int
futex_wake_op(struct thread *td, uint32_t *uaddr, uint32_t *uaddr2, int private, int n1,
    int n2, uint32_t encoded, int *count)
{
	int op = (encoded >> 28) & 7, cmp = (encoded >> 24) & 15;
	uint32_t oparg = (encoded >> 12) & 0xfff, cmparg = encoded & 0xfff, old, seen, new;
	struct futex_key k1, k2;
	struct futex_bucket *b1, *b2;
	int error, take2;

	if ((encoded >> 31) & 1)	/* FUTEX_OP_OPARG_SHIFT */
		oparg = oparg >= 32 ? 0 : 1U << oparg;
	if ((error = futex_key(td, uaddr, private, &k1)) != 0 ||
	    (error = futex_key(td, uaddr2, private, &k2)) != 0)
		return (error);
	if ((error = fueword32(uaddr2, &old)) != 0)
		return (error);
	for (;;) {
		switch (op) {
		case 0: new = oparg; break;		/* SET */
		case 1: new = old + oparg; break;	/* ADD */
		case 2: new = old | oparg; break;	/* OR */
		case 3: new = old & ~oparg; break;	/* ANDN */
		case 4: new = old ^ oparg; break;	/* XOR */
		default: return (ENOSYS);
		}
		if ((error = casueword32(uaddr2, old, &seen, new)) != 0)
			return (error);
		if (seen == old)
			break;
		old = seen;
	}
	switch (cmp) {
	case 0: take2 = old == cmparg; break;
	case 1: take2 = old != cmparg; break;
	case 2: take2 = (int32_t)old < (int32_t)cmparg; break;
	case 3: take2 = (int32_t)old <= (int32_t)cmparg; break;
	case 4: take2 = (int32_t)old > (int32_t)cmparg; break;
	case 5: take2 = (int32_t)old >= (int32_t)cmparg; break;
	default: return (ENOSYS);
	}
	b1 = bucket_of(&k1);
	b2 = bucket_of(&k2);
	lock_two(b1, b2);
	*count = wake_locked(b1, &k1, n1, FUTEX_BITSET_ANY);
	if (take2)
		*count += wake_locked(b2, &k2, n2, FUTEX_BITSET_ANY);
	unlock_two(b1, b2);
	return (0);
}

/* Ticks until an absolute time on clock `realtime` (1) or CLOCK_MONOTONIC (0). */
/* -1: already past (the value is still checked first, as Linux does). */
static int
abs_ticks(const struct l_timespec *ts, int realtime)
{
	uint64_t now = realtime ? realtime_ns() : uptime_ns(), when = timespec_ns(ts);

	return (when <= now ? -1 : ns_to_ticks(when - now));
}

int
sys_futex(struct thread *td, struct futex_args *uap)
{
	int cmd = uap->op & FUTEX_CMD_MASK, private = (uap->op & FUTEX_PRIVATE_FLAG) != 0;
	int realtime = (uap->op & FUTEX_CLOCK_REALTIME) != 0, timo = 0, n = 0, error;
	struct l_timespec ts;

	if (realtime && cmd != FUTEX_WAIT_BITSET && cmd != FUTEX_WAIT)
		return (ENOSYS);
	switch (cmd) {
	case FUTEX_WAIT:
	case FUTEX_WAIT_BITSET:
		if (uap->timeout != NULL) {
			if ((error = copyin(uap->timeout, &ts, sizeof(ts))) != 0)
				return (error);
			if ((error = timespec_check(&ts)) != 0)
				return (error);
			if (cmd == FUTEX_WAIT_BITSET)
				timo = abs_ticks(&ts, realtime);
			else if ((timo = ns_to_ticks(timespec_ns(&ts))) == 0)
				timo = -1;
		}
		return (futex_wait(td, uap->uaddr, private, uap->val, timo,
		    cmd == FUTEX_WAIT ? FUTEX_BITSET_ANY : uap->val3));
	case FUTEX_WAKE:
	case FUTEX_WAKE_BITSET:
		error = futex_wake(td, uap->uaddr, private, (int)uap->val,
		    cmd == FUTEX_WAKE ? FUTEX_BITSET_ANY : uap->val3, &n);
		break;
	case FUTEX_REQUEUE:
	case FUTEX_CMP_REQUEUE:
		/* The requeue count travels in the timeout argument. */
		error = futex_requeue(td, uap->uaddr, uap->uaddr2, private, (int)uap->val,
		    (int)(uint64_t)uap->timeout, cmd == FUTEX_CMP_REQUEUE, uap->val3, &n);
		break;
	case FUTEX_WAKE_OP:
		error = futex_wake_op(td, uap->uaddr, uap->uaddr2, private, (int)uap->val,
		    (int)(uint64_t)uap->timeout, uap->val3, &n);
		break;
	default:
		return (ENOSYS);
	}
	if (error == 0)
		td->td_retval[0] = (uint64_t)n;
	return (error);
}

/* --- robust futexes ------------------------------------------------------------- */

struct robust_list_head {
	uint64_t	next;		/* first entry (the head's own address: empty) */
	int64_t		futex_offset;	/* from an entry to its futex word */
	uint64_t	pending;	/* an entry being acquired or released */
};

/* The futex word at entry+offset is td's: mark its owner dead, wake a waiter. */
static void
robust_release(struct thread *td, uint64_t entry, int64_t off)
{
	uint32_t *uaddr = (uint32_t *)(entry + (uint64_t)off), old, seen, new;
	int tries;

	if (fueword32(uaddr, &old) != 0)
		return;
	for (tries = 0; tries < 16 && (old & FUTEX_TID_MASK) == (uint32_t)td->td_tid; tries++) {
		new = (old & FUTEX_WAITERS) | FUTEX_OWNER_DIED;
		if (casueword32(uaddr, old, &seen, new) != 0)
			return;
		if (seen == old) {
			if (old & FUTEX_WAITERS)
				futex_wake_user(td, uaddr, 1, 0);
			return;
		}
		old = seen;
	}
}

void
futex_exit_robust(struct thread *td)
{
	struct robust_list_head h;
	uint64_t head = td->td_robust_list, entry, next;
	int n;

	td->td_robust_list = 0;
	if (copyin((void *)head, &h, sizeof(h)) != 0)
		return;
	for (entry = h.next, n = 0; entry != head && n < ROBUST_LIST_LIMIT; n++) {
		if (copyin((void *)entry, &next, sizeof(next)) != 0)
			break;
		if (entry != h.pending)
			robust_release(td, entry, h.futex_offset);
		entry = next;
	}
	if (h.pending != 0)
		robust_release(td, h.pending, h.futex_offset);
}

int
sys_set_robust_list(struct thread *td, struct set_robust_list_args *uap)
{
	if (uap->len != sizeof(struct robust_list_head))
		return (EINVAL);
	td->td_robust_list = (uint64_t)uap->head;
	td->td_robust_len = uap->len;
	return (0);
}

int
sys_get_robust_list(struct thread *td, struct get_robust_list_args *uap)
{
	struct thread *t = td;
	uint64_t head, len = sizeof(struct robust_list_head);
	int error;

	if (uap->pid != 0) {
		mtx_lock(&proctree_lock);
		t = tdfind(uap->pid, -1);
		head = t != NULL ? t->td_robust_list : 0;
		mtx_unlock(&proctree_lock);
		if (t == NULL)
			return (ESRCH);
	} else
		head = t->td_robust_list;
	if ((error = copyout(&head, uap->head, sizeof(head))) != 0)
		return (error);
	return (copyout(&len, uap->len, sizeof(len)));
}
