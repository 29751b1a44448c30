/*
 * Mounting and unmounting by path name, and syncing every mount: what
 * mount(2), umount2(2), sync(2) and the kernel shell's mount, umount and
 * sync share (vfs_mount.c does the mount table itself).
 *
 * File system types by Linux's names too: "vfat" and "msdos" are msdosfs,
 * whose source is a disk or partition ("/dev/vtbd0p1": the name is looked
 * up among the disks, whose devfs nodes are for reading).  Options are a
 * comma-separated string; for msdosfs, "force" mounts a volume read-write
 * even when it is marked dirty (not cleanly unmounted), "check" does when
 * the mount's walk of every chain finds it sound, after freeing its lost
 * clusters (what fsck would do after a crash), and "subdir=DIR"
 * mounts the volume's directory DIR as the root (how /etc/fstab puts the
 * ESP's /boot directory at /boot, so that /boot/loader.conf is the file
 * the loader reads).  tmpfs takes Linux's size=, nr_inodes= and mode=.
 */
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/mount.h>
#include <sys/vfs_path.h>
#include <sys/vnode.h>
#include <vm/vm_phys.h>
#include <fs/msdosfs/msdosfs_vfs.h>
#include <fs/tmpfs/tmpfs.h>
#include <geom/geom_disk.h>

/*
 * The option `opt` of a comma-separated list: 1 when present, with its
 * value ("subdir=boot") copied into val (may be NULL) if it has one.
 */
static int
get_option(const char *opts, const char *opt, char *val, size_t vlen)
{
	size_t n = strlen(opt), k;
	const char *p;

	for (p = opts; p != NULL && *p != '\0'; p = strchr(p, ',') ? strchr(p, ',') + 1 : NULL) {
		if (strncmp(p, opt, n) != 0 || (p[n] != ',' && p[n] != '\0' && p[n] != '='))
			continue;
		if (val != NULL) {
			val[0] = '\0';
			if (p[n] == '=') {
				for (k = 0; p[n + 1 + k] != ',' && p[n + 1 + k] != '\0' &&
				    k + 1 < vlen; k++)
					val[k] = p[n + 1 + k];
				val[k] = '\0';
			}
		}
		return (1);
	}
	return (0);
}

/*
 * A tmpfs size ("size=", "nr_inodes=") as Linux's tmpfs reads it: a number
 * with an optional k, m or g (binary units), or for size a percentage of
 * the memory; 0 or EINVAL.
 */
static int
tmpfs_number(const char *val, int percent_ok, uint64_t *np)
{
	uint64_t n = 0;
	const char *p;

	for (p = val; *p >= '0' && *p <= '9'; p++) {
		if (n > (UINT64_MAX - 9) / 10)
			return (EINVAL);
		n = n * 10 + (uint64_t)(*p - '0');
	}
	if (p == val)
		return (EINVAL);
	switch (*p) {
	case '\0':
		break;
	case 'k': case 'K':
		n <<= 10;
		p++;
		break;
	case 'm': case 'M':
		n <<= 20;
		p++;
		break;
	case 'g': case 'G':
		n <<= 30;
		p++;
		break;
	case '%':
		if (!percent_ok || n > 100)
			return (EINVAL);
		n = vm_phys_real_memory() / 100 * n;
		p++;
		break;
	default:
		return (EINVAL);
	}
	if (*p != '\0')
		return (EINVAL);
	*np = n;
	return (0);
}

/*
 * tmpfs's options, Linux's names: size=, nr_inodes=, mode= (octal) for
 * the root directory.  Anything else is EINVAL, as Linux's tmpfs says
 * ("Unknown parameter"); mount(8) passes ro, nosuid... as flags, not here.
 */
static int
tmpfs_options(const char *opts, struct tmpfs_args *ta)
{
	char word[64], *val;
	const char *p, *e;
	uint64_t mode;
	size_t n;
	int error;

	memset(ta, 0, sizeof(*ta));
	ta->ta_root_mode = 01777;
	for (p = opts; p != NULL && *p != '\0'; p = *e == ',' ? e + 1 : e) {
		for (e = p; *e != '\0' && *e != ','; e++)
			;
		if ((n = (size_t)(e - p)) == 0)
			continue;
		if (n >= sizeof(word))
			return (EINVAL);
		memcpy(word, p, n);
		word[n] = '\0';
		if ((val = strchr(word, '=')) == NULL)
			return (EINVAL);
		*val++ = '\0';
		if (strcmp(word, "size") == 0)
			error = tmpfs_number(val, 1, &ta->ta_size_max);
		else if (strcmp(word, "nr_inodes") == 0)
			error = tmpfs_number(val, 0, &ta->ta_nodes_max);
		else if (strcmp(word, "mode") == 0) {
			for (mode = 0, error = *val == '\0' ? EINVAL : 0; error == 0 && *val != '\0';
			    val++)
				if (*val < '0' || *val > '7' || (mode = mode * 8 + (uint64_t)(*val -
				    '0')) > 07777)
					error = EINVAL;
			ta->ta_root_mode = (mode_t)mode;
		} else
			error = EINVAL;
		if (error != 0)
			return (error);
	}
	return (0);
}

