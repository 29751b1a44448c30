/*
 * flock(2): advisory whole-file locks with Linux's semantics (fs/locks.c).
 *
 * A lock belongs to an open file description (descriptors made by dup or
 * inherited by fork share it) and is on the object the file is open on:
 * its vnode, or the pipe of a pipe end.  Shared locks coexist; an
 * exclusive one excludes every other description's.  Changing a lock's
 * kind drops the old one first and then asks for the new one (Linux: not
 * atomic; a refused LOCK_NB conversion leaves no lock).  A blocked request
 * sleeps interruptibly: EINTR, or restarted after a SA_RESTART handler.
 * The lock goes when the description's last reference does (fdrop).
 *
 * The locks sit in one small hash table keyed by object, under one mutex:
 * they are few and short-lived (busybox and shell scripts).
 */
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/fcntl.h>
#include <sys/file.h>
#include <sys/kernel.h>
#include <sys/malloc.h>
#include <sys/mutex.h>
#include <sys/proc.h>
#include <sys/sysproto.h>

#define LOCK_SH		1	/* Linux's operations */
#define LOCK_EX		2
#define LOCK_NB		4
#define LOCK_UN		8
#define LOCK_MAND	32	/* Samba's old share modes: Linux ignores the call */

#define FLOCK_HASH	64

struct flock_ent {
	struct flock_ent *next;
	const void	*obj;		/* the vnode or pipe locked */
	struct file	*fp;		/* the description holding it */
	int		 excl;
};

MALLOC_DEFINE(M_FLOCK, "flock", "flock(2) locks");
static struct flock_ent *flock_hash[FLOCK_HASH];
static struct mtx flock_mtx;
static int flock_count;		/* locks held: fdrop looks only when some are */

static void
flock_init(const void *dummy __unused)
{
	mtx_init(&flock_mtx, "flock", MTX_DEF);
}
SYSINIT(flock, SI_SUB_KTHREAD_INIT, SI_ORDER_ANY, flock_init, NULL);

static const void *
flock_obj(struct file *fp)
{
	return (fp->f_vnode != NULL ? (const void *)fp->f_vnode : fp->f_data);
}

static struct flock_ent **
flock_bucket(const void *obj)
{
	return (&flock_hash[((uintptr_t)obj >> 6) % FLOCK_HASH]);
}

/* Removes fp's lock on obj, waking those waiting there (flock_mtx held); 1 if it had one. */
static int
flock_remove(const void *obj, struct file *fp)
{
	struct flock_ent **ep, *e;

	for (ep = flock_bucket(obj); (e = *ep) != NULL; ep = &e->next)
		if (e->obj == obj && e->fp == fp) {
			*ep = e->next;
			free(e, M_FLOCK);
			flock_count--;
			wakeup(flock_bucket(obj));	/* those waiting on this bucket look again */
			return (1);
		}
	return (0);
}

/* Another description's lock on obj that a lock of kind excl cannot live with. */
static int
flock_conflict(const void *obj, struct file *fp, int excl)
{
	struct flock_ent *e;

	for (e = *flock_bucket(obj); e != NULL; e = e->next)
		if (e->obj == obj && e->fp != fp && (excl || e->excl))
			return (1);
	return (0);
}

static struct flock_ent *
flock_find(const void *obj, struct file *fp)
{
	struct flock_ent *e;

	for (e = *flock_bucket(obj); e != NULL; e = e->next)
		if (e->obj == obj && e->fp == fp)
			return (e);
	return (NULL);
}

int
sys_flock(struct thread *td, struct flock_args *uap)
{
	struct flock_ent *e, *new;
	struct file *fp;
	const void *obj;
	int op = uap->how & ~LOCK_NB, excl = op == LOCK_EX, error;

	/* Linux's order: LOCK_MAND, the operation (EINVAL), the descriptor (EBADF). */
	if (uap->how & LOCK_MAND)
		return (0);
	if (op != LOCK_SH && op != LOCK_EX && op != LOCK_UN)
		return (EINVAL);
	if ((error = fget(td, uap->fd, &fp)) != 0)
		return (error);
	if (fp->f_flag & FPATH) {
		fdrop(fp, td);
		return (EBADF);
	}
	obj = flock_obj(fp);
	new = op != LOCK_UN ? malloc(sizeof(*new), M_FLOCK, M_WAITOK | M_ZERO) : NULL;
	mtx_lock(&flock_mtx);
	if ((e = flock_find(obj, fp)) != NULL && op != LOCK_UN && e->excl == excl)
		goto out;	/* already held that way */
	if (e != NULL)
		flock_remove(obj, fp);
	if (op == LOCK_UN)
		goto out;
	while (flock_conflict(obj, fp, excl)) {
		if (uap->how & LOCK_NB) {
			error = EWOULDBLOCK;
			goto out;
		}
		if ((error = msleep_sig(flock_bucket(obj), &flock_mtx, "flock", 0)) != 0)
			goto out;
	}
	new->obj = obj;
	new->fp = fp;
	new->excl = excl;
	new->next = *flock_bucket(obj);
	*flock_bucket(obj) = new;
	flock_count++;
	new = NULL;
out:
	mtx_unlock(&flock_mtx);
	free(new, M_FLOCK);
	fdrop(fp, td);
	return (error);
}

/* fdrop: the last reference to fp is going; so does its lock. */
void
flock_release(struct file *fp)
{
	if (__atomic_load_n(&flock_count, __ATOMIC_RELAXED) == 0)
		return;
	mtx_lock(&flock_mtx);
	flock_remove(flock_obj(fp), fp);
	mtx_unlock(&flock_mtx);
}
