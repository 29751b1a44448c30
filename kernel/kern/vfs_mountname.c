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
 * the loader reads).
 */
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/mount.h>
#include <sys/vfs_path.h>
#include <sys/vnode.h>
#include <fs/msdosfs/msdosfs_vfs.h>
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

int
kern_mount(struct vfs_ctx *c, const char *fstype, const char *source, const char *target,
    int mntflags, const char *opts)
{
	struct msdosfs_args ma;
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
