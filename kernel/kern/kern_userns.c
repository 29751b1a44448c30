/*
 * User namespaces (Linux's user_namespace.c), see <sys/ucred.h>: the
 * initial namespace maps every id to itself; unshare(CLONE_NEWUSER) makes
 * a child whose creator holds every capability inside and none outside,
 * and whose ids are unmapped (65534) until /proc/<pid>/uid_map and gid_map
 * are written -- once each, with Linux's rules and errno.  Up to 5
 * extents stay in the order written (a linear search, and read back in
 * that order, as on Linux); more are sorted by inside id and searched by
 * bisection.  /proc/<pid>/ns/user opens a namespace file (nsfs, below)
 * that setns(2) takes.
 */
#include <sys/systm.h>
#include <sys/kernel.h>
#include <sys/errno.h>
#include <sys/file.h>
#include <sys/malloc.h>
#include <sys/mount.h>
#include <sys/proc.h>
#include <sys/sbuf.h>
#include <sys/sysctl.h>
#include <sys/sysproto.h>
#include <sys/sx.h>
#include <sys/ucred.h>
#include <sys/vnode.h>
#include <machine/vmparam.h>

MALLOC_DECLARE(M_CRED);

static const struct user_namespace *
ns_or_init(const struct user_namespace *ns)
{
	return (ns != NULL ? ns : &init_user_ns);
}

/* Writable in Linux's range (/proc/sys/kernel/overflowuid: 0..65535). */
SYSCTL_UINT_RW("kern.overflowuid", &overflowuid, 0, 65535, "what an unmapped uid reads as");
SYSCTL_UINT_RW("kern.overflowgid", &overflowgid, 0, 65535, "what an unmapped gid reads as");

/* Serializes map and setgroups writes (Linux's userns_state_mutex). */
static struct mtx userns_state_mtx;

static void
userns_init(const void *dummy __unused)
{
	mtx_init(&userns_state_mtx, "userns state", MTX_DEF);
}
SYSINIT(userns, SI_SUB_INTRINSIC, SI_ORDER_FIRST, userns_init, NULL);

/* --- life ------------------------------------------------------------------------------- */

void
userns_hold(struct user_namespace *ns)
{
	if (ns != NULL && ns != &init_user_ns)
		__atomic_add_fetch(&ns->ns_ref, 1, __ATOMIC_RELAXED);
}

void
userns_free(struct user_namespace *ns)
{
	struct user_namespace *parent;

	while (ns != NULL && ns != &init_user_ns &&
	    __atomic_sub_fetch(&ns->ns_ref, 1, __ATOMIC_ACQ_REL) == 0) {
		parent = ns->ns_parent;
		free(ns->ns_uid_map.ext, M_CRED);
		free(ns->ns_gid_map.ext, M_CRED);
		free(ns, M_CRED);
		ns = parent;		/* the child's reference on it */
	}
}

int
userns_may_setgroups(const struct user_namespace *ns)
{
	ns = ns_or_init(ns);
	return (ns->ns_gid_map.nr != 0 && ns->ns_setgroups);
}

/*
 * A new user namespace below cr's, owned by cr's effective ids, which
 * must be mapped in cr's namespace (EPERM); more than USERNS_MAX_LEVEL
 * levels below the initial one: ENOSPC.  One reference, the caller's.
 */
static unsigned userns_next_inum;

int
userns_create(const struct ucred *cr, struct user_namespace **nsp)
{
	struct user_namespace *parent = (struct user_namespace *)ns_or_init(cr->cr_userns), *ns;

	if (parent->ns_level > USERNS_MAX_LEVEL)
		return (ENOSPC);
	if (userns_map_up(&parent->ns_uid_map, cr->cr_uid) == (uint32_t)-1 ||
	    userns_map_up(&parent->ns_gid_map, cr->cr_gid) == (uint32_t)-1)
		return (EPERM);
	ns = malloc(sizeof(*ns), M_CRED, M_WAITOK | M_ZERO);
	ns->ns_ref = 1;
	userns_hold(parent);
	ns->ns_parent = parent;
	ns->ns_level = parent->ns_level + 1;
	ns->ns_owner = cr->cr_uid;
	ns->ns_group = cr->cr_gid;
	ns->ns_setgroups = 1;
	ns->ns_parent_could_setfcap = (cr->cr_cap_eff & CAP_BIT(CAP_SETFCAP)) != 0;
	/* Linux's proc_alloc_inum: numbers from 0xf0000000 up. */
	ns->ns_inum = 0xf0000000u + __atomic_fetch_add(&userns_next_inum, 1, __ATOMIC_RELAXED);
	*nsp = ns;
	return (0);
}