int
kern_mount(struct vfs_ctx *c, const char *fstype, const char *source, const char *target,
    int mntflags, const char *opts)
{
	struct msdosfs_args ma;
	struct tmpfs_args ta;
	struct vnode *covered;
	char subdir[MNAMELEN];
	void *data = NULL;
	int error;

	if (strcmp(fstype, "vfat") == 0 || strcmp(fstype, "msdos") == 0)
		fstype = "msdosfs";
	if (strcmp(fstype, "msdosfs") == 0) {
		if (source == NULL || disk_find_dev(source) == NULL)
			return (ENOENT);
		ma.ma_fspec = source;
		ma.ma_flags = (get_option(opts, "force", NULL, 0) ? MSDOSFS_ARGS_FORCE : 0) |
		    (get_option(opts, "check", NULL, 0) ? MSDOSFS_ARGS_CHECK : 0);
		ma.ma_subdir = get_option(opts, "subdir", subdir, sizeof(subdir)) ? subdir : NULL;
		data = &ma;
	} else if (strcmp(fstype, "tmpfs") == 0 && opts != NULL) {
		if ((error = tmpfs_options(opts, &ta)) != 0)
			return (error);
		data = &ta;
	}
	if ((error = vfs_lookup_dir(c, target, &covered)) != 0)
		return (error);
	error = vfs_mount(fstype, covered, target, source != NULL ? source : fstype, mntflags,
	    data, NULL);
	vrele(covered);
	return (error);
}

int
kern_unmount(struct vfs_ctx *c, const char *target, int flags)
{
	struct mount *mp;
	struct vnode *vp;
	int error;

	if ((error = vfs_lookup_dir(c, target, &vp)) != 0)
		return (error);
	mp = vp->v_mount;
	if (!(vp->v_vflag & VV_ROOT) || (mp->mnt_flag & MNT_ROOTFS)) {
		vrele(vp);
		return (EINVAL);	/* not a mount point (the root stays) */
	}
	vrele(vp);		/* the mount's own reference is all the root may keep */
	return (vfs_unmount(mp, flags));
}

struct sync_state {
	int	error;		/* the first error */
};

static void
sync_one(struct mount *mp, void *arg)
{
	struct sync_state *st = arg;
	int error;

	if (mp->mnt_vfc->vfc_vfsops->vfs_sync != NULL &&
	    (error = mp->mnt_vfc->vfc_vfsops->vfs_sync(mp)) != 0 && st->error == 0)
		st->error = error;
}

int
vfs_sync_all(void)
{
	struct sync_state st = { 0 };

	vfs_foreach_mount(sync_one, &st);
	return (st.error);
}

/* Shutdown: the mounts, newest first, for vfs_shutdown. */
#define SHUTDOWN_MOUNTS	32
struct mount_list {
	struct mount	*m[SHUTDOWN_MOUNTS];
	int		 n;
};

static void
collect_mount(struct mount *mp, void *arg)
{
	struct mount_list *ml = arg;

	if (!(mp->mnt_flag & MNT_ROOTFS) && ml->n < SHUTDOWN_MOUNTS)
		ml->m[ml->n++] = mp;
}

void
vfs_shutdown(void)
{
	struct mount_list ml = { { NULL }, 0 };
	int error, i;

	printf("Syncing disks... ");
	error = vfs_sync_all();
	printf(error ? "error %d\n" : "done\n", error);
	vfs_foreach_mount(collect_mount, &ml);
	for (i = ml.n - 1; i >= 0; i--) {
		char on[MNAMELEN];

		strlcpy(on, ml.m[i]->mnt_stat.f_mntonname, sizeof(on));
		if ((error = vfs_unmount(ml.m[i], MNT_FORCE)) != 0)
			printf("Unmounting %s: busy (files open): synced and left read-only\n", on);
		else if (bootverbose)
			printf("Unmounted %s\n", on);
	}
}
