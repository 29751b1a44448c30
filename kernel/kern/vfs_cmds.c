/*
 * Kernel shell commands on the file systems, for looking at them from the
 * kernel's debugger console: ls, cat, mount, umount, sync, df.  They act as
 * root from "/" (proc0's credential).
 */
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/fcntl.h>
#include <sys/malloc.h>
#include <sys/mount.h>
#include <sys/namei.h>
#include <sys/shell.h>
#include <sys/stat.h>
#include <sys/ucred.h>
#include <sys/vfs_path.h>
#include <sys/vnode.h>
#include <sanpo/getopt.h>

static void
root_ctx(struct vfs_ctx *c)
{
	c->vc_cdir = c->vc_rdir = rootvnode;
	c->vc_cred = proc0_ucred;
	c->vc_umask = 022;
}

static void
mode_string(mode_t m, char *s)
{
	static const char types[] = "?pc?d?b?-?l?s???";
	static const char rwx[] = "rwxrwxrwx";
	int i;

	s[0] = types[(m & S_IFMT) >> 12];
	for (i = 0; i < 9; i++)
		s[1 + i] = (m & (0400 >> i)) ? rwx[i] : '-';
	if (m & S_ISUID)
		s[3] = (m & S_IXUSR) ? 's' : 'S';
	if (m & S_ISGID)
		s[6] = (m & S_IXGRP) ? 's' : 'S';
	if (m & S_ISVTX)
		s[9] = (m & S_IXOTH) ? 't' : 'T';
	s[10] = '\0';
}

/* A batch of names from one VOP_READDIR (printed after the directory is unlocked). */
#define LS_BATCH	32
struct ls_batch {
	char	 names[LS_BATCH][NAME_MAX + 1];
	int	 n;
};

static int
ls_collect(void *arg, const char *name, size_t len, ino_t ino, enum vtype type, off_t next)
{
	struct ls_batch *b = arg;

	(void)ino;
	(void)type;
	(void)next;
	if (b->n == LS_BATCH)
		return (-1);
	memcpy(b->names[b->n], name, len);
	b->names[b->n++][len] = '\0';
	return (0);
}

static void
ls_entry(struct vfs_ctx *c, const char *nm, int lflag)
{
	char ms[11], target[128];
	struct stat sb;
	size_t tlen;
	int error;

	if (!lflag) {
		printf("%s\n", nm);
		return;
	}
	if ((error = vfs_stat(c, nm, NOFOLLOW, &sb)) != 0) {
		printf("ls: %s: error %d\n", nm, error);
		return;
	}
	mode_string(sb.st_mode, ms);
	if (S_ISCHR(sb.st_mode) || S_ISBLK(sb.st_mode))
		printf("%s %3llu %5u %5u %4u, %4u %s", ms, (unsigned long long)sb.st_nlink,
		    sb.st_uid, sb.st_gid, major(sb.st_rdev), minor(sb.st_rdev), nm);
	else
		printf("%s %3llu %5u %5u %10lld %s", ms, (unsigned long long)sb.st_nlink,
		    sb.st_uid, sb.st_gid, (long long)sb.st_size, nm);
	if (S_ISLNK(sb.st_mode) &&
	    vfs_readlink(c, nm, 0, target, sizeof(target) - 1, &tlen) == 0) {
		target[tlen] = '\0';
		printf(" -> %s", target);
	}
	printf("\n");
}

/* Readdir in batches; each batch is printed with the directory unlocked. */
static int
ls_one(const char *path, int lflag)
{
	struct ls_batch *b = malloc(sizeof(*b), M_TEMP, M_WAITOK);
	struct vfs_ctx ctx;
	struct vnode *vp;
	off_t cookie = 0;
	int error, i;

	root_ctx(&ctx);
	if ((error = vfs_lookup_dir(&ctx, path, &vp)) != 0) {
		printf("ls: %s: error %d\n", path, error);
		free(b, M_TEMP);
		return (1);
	}
	ctx.vc_cdir = vp;
	do {
		b->n = 0;
		vn_lock(vp, LK_SHARED);
		error = VOP_READDIR(vp, &cookie, ls_collect, b);
		VOP_UNLOCK(vp);
		for (i = 0; i < b->n; i++)
			ls_entry(&ctx, b->names[i], lflag);
	} while (error == 0 && b->n == LS_BATCH);
	vrele(vp);
	free(b, M_TEMP);
	return (error != 0);
}

static int
cmd_ls(int argc, char **argv)
{
	struct getopt_state g = GETOPT_INIT;
	int c, lflag = 0, status = 0;

	while ((c = getopt_r(&g, argc, argv, "l")) != -1)
		if (c == 'l')
			lflag = 1;
		else
			return (shell_usage(argv[0], g.err));
	if (g.ind == argc)
		return (ls_one("/", lflag));
	for (; g.ind < argc; g.ind++)
		status |= ls_one(argv[g.ind], lflag);
	return (status);
}
SHELL_COMMAND(ls, cmd_ls, "ls [-l] [dir ...]", "list directories of the root file system");