/*
 * Puts credential cr (a private copy) in ns, as Linux's
 * set_cred_user_ns: every capability in it, none inheritable or ambient.
 */
void
userns_enter(struct ucred *cr, struct user_namespace *ns)
{
	userns_free(cr->cr_userns);
	userns_hold(ns);
	cr->cr_userns = ns;
	cr->cr_cap_eff = cr->cr_cap_prm = cr->cr_cap_bnd = CAP_FULL_SET;
	cr->cr_cap_inh = cr->cr_cap_amb = 0;
	cr->cr_securebits = 0;
}

static int
edit_newuser(struct ucred *new, const struct ucred *old, const void *arg)
{
	(void)old;
	userns_enter(new, *(struct user_namespace *const *)arg);
	return (0);
}

#define LINUX_CLONE_NEWUSER	0x10000000

/*
 * unshare(2): CLONE_NEWUSER only, so far (other flags: EINVAL); a process
 * with other threads: EINVAL.
 */
int
sys_unshare(struct thread *td, struct unshare_args *uap)
{
	struct user_namespace *ns;
	int error;

	if (uap->flags == 0)
		return (0);
	if (uap->flags != LINUX_CLONE_NEWUSER)
		return (EINVAL);
	if (td->td_proc->p_numthreads > 1)
		return (EINVAL);
	if ((error = userns_create(td->td_ucred, &ns)) != 0)
		return (error);
	error = cred_change(td, edit_newuser, &ns);
	userns_free(ns);		/* ours: the credential holds its own now */
	return (error);
}

/* --- namespace files (Linux's nsfs) and setns(2) ------------------------------------------ */

/*
 * One vnode per open of /proc/<pid>/ns/user, holding the namespace (so a
 * descriptor keeps it after the process has gone or moved on), on a mount
 * of its own that is in no mount list: a regular file of mode 0444 whose
 * inode number is the namespace's, as Linux's nsfs shows it.
 */
struct nsfs_node {
	struct vnode		 nn_vnode;
	struct user_namespace	*nn_ns;		/* a reference */
};

static const struct vfsops nsfs_vfsops;
static const struct vfsconf nsfs_vfsconf = { "nsfs", &nsfs_vfsops };
static struct mount nsfs_mount;
#define NSFS_MAGIC	0x6e736673	/* Linux's */

static int
nsfs_getattr(struct vnode *vp, struct vattr *vap)
{
	struct nsfs_node *nn = vp->v_data;

	memset(vap, 0, sizeof(*vap));
	vap->va_type = VREG;
	vap->va_mode = 0444;
	vap->va_nlink = 1;
	vap->va_fsid = nsfs_mount.mnt_dev;
	vap->va_fileid = nn->nn_ns->ns_inum;
	vap->va_blocksize = 4096;
	return (0);
}

static void
nsfs_inactive(struct vnode *vp)
{
	struct nsfs_node *nn = vp->v_data;

	userns_free(nn->nn_ns);
	free(nn, M_CRED);
}

static const struct vop_vector nsfs_vnodeops = {
	.vop_getattr = nsfs_getattr,
	.vop_inactive = nsfs_inactive,
};

int
userns_vnode(struct user_namespace *ns, struct vnode **vpp)
{
	struct nsfs_node *nn = malloc(sizeof(*nn), M_CRED, M_WAITOK | M_ZERO);

	userns_hold(ns);
	nn->nn_ns = ns;
	vn_init(&nn->nn_vnode, VREG, &nsfs_mount, &nsfs_vnodeops, nn);
	vref(&nn->nn_vnode);
	*vpp = &nn->nn_vnode;
	return (0);
}

