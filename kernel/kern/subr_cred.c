/*
 * The credential predicates and id maps that decide without changing
 * anything: the initial user namespace, ids through a namespace's maps
 * (<sys/ucred.h>), and the capability checks over namespaces and over
 * files.  Apart from kern_prot.c and kern_userns.c (which change
 * credentials and namespaces) so that the VFS built for the host tests
 * (kernel/fs/files.mk VFS_PORTABLE_SRCS) decides as the kernel does.
 */
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/ucred.h>

static struct userns_extent init_extent = { 0, 0, 0xffffffffu };

struct user_namespace init_user_ns = {
	.ns_ref = 1,
	.ns_setgroups = 1,
	.ns_inum = 0xeffffffdu,		/* Linux's PROC_USER_INIT_INO */
	.ns_uid_map = { 1, &init_extent },
	.ns_gid_map = { 1, &init_extent },
};

/* --- ids through the maps -------------------------------------------------------------- */

/* The id inside for global id `id` (extents sorted by `first`; a lower search is linear). */
uint32_t
userns_map_up(const struct userns_map *m, uint32_t id)
{
	int i;

	for (i = 0; i < m->nr; i++)
		if (id >= m->ext[i].lower_first && id - m->ext[i].lower_first < m->ext[i].count)
			return (m->ext[i].first + (id - m->ext[i].lower_first));
	return ((uint32_t)-1);
}


/* The global id for inside id `id`. */
uint32_t
userns_map_down(const struct userns_map *m, uint32_t id)
{
	int lo = 0, hi = m->nr - 1, mid;

	if (m->nr <= USERNS_BASE_EXTENTS) {
		for (mid = 0; mid < m->nr; mid++)
			if (id >= m->ext[mid].first && id - m->ext[mid].first < m->ext[mid].count)
				return (m->ext[mid].lower_first + (id - m->ext[mid].first));
		return ((uint32_t)-1);
	}

	while (lo <= hi) {
		mid = (lo + hi) / 2;
		if (id < m->ext[mid].first)
			hi = mid - 1;
		else if (id - m->ext[mid].first >= m->ext[mid].count)
			lo = mid + 1;
		else
			return (m->ext[mid].lower_first + (id - m->ext[mid].first));
	}
	return ((uint32_t)-1);
}

static const struct user_namespace *
ns_or_init(const struct user_namespace *ns)
{
	return (ns != NULL ? ns : &init_user_ns);
}

/* What an unmapped id reads as (Linux's /proc/sys/kernel/overflowuid, overflowgid). */
unsigned overflowuid = OVERFLOW_ID, overflowgid = OVERFLOW_ID;

uid_t
from_kuid_munged(const struct user_namespace *ns, uid_t kuid)
{
	uint32_t id = userns_map_up(&ns_or_init(ns)->ns_uid_map, kuid);

	return (id == (uint32_t)-1 ? overflowuid : id);
}

gid_t
from_kgid_munged(const struct user_namespace *ns, gid_t kgid)
{
	uint32_t id = userns_map_up(&ns_or_init(ns)->ns_gid_map, kgid);

	return (id == (uint32_t)-1 ? overflowgid : id);
}

uid_t
make_kuid(const struct user_namespace *ns, uid_t uid)
{
	return (userns_map_down(&ns_or_init(ns)->ns_uid_map, uid));
}

gid_t
make_kgid(const struct user_namespace *ns, gid_t gid)
{
	return (userns_map_down(&ns_or_init(ns)->ns_gid_map, gid));
}

/* A capability in cr's own namespace (Linux's ns_capable(cred->user_ns)). */
static int
cap_local(const struct ucred *cr, int cap)
{
	return ((cr->cr_cap_eff & CAP_BIT(cap)) != 0);
}

int
ns_priv_check(const struct ucred *cr, const struct user_namespace *ns, int cap)
{
	const struct user_namespace *cns;

	if (cr == NULL)
		return (0);
	cns = cr->cr_userns != NULL ? cr->cr_userns : &init_user_ns;
	if (ns == NULL)
		ns = &init_user_ns;
	for (;;) {
		if (ns == cns)
			return (cap_local(cr, cap) ? 0 : EPERM);
		if (ns->ns_level <= cns->ns_level)
			return (EPERM);
		if (ns->ns_parent == cns && ns->ns_owner == cr->cr_uid)
			return (0);
		ns = ns->ns_parent;
	}
}

int
priv_check_wrt(const struct ucred *cr, uid_t uid, gid_t gid, int cap)
{
	if (cr == NULL)
		return (0);
	if (!cap_local(cr, cap) ||
	    userns_map_up(&ns_or_init(cr->cr_userns)->ns_uid_map, uid) == (uint32_t)-1 ||
	    userns_map_up(&ns_or_init(cr->cr_userns)->ns_gid_map, gid) == (uint32_t)-1)
		return (EPERM);
	return (0);
}