static int
cmd_cat(int argc, char **argv)
{
	char *buf = malloc(4096, M_TEMP, M_WAITOK);
	struct vfs_ctx ctx;
	struct vnode *vp;
	size_t resid, i;
	int error = 0, a;
	off_t off;

	root_ctx(&ctx);
	for (a = 1; a < argc && error == 0; a++) {
		if ((error = vfs_open(&ctx, argv[a], O_RDONLY, 0, &vp, NULL)) != 0) {
			printf("cat: %s: error %d\n", argv[a], error);
			break;
		}
		for (off = 0; error == 0; off += 4096 - (off_t)resid) {
			error = vn_rdwr_kern(vp, UIO_READ, buf, 4096, off, &resid);
			if (error != 0)
				printf("cat: %s: error %d\n", argv[a], error);
			if (error != 0 || resid == 4096)
				break;
			for (i = 0; i < 4096 - resid; i++)
				printf("%c", buf[i]);
		}
		vrele(vp);
	}
	free(buf, M_TEMP);
	return (error != 0);
}
SHELL_COMMAND(cat, cmd_cat, "cat file ...", "print files of the root file system");

static void
mount_print(struct mount *mp, void *arg)
{
	struct statfs sf;

	(void)arg;
	vfs_statfs(mp, &sf);
	printf("%s on %s (%s%s), %llu of %llu KB used, %llu of %llu files\n",
	    sf.f_mntfromname, sf.f_mntonname, sf.f_fstypename,
	    (sf.f_flags & MNT_RDONLY) ? ", read-only" : "",
	    (unsigned long long)((sf.f_blocks - sf.f_bfree) * sf.f_bsize >> 10),
	    (unsigned long long)(sf.f_blocks * sf.f_bsize >> 10),
	    (unsigned long long)(sf.f_files - sf.f_ffree), (unsigned long long)sf.f_files);
}

static const char *
errname(int error)
{
	switch (error) {
	case ENOENT:	return ("no such file or device");
	case ENODEV:	return ("unknown file system type");
	case ENOTDIR:	return ("not a directory");
	case EBUSY:	return ("busy");
	case EINVAL:	return ("invalid argument (not a FAT volume, or not a mount point)");
	case EIO:	return ("I/O error");
	default:	return ("error");
	}
}

/* mount: the list; mount [-r] [-o opts] -t type source dir: mount one (as root, from /). */
static int
cmd_mount(int argc, char **argv)
{
	struct getopt_state g = GETOPT_INIT;
	const char *type = NULL, *opts = NULL;
	struct vfs_ctx ctx;
	int c, flags = 0, error;

	while ((c = getopt_r(&g, argc, argv, "o:rt:")) != -1)
		switch (c) {
		case 'o': opts = g.arg; break;
		case 'r': flags |= MNT_RDONLY; break;
		case 't': type = g.arg; break;
		default: return (shell_usage(argv[0], g.err));
		}
	if (g.ind == argc && type == NULL) {
		vfs_foreach_mount(mount_print, NULL);
		return (0);
	}
	if (type == NULL || argc - g.ind != 2)
		return (shell_usage(argv[0], NULL));
	root_ctx(&ctx);
	if ((error = kern_mount(&ctx, type, argv[g.ind], argv[g.ind + 1], flags, opts)) != 0) {
		printf("mount: %s on %s: %s (%d)\n", argv[g.ind], argv[g.ind + 1], errname(error),
		    error);
		return (1);
	}
	return (0);
}
SHELL_COMMAND(mount, cmd_mount, "mount [-r] [-o opts] [-t type source dir]",
    "list the mounted file systems, or mount one");

static int
cmd_umount(int argc, char **argv)
{
	struct getopt_state g = GETOPT_INIT;
	struct vfs_ctx ctx;
	int c, flags = 0, error;

	while ((c = getopt_r(&g, argc, argv, "f")) != -1)
		switch (c) {
		case 'f': flags |= MNT_FORCE; break;
		default: return (shell_usage(argv[0], g.err));
		}
	if (argc - g.ind != 1)
		return (shell_usage(argv[0], NULL));
	root_ctx(&ctx);
	if ((error = kern_unmount(&ctx, argv[g.ind], flags)) != 0) {
		printf("umount: %s: %s (%d)\n", argv[g.ind], errname(error), error);
		return (1);
	}
	return (0);
}
SHELL_COMMAND(umount, cmd_umount, "umount [-f] dir", "unmount a file system");

static int
cmd_sync(int argc, char **argv)
{
	int error;

	(void)argc;
	(void)argv;
	if ((error = vfs_sync_all()) != 0) {
		printf("sync: error %d\n", error);
		return (1);
	}
	return (0);
}
SHELL_COMMAND(sync, cmd_sync, "sync", "write every file system's data to its disk");

static void
df_print(struct mount *mp, void *arg)
{
	struct statfs sf;
	uint64_t kb = 0, used, avail;

	(void)arg;
	vfs_statfs(mp, &sf);
	kb = sf.f_blocks * sf.f_bsize >> 10;
	used = (sf.f_blocks - sf.f_bfree) * sf.f_bsize >> 10;
	avail = sf.f_bavail * sf.f_bsize >> 10;
	printf("%-16s %10llu %10llu %10llu %3llu%% %s\n", sf.f_mntfromname,
	    (unsigned long long)kb, (unsigned long long)used, (unsigned long long)avail,
	    (unsigned long long)(kb ? (used * 100 + kb - 1) / kb : 0), sf.f_mntonname);
}

static int
cmd_df(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	printf("%-16s %10s %10s %10s %4s %s\n", "Filesystem", "1K-blocks", "Used", "Avail",
	    "Use%", "Mounted on");
	vfs_foreach_mount(df_print, NULL);
	return (0);
}
SHELL_COMMAND(df, cmd_df, "df", "space on the mounted file systems");