struct user_namespace *
userns_of_vnode(struct vnode *vp)
{
	if (vp == NULL || vp->v_op != &nsfs_vnodeops)
		return (NULL);
	return (((struct nsfs_node *)vp->v_data)->nn_ns);
}

static void
nsfs_init(const void *dummy __unused)
{
	sx_init(&nsfs_mount.mnt_lock, "nsfs");
	nsfs_mount.mnt_vfc = &nsfs_vfsconf;
	nsfs_mount.mnt_flag = MNT_RDONLY | MNT_NOSUID | MNT_NOEXEC;
	nsfs_mount.mnt_dev = 4;		/* Linux's nsfs: device 0:4 */
	nsfs_mount.mnt_stat.f_type = NSFS_MAGIC;
}
SYSINIT(nsfs, SI_SUB_VFS, SI_ORDER_ANY, nsfs_init, NULL);

/*
 * Linux's userns_install: not the namespace the caller is in (EINVAL: no
 * capabilities regained by re-entering), CAP_SYS_ADMIN over it (EPERM);
 * the caller's credential then lives there with every capability.
 */
static int
edit_setns(struct ucred *new, const struct ucred *old, const void *arg)
{
	struct user_namespace *ns = *(struct user_namespace *const *)arg;

	if (ns_or_init(old->cr_userns) == ns)
		return (EINVAL);
	if (ns_priv_check(old, ns, CAP_SYS_ADMIN) != 0)
		return (EPERM);
	userns_enter(new, ns);
	return (0);
}

/*
 * setns(2), for user namespaces: fd is a namespace file, nstype 0 or
 * CLONE_NEWUSER (anything else, or a file that is not one: EINVAL); a
 * process with other threads: EINVAL, as Linux's "tasks that share a
 * thread group must share a user namespace".
 */
int
sys_setns(struct thread *td, struct setns_args *uap)
{
	struct user_namespace *ns;
	struct file *fp;
	int error;

	if ((error = fget(td, uap->fd, &fp)) != 0)
		return (error);
	if ((ns = userns_of_vnode(fp->f_vnode)) == NULL ||
	    (uap->nstype != 0 && uap->nstype != LINUX_CLONE_NEWUSER))
		error = EINVAL;
	else if (td->td_proc->p_numthreads > 1)
		error = EINVAL;
	else
		error = cred_change(td, edit_setns, &ns);
	fdrop(fp, td);
	return (error);
}

/* --- /proc/<pid>/uid_map, gid_map, setgroups ------------------------------------------------ */

/*
 * Linux's layout: "%10u %10u %10u\n" per extent, the lower ids as the
 * reader sees them (from the parent namespace if the reader is inside ns).
 */
int
userns_map_show(const struct user_namespace *ns, int gid, const struct ucred *reader,
    struct sbuf *sb)
{
	const struct user_namespace *rns = ns_or_init(reader != NULL ? reader->cr_userns : NULL);
	const struct userns_map *m = gid ? &ns->ns_gid_map : &ns->ns_uid_map;
	uint32_t lower;
	int i;

	if (rns == ns && ns->ns_parent != NULL)
		rns = ns->ns_parent;
	mtx_lock(&userns_state_mtx);
	for (i = 0; i < m->nr; i++) {
		lower = userns_map_up(gid ? &rns->ns_gid_map : &rns->ns_uid_map,
		    m->ext[i].lower_first);
		if (lower == (uint32_t)-1)
			continue;		/* (Linux prints it as -1's overflow) */
		sbuf_printf(sb, "%10u %10u %10u\n", m->ext[i].first, lower, m->ext[i].count);
	}
	mtx_unlock(&userns_state_mtx);
	return (0);
}

