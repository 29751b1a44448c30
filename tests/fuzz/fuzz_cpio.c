/*
 * libFuzzer target: the newc cpio unpacker (kernel/kern/subr_cpio.c and
 * vfs_cpio.c) over tmpfs, as the kernel unpacks the root file system.
 *
 * Each input is an archive, unpacked into a fresh tmpfs root with a small
 * budget (so that sizes run out); then every file made is walked and read
 * back (readdir, stat, readlink, read), and the root is unmounted, which
 * must succeed and give back every page.  Built like the VFS host tests
 * (tests/lib/kernhost.py): kernel code over tests/host/lib/kern_host.c.
 */
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/fcntl.h>
#include <sys/mount.h>
#include <sys/namei.h>
#include <sys/stat.h>
#include <sys/ucred.h>
#include <sys/vfs_cpio.h>
#include <sys/vfs_path.h>
#include <sys/vnode.h>
#include <fs/tmpfs/tmpfs.h>
#include "tests/host/lib/kern_host.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static gid_t groups[1];
/* Root's, capabilities included: the kernel unpacks with proc0's. */
static struct ucred cred = { .cr_ref = 1, .cr_groups = groups, .cr_cap_eff = CAP_FULL_SET,
	.cr_cap_prm = CAP_FULL_SET, .cr_cap_bnd = CAP_FULL_SET, .cr_userns = &init_user_ns };

struct walk {
	char	names[16][NAME_MAX + 1];
	int	n;
};

static int
walk_cb(void *arg, const char *name, size_t len, ino_t ino, enum vtype type, off_t next)
{
	struct walk *w = arg;

	(void)ino;
	(void)type;
	(void)next;
	if (w->n == 16)
		return (-1);
	memcpy(w->names[w->n], name, len);
	w->names[w->n++][len] = '\0';
	return (0);
}

/* Read everything under dvp, a few levels deep. */
static void
walk(struct vnode *dvp, int depth)
{
	static char buf[8192];
	struct vfs_ctx c = { dvp, rootvnode, &cred, 022 };
	struct walk w;
	off_t cookie = 2;
	int i;

	do {
		w.n = 0;
		vn_lock(dvp, LK_SHARED);
		VOP_READDIR(dvp, &cookie, walk_cb, &w);
		VOP_UNLOCK(dvp);
		for (i = 0; i < w.n; i++) {
			struct vnode *vp;
			struct stat sb;
			size_t len;

			if (vfs_stat(&c, w.names[i], NOFOLLOW, &sb) != 0)
				panic("fuzz_cpio: %s listed but not there", w.names[i]);
			if (S_ISLNK(sb.st_mode))
				vfs_readlink(&c, w.names[i], 0, buf, sizeof(buf), &len);
			else if (S_ISREG(sb.st_mode) &&
			    vfs_open(&c, w.names[i], O_RDONLY, 0, &vp, NULL) == 0) {
				vn_rdwr_kern(vp, UIO_READ, buf, sizeof(buf), 0, &len);
				vrele(vp);
			} else if (S_ISDIR(sb.st_mode) && depth < 4 &&
			    vfs_lookup_dir(&c, w.names[i], &vp) == 0) {
				walk(vp, depth + 1);
				vrele(vp);
			}
		}
	} while (w.n == 16);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tmpfs_args args = { 48 * 4096, 64, 0755 };
	struct cpio_stats st;
	char err[320];

	if (vfs_mountroot("tmpfs", &args) != 0)
		panic("fuzz_cpio: cannot mount tmpfs");
	cpio_unpack(data, size, rootvnode, &cred, &st, err, sizeof(err));
	walk(rootvnode, 0);
	if (vfs_unmount(rootvnode->v_mount, 0) != 0)
		panic("fuzz_cpio: the root is still in use after unpacking");
	if (kshim_pages_out() != 0)
		panic("fuzz_cpio: %ld pages not given back", kshim_pages_out());
	return (0);
}