static int
is_space(char c)
{
	return (c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r');
}

static const char *
skip_spaces(const char *p)
{
	while (is_space(*p))
		p++;
	return (p);
}

/* simple_strtoul in base 10, truncated to 32 bits as Linux's u32 fields take it. */
static uint32_t
strtou32(const char *p, const char **endp)
{
	uint64_t v = 0;

	while (*p >= '0' && *p <= '9')
		v = v * 10 + (uint64_t)(*p++ - '0');
	*endp = p;
	return ((uint32_t)v);
}

static int
extents_overlap(const struct userns_extent *e, int n, const struct userns_extent *x)
{
	uint32_t ufirst, ulast, lfirst, llast;
	int i;

	for (i = 0; i < n; i++) {
		ufirst = e[i].first;
		lfirst = e[i].lower_first;
		ulast = ufirst + e[i].count - 1;
		llast = lfirst + e[i].count - 1;
		if (x->first <= ulast && x->first + x->count - 1 >= ufirst)
			return (1);
		if (x->lower_first <= llast && x->lower_first + x->count - 1 >= lfirst)
			return (1);
	}
	return (0);
}

/*
 * Linux's new_idmap_permitted: the owner may map one id, its own effective
 * uid (or, for gid_map, its effective gid once setgroups is "deny") -- the
 * owner being the file's opener (cr, its f_cred); with CAP_SETUID
 * (CAP_SETGID) over the parent namespace, any ids, if both the writer and
 * the opener hold it: a privileged program handed a descriptor opened by
 * someone else (or opening one for someone else) cannot be made to map
 * ids that someone could not.
 */
/*
 * Linux's verify_root_map (5.12): a uid_map giving the parent's uid 0 a
 * place in ns needs CAP_SETFCAP -- the opener's over the parent, or, when
 * the opener is inside ns (its own map), the creator's when it made ns --
 * since root in ns could otherwise write file capabilities good outside.
 */
static int
verify_root_map(const struct user_namespace *ns, const struct ucred *cr,
    const struct userns_extent *e, int n)
{
	int i;

	for (i = 0; i < n && e[i].lower_first != 0; i++)
		;
	if (i == n)
		return (1);
	if (ns_or_init(cr->cr_userns) == ns)
		return (ns->ns_parent_could_setfcap);
	return (ns_priv_check(cr, ns->ns_parent, CAP_SETFCAP) == 0);
}

static int
idmap_permitted(const struct user_namespace *ns, int gid, const struct ucred *cr,
    const struct ucred *writer, const struct userns_extent *e, int n)
{
	int cap = gid ? CAP_SETGID : CAP_SETUID;

	if (!gid && !verify_root_map(ns, cr, e, n))
		return (0);

	if (n == 1 && e[0].count == 1 && ns->ns_owner == cr->cr_uid) {
		if (!gid && make_kuid(ns->ns_parent, e[0].lower_first) == cr->cr_uid)
			return (1);
		if (gid && !ns->ns_setgroups &&
		    make_kgid(ns->ns_parent, e[0].lower_first) == cr->cr_gid)
			return (1);
	}
	return (ns_priv_check(writer, ns->ns_parent, cap) == 0 &&
	    ns_priv_check(cr, ns->ns_parent, cap) == 0);
}

/*
 * A write to uid_map or gid_map, with Linux's rules in Linux's order: at
 * offset 0 and under a page (EINVAL); opened by someone in ns or its parent
 * (EPERM); once (EPERM); opened with CAP_SYS_ADMIN over ns (EPERM); lines of
 * three decimal fields, no -1, no zero count, no wrap, no overlap in
 * either range, at most 340 (EINVAL); permitted ids (EPERM); lower ids all
 * mapped in the parent (EPERM).
 */
int
userns_map_write(struct user_namespace *ns, int gid, struct ucred *writer, struct ucred *opener,
    const char *buf, size_t len, int64_t off)
{
	struct userns_map *m = gid ? &ns->ns_gid_map : &ns->ns_uid_map;
	const struct userns_map *pm;
	struct userns_extent *e = NULL, x, t;
	const struct user_namespace *wns = ns_or_init(opener->cr_userns);	/* Linux's seq_user_ns */
	char *kbuf, *line, *next;
	const char *p;
	uint32_t lower;
	int n = 0, i, j, error;

	if (off != 0 || len >= PAGE_SIZE)
		return (EINVAL);
	if (wns != ns && wns != ns->ns_parent)
		return (EPERM);
	if (ns == &init_user_ns)
		return (EPERM);		/* (written at boot, as a map once written) */
	kbuf = malloc(len + 1, M_CRED, M_WAITOK);
	memcpy(kbuf, buf, len);
	kbuf[len] = '\0';
	e = malloc(sizeof(*e) * USERNS_MAX_EXTENTS, M_CRED, M_WAITOK);
	mtx_lock(&userns_state_mtx);
	error = EPERM;
	if (m->nr != 0 || ns_priv_check(opener, ns, CAP_SYS_ADMIN) != 0)
		goto out;
	error = EINVAL;
	for (line = kbuf; line != NULL; line = next) {
		if ((next = strchr(line, '\n')) != NULL) {
			*next++ = '\0';
			if (*next == '\0')
				next = NULL;
		}
		p = skip_spaces(line);
		x.first = strtou32(p, &p);
		if (!is_space(*p))
			goto out;
		x.lower_first = strtou32(skip_spaces(p), &p);
		if (!is_space(*p))
			goto out;
		x.count = strtou32(skip_spaces(p), &p);
		if (*p != '\0' && !is_space(*p))
			goto out;
		if (*skip_spaces(p) != '\0')
			goto out;
		if (x.first == (uint32_t)-1 || x.lower_first == (uint32_t)-1)
			goto out;
		if ((uint32_t)(x.first + x.count) <= x.first ||
		    (uint32_t)(x.lower_first + x.count) <= x.lower_first)
			goto out;
		if (extents_overlap(e, n, &x))
			goto out;
		if (n + 1 == USERNS_MAX_EXTENTS && next != NULL)
			goto out;
		e[n++] = x;
	}
	if (n == 0)
		goto out;
	error = EPERM;
	if (!idmap_permitted(ns, gid, opener, writer, e, n))
		goto out;
	/* The lower ids, parent's view -> global ids: each range wholly mapped. */
	pm = gid ? &ns->ns_parent->ns_gid_map : &ns->ns_parent->ns_uid_map;
	for (i = 0; i < n; i++) {
		lower = userns_map_down(pm, e[i].lower_first);
		if (lower == (uint32_t)-1 ||
		    userns_map_down(pm, e[i].lower_first + e[i].count - 1) !=
		    lower + e[i].count - 1)
			goto out;
		e[i].lower_first = lower;
	}
	/* Beyond a handful, sorted by the inside id for userns_map_down's bisection. */
	for (i = 1; n > USERNS_BASE_EXTENTS && i < n; i++)
		for (j = i, t = e[i]; j > 0 && e[j - 1].first > t.first; j--) {
			e[j] = e[j - 1];
			e[j - 1] = t;
		}
	m->ext = e;
	__atomic_store_n(&m->nr, n, __ATOMIC_RELEASE);	/* readers see ext first */
	e = NULL;
	error = 0;
out:
	mtx_unlock(&userns_state_mtx);
	free(e, M_CRED);
	free(kbuf, M_CRED);
	return (error);
}

/* "allow" or "deny" (trailing blanks allowed); deny is for good, and only before gid_map. */
int
userns_setgroups_write(struct user_namespace *ns, struct ucred *writer, const char *buf,
    size_t len, int64_t off)
{
	char kbuf[8];
	const char *p;
	int allow, error;

	if (off != 0 || len >= sizeof(kbuf))
		return (EINVAL);
	memcpy(kbuf, buf, len);
	kbuf[len] = '\0';
	if (strncmp(kbuf, "allow", 5) == 0) {
		allow = 1;
		p = kbuf + 5;
	} else if (strncmp(kbuf, "deny", 4) == 0) {
		allow = 0;
		p = kbuf + 4;
	} else
		return (EINVAL);
	if (*skip_spaces(p) != '\0')
		return (EINVAL);
	if (ns_priv_check(writer, ns, CAP_SYS_ADMIN) != 0)
		return (EPERM);
	mtx_lock(&userns_state_mtx);
	error = EPERM;
	if (allow) {
		if (ns->ns_setgroups)
			error = 0;
	} else if (ns->ns_gid_map.nr == 0 && ns != &init_user_ns) {
		ns->ns_setgroups = 0;
		error = 0;
	}
	mtx_unlock(&userns_state_mtx);
	return (error);
}
