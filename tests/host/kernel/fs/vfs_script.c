/*
 * A script interpreter over the VFS, for host tests: each line of stdin is
 * one operation on a tmpfs mounted as the root, and the program prints one
 * line per operation -- "ok ..." with what it found, or "error ENAME".
 * tests/host/kernel/fs/test_vfs.py writes the scripts and checks the answers.
 *
 *   mount [PAGES [NODES]]        tmpfs at / (budgets in pages and files)
 *   cred UID GID [GROUP...]      act as this user from now on
 *   umask OCTAL
 *   cd PATH / chroot PATH        relative lookups start / absolute ones start
 *   cwd [BUFLEN]                 the working directory's path (getcwd)
 *   open PATH FLAGS [OCTAL]      FLAGS: r w rw + c(reat) x(cl) t(runc) n(ofollow)
 *                                d(irectory) p(ath) a(ppend); closes it again
 *   mkdir PATH OCTAL | mknod PATH c|b|p|s|f OCTAL [MAJ MIN]
 *   symlink TARGET PATH | link OLD NEW [follow] | unlink PATH | rmdir PATH
 *   rename OLD NEW [noreplace]
 *   stat PATH | lstat PATH       "ok TYPE MODE nlink=N uid=U gid=G size=S"
 *   ino PATH                     "ok INODE"
 *   write PATH OFF TEXT          write TEXT at OFF (file opened for writing)
 *   fill PATH OFF LEN            write LEN bytes of a pattern at OFF
 *   read PATH OFF LEN            "ok <the bytes, escaped>"
 *   sum PATH                     "ok SIZE CHECKSUM" of the whole file
 *   truncate PATH LEN | readlink PATH | access PATH [r][w][x]|f [e]
 *   utimes PATH [SEC]            set atime and mtime to SEC, or to now as
 *                                utimensat(NULL) does (VA_UTIMES_NULL)
 *   ls PATH                      "ok name:type name:type ..." in readdir order
 *   lsfrom PATH COOKIE N         N entries from COOKIE, then "next=C"
 *   getpage PATH INDEX           "ok" if the file has that page for mmap (held)
 *   unmapall                     release the pages getpage holds
 *   unpack FILE                  cpio_unpack the archive into /
 *   tree                         every file under /, one line each, sorted
 *   statfs | pages               budgets used / pages held by the shim
 *   umount                       unmount a second tmpfs mounted with mnt
 *   mnt PATH                     mount a second tmpfs on PATH
 */
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/fcntl.h>
#include <sys/malloc.h>
#include <sys/mount.h>
#include <sys/namei.h>
#include <sys/stat.h>
#include <sys/ucred.h>
#include <sys/vfs_cpio.h>
#include <sys/vfs_path.h>
#include <sys/vnode.h>
#include <fs/tmpfs/tmpfs.h>
#include <vm/vm_page.h>
#include "tests/host/lib/kern_host.h"
#include "tests/host/lib/libc_glue.h"

int	main(void);

static struct ucred cred;
static gid_t groups[16];		/* cred's supplementary groups */
static struct vfs_ctx ctx;
static struct mount *second;
static uint64_t mapped[64];		/* pages "mapped" by getpage */
static int nmapped;

static const char *const errnames[ELAST + 1] = {
	[EPERM] = "EPERM", [ENOENT] = "ENOENT", [EIO] = "EIO", [ENXIO] = "ENXIO",
	[EBADF] = "EBADF", [ENOMEM] = "ENOMEM", [EACCES] = "EACCES", [EFAULT] = "EFAULT",
	[EBUSY] = "EBUSY", [EEXIST] = "EEXIST", [EXDEV] = "EXDEV", [ENOTDIR] = "ENOTDIR",
	[EISDIR] = "EISDIR", [EINVAL] = "EINVAL", [EFBIG] = "EFBIG", [ENOSPC] = "ENOSPC",
	[EROFS] = "EROFS", [EMLINK] = "EMLINK", [ELOOP] = "ELOOP",
	[ENAMETOOLONG] = "ENAMETOOLONG", [ENOTEMPTY] = "ENOTEMPTY",
	[EOPNOTSUPP] = "EOPNOTSUPP", [EFTYPE] = "EFTYPE", [ENODEV] = "ENODEV",
};

static void
result(int error)
{
	if (error == 0)
		printf("ok\n");
	else if (error > 0 && error <= ELAST && errnames[error] != NULL)
		printf("error %s\n", errnames[error]);
	else
		printf("error %d\n", error);
}

static unsigned long long
num(const char *s, int base)
{
	unsigned long long v = 0;

	for (; *s != '\0'; s++) {
		int d = *s >= '0' && *s <= '9' ? *s - '0' : *s >= 'a' && *s <= 'f' ?
		    *s - 'a' + 10 : 99;

		if (d >= base)
			glue_abort("bad number in script");
		v = v * (unsigned)base + (unsigned)d;
	}
	return (v);
}

static int
split(char *line, char **av, int max)
{
	int n = 0;

	while (*line != '\0' && n < max) {
		while (*line == ' ')
			*line++ = '\0';
		if (*line == '\0')
			break;
		av[n++] = line;
		while (*line != '\0' && *line != ' ')
			line++;
	}
	return (n);
}

static char
vtype_char(enum vtype t)
{
	static const char c[] = "?fdbclsp?";

	return ((unsigned)t < sizeof(c) - 1 ? c[t] : '?');
}

static int
open_flags(const char *s)
{
	int f = 0;

	if (strncmp(s, "rw", 2) == 0)
		f = O_RDWR, s += 2;
	else if (*s == 'w')
		f = O_WRONLY, s++;
	else if (*s == 'r')
		f = O_RDONLY, s++;
	for (; *s != '\0'; s++)
		switch (*s) {
		case 'c': f |= O_CREAT; break;
		case 'x': f |= O_EXCL; break;
		case 't': f |= O_TRUNC; break;
		case 'n': f |= O_NOFOLLOW; break;
		case 'd': f |= O_DIRECTORY; break;
		case 'p': f |= O_PATH; break;
		case 'a': f |= O_APPEND; break;
		default: glue_abort("bad open flags in script");
		}
	return (f);
}

static void
cmd_stat(const char *path, int follow)
{
	struct stat sb;
	int error = vfs_stat(&ctx, path, follow ? FOLLOW : NOFOLLOW, &sb);
	static const char types[] = "?pc?d?b?f?l?s???";

	if (error != 0) {
		result(error);
		return;
	}
	/* Directories' sizes and link counts differ between file systems: not shown. */
	printf("ok %c %04o", types[(sb.st_mode & S_IFMT) >> 12], (unsigned)(sb.st_mode & ALLPERMS));
	if (!S_ISDIR(sb.st_mode))
		printf(" nlink=%llu", (unsigned long long)sb.st_nlink);
	printf(" uid=%u gid=%u", sb.st_uid, sb.st_gid);
	if (S_ISREG(sb.st_mode) || S_ISLNK(sb.st_mode))
		printf(" size=%lld", (long long)sb.st_size);
	if (S_ISCHR(sb.st_mode) || S_ISBLK(sb.st_mode))
		printf(" rdev=%u,%u", major(sb.st_rdev), minor(sb.st_rdev));
	printf("\n");
}

/* Open path for writing (no create) and write len bytes at off. */
static void
cmd_write(const char *path, off_t off, const char *data, size_t len)
{
	struct vnode *vp;
	size_t resid;
	int error;

	if ((error = vfs_open(&ctx, path, O_WRONLY, 0, &vp, NULL)) != 0) {
		result(error);
		return;
	}
	error = vn_rdwr_kern(vp, UIO_WRITE, (void *)(uintptr_t)data, len, off, &resid);
	vrele(vp);
	/* As write(2) reports it: a short count if anything was written. */
	if (resid != 0 && resid != len)
		printf("ok short %zu\n", len - resid);
	else
		result(error);
}

static void
cmd_fill(const char *path, off_t off, size_t len)
{
	char *buf = malloc(len, M_TEMP, M_WAITOK);
	size_t i;

	for (i = 0; i < len; i++)
		buf[i] = (char)('a' + (off + (off_t)i) % 23);
	cmd_write(path, off, buf, len);
	free(buf, M_TEMP);
}

static void
cmd_read(const char *path, off_t off, size_t len)
{
	char *buf = malloc(len + 1, M_TEMP, M_WAITOK);
	struct vnode *vp;
	size_t resid, i;
	int error;

	if ((error = vfs_open(&ctx, path, O_RDONLY, 0, &vp, NULL)) == 0) {
		error = vn_rdwr_kern(vp, UIO_READ, buf, len, off, &resid);
		vrele(vp);
	}
	if (error != 0) {
		result(error);
		free(buf, M_TEMP);
		return;
	}
	printf("ok ");
	for (i = 0; i < len - resid; i++)
		if (buf[i] >= ' ' && buf[i] < 127 && buf[i] != '\\')
			printf("%c", buf[i]);
		else
			printf("\\x%02x", (unsigned char)buf[i]);
	printf("\n");
	free(buf, M_TEMP);
}

/* Size and a position-dependent checksum of the whole file. */
static int
file_sum(struct vnode *vp, uint64_t *sizep, uint32_t *sump)
{
	static char buf[65536];
	uint32_t sum = 0;
	uint64_t off = 0;
	size_t resid, n, i;
	int error;

	do {
		if ((error = vn_rdwr_kern(vp, UIO_READ, buf, sizeof(buf), (off_t)off, &resid)) != 0)
			return (error);
		n = sizeof(buf) - resid;
		for (i = 0; i < n; i++)
			sum = sum * 31 + (unsigned char)buf[i];
		off += n;
	} while (n == sizeof(buf));
	*sizep = off;
	*sump = sum;
	return (0);
}

static void
cmd_sum(const char *path)
{
	struct vnode *vp;
	uint64_t size;
	uint32_t sum;
	int error;

	if ((error = vfs_open(&ctx, path, O_RDONLY, 0, &vp, NULL)) == 0) {
		error = file_sum(vp, &size, &sum);
		vrele(vp);
	}
	if (error != 0)
		result(error);
	else
		printf("ok %llu %08x\n", (unsigned long long)size, sum);
}

struct lsarg {
	int	 left;		/* entries still wanted, or -1 for all */
	char	 names[64][NAME_MAX + 1];
	enum vtype types[64];
	ino_t	 inos[64];
	int	 n;
};

static int
ls_cb(void *arg, const char *name, size_t namelen, ino_t ino, enum vtype type, off_t next)
{
	struct lsarg *a = arg;

	(void)next;
	if (a->left == 0 || a->n == 64)
		return (-1);
	memcpy(a->names[a->n], name, namelen);
	a->names[a->n][namelen] = '\0';
	a->types[a->n] = type;
	a->inos[a->n] = ino;
	a->n++;
	if (a->left > 0)
		a->left--;
	return (0);
}

/* Sort the names (ls): readdir order is each file system's own. */
static void
ls_sort(struct lsarg *a)
{
	char name[NAME_MAX + 1];
	enum vtype t;
	int i, j;

	for (i = 1; i < a->n; i++)
		for (j = i; j > 0 && strcmp(a->names[j - 1], a->names[j]) > 0; j--) {
			memcpy(name, a->names[j], sizeof(name));
			memcpy(a->names[j], a->names[j - 1], sizeof(name));
			memcpy(a->names[j - 1], name, sizeof(name));
			t = a->types[j];
			a->types[j] = a->types[j - 1];
			a->types[j - 1] = t;
		}
}

static void
cmd_ls(const char *path, off_t cookie, int count, int sorted)
{
	static struct lsarg a;
	struct vnode *vp;
	int error, i;

	if ((error = vfs_open(&ctx, path, O_RDONLY | O_DIRECTORY, 0, &vp, NULL)) != 0) {
		result(error);
		return;
	}
	memset(&a, 0, sizeof(a));
	a.left = count;
	vn_lock(vp, LK_SHARED);
	error = VOP_READDIR(vp, &cookie, ls_cb, &a);
	VOP_UNLOCK(vp);
	vrele(vp);
	if (error != 0) {
		result(error);
		return;
	}
	if (sorted)
		ls_sort(&a);
	printf("ok");
	for (i = 0; i < a.n; i++)
		printf(" %s:%c", a.names[i], vtype_char(a.types[i]));
	if (count >= 0)
		printf(" next=%lld", (long long)cookie);
	printf("\n");
}

/* Every file under dir, depth first in readdir order: "path type mode uid gid ..." */
static void
tree(struct vnode *dvp, const char *prefix)
{
	struct lsarg *a = malloc(sizeof(*a), M_TEMP, M_WAITOK | M_ZERO);
	char path[MAXPATHLEN];
	off_t cookie = 2;		/* after "." and ".." */
	int i, error;

	do {
		a->n = 0;
		a->left = -1;
		vn_lock(dvp, LK_SHARED);
		error = VOP_READDIR(dvp, &cookie, ls_cb, a);
		VOP_UNLOCK(dvp);
		if (error != 0)
			glue_abort("tree: readdir failed");
		for (i = 0; i < a->n; i++) {
			struct vfs_ctx c = ctx;
			struct vnode *vp;
			struct stat sb;
			char target[MAXPATHLEN];
			size_t tlen;
			uint64_t size;
			uint32_t sum;

			snprintf(path, sizeof(path), "%s/%s", prefix, a->names[i]);
			c.vc_cdir = dvp;
			if (vfs_stat(&c, a->names[i], NOFOLLOW, &sb) != 0)
				glue_abort("tree: stat failed");
			printf("%s %c %04o %u %u nlink=%llu", path, vtype_char(a->types[i]),
			    (unsigned)(sb.st_mode & ALLPERMS), sb.st_uid, sb.st_gid,
			    (unsigned long long)sb.st_nlink);
			switch (a->types[i]) {
			case VREG:
				if (vfs_open(&c, a->names[i], O_RDONLY | O_NOFOLLOW, 0, &vp, NULL) != 0 ||
				    file_sum(vp, &size, &sum) != 0)
					glue_abort("tree: read failed");
				vrele(vp);
				printf(" size=%llu sum=%08x mtime=%lld ino=%llu",
				    (unsigned long long)size, sum, (long long)sb.st_mtim.tv_sec,
				    (unsigned long long)sb.st_ino);
				break;
			case VLNK:
				if (vfs_readlink(&c, a->names[i], 0, target, sizeof(target) - 1,
				    &tlen) != 0)
					glue_abort("tree: readlink failed");
				target[tlen] = '\0';
				printf(" -> %s", target);
				break;
			case VCHR:
			case VBLK:
				printf(" rdev=%u,%u", major(sb.st_rdev), minor(sb.st_rdev));
				break;
			default:
				break;
			}
			printf("\n");
			if (a->types[i] == VDIR) {
				if (vfs_lookup_dir(&c, a->names[i], &vp) != 0)
					glue_abort("tree: lookup failed");
				tree(vp, path);
				vrele(vp);
			}
		}
	} while (a->n == 64);
	free(a, M_TEMP);
}

static void
cmd_unpack(const char *file)
{
	struct cpio_stats st;
	char err[320];
	size_t len;
	void *buf;
	int error;

	if (glue_readfile(file, &buf, &len) != 0)
		glue_abort("unpack: cannot read the archive");
	error = cpio_unpack(buf, len, ctx.vc_rdir, &cred, &st, err, sizeof(err));
	glue_free(buf);
	if (error != 0)
		printf("error %s: %s\n", errnames[error], err);
	else
		printf("ok files=%u dirs=%u symlinks=%u hardlinks=%u special=%u errors=%u "
		    "bytes=%llu\n", st.cs_files, st.cs_dirs, st.cs_symlinks, st.cs_hardlinks,
		    st.cs_special, st.cs_errors, (unsigned long long)st.cs_bytes);
}

static void
cmd_mount(unsigned long long pages, unsigned long long nodes)
{
	struct tmpfs_args args = { pages * 4096, nodes, 0755 };
	int error;

	if ((error = vfs_mountroot("tmpfs", &args)) != 0) {
		result(error);
		return;
	}
	ctx.vc_cdir = ctx.vc_rdir = rootvnode;
	vref(rootvnode);
	vref(rootvnode);
	printf("ok\n");
}

static void
cmd_mnt(const char *path)
{
	struct vnode *vp;
	int error;

	if ((error = vfs_lookup_dir(&ctx, path, &vp)) != 0) {
		result(error);
		return;
	}
	error = vfs_mount("tmpfs", vp, path, "tmpfs", 0, NULL, &second);
	vrele(vp);
	result(error);
}

static void
set_dir(struct vnode **dirp, const char *path)
{
	struct vnode *vp;
	int error;

	if ((error = vfs_lookup_dir(&ctx, path, &vp)) == 0) {
		vrele(*dirp);
		*dirp = vp;
	}
	result(error);
}

static void
cmd_access(const char *path, const char *what, int eaccess)
{
	int amode = 0;

	for (; *what != '\0'; what++)
		amode |= *what == 'r' ? R_OK : *what == 'w' ? W_OK : *what == 'x' ? X_OK : 0;
	result(vfs_access(&ctx, path, amode, eaccess ? AT_EACCESS : 0));
}

static void
cmd_other(int ac, char **av)
{
	char buf[MAXPATHLEN + 1];
	struct vnode *vp;
	size_t len;
	uint64_t pa;
	int error;

	if (strcmp(av[0], "utimes") == 0 && ac >= 2) {
		struct vattr va;

		vattr_null(&va);
		if (ac > 2) {
			va.va_atime.tv_sec = (time_t)num(av[2], 10);
			va.va_atime.tv_nsec = 0;
		} else {
			vfs_timestamp(&va.va_atime);
			va.va_vaflags = VA_UTIMES_NULL;
		}
		va.va_mtime = va.va_atime;
		if ((error = vfs_open(&ctx, av[1], O_PATH, 0, &vp, NULL)) == 0) {
			vn_lock(vp, LK_EXCLUSIVE);
			error = VOP_SETATTR(vp, &va, &cred);
			VOP_UNLOCK(vp);
			vrele(vp);
		}
		result(error);
	} else if (strcmp(av[0], "readlink") == 0 && ac == 2) {
		if ((error = vfs_readlink(&ctx, av[1], 0, buf, MAXPATHLEN, &len)) != 0)
			result(error);
		else {
			buf[len] = '\0';
			printf("ok %s\n", buf);
		}
	} else if (strcmp(av[0], "ino") == 0 && ac == 2) {
		struct stat sb;

		if ((error = vfs_stat(&ctx, av[1], NOFOLLOW, &sb)) != 0)
			result(error);
		else
			printf("ok %llu\n", (unsigned long long)sb.st_ino);
	} else if (strcmp(av[0], "getpage") == 0 && ac == 3) {
		/* As a shared mapping would: the page stays held until "unmapall". */
		if ((error = vfs_open(&ctx, av[1], O_RDONLY, 0, &vp, NULL)) == 0) {
			error = vn_getpage(vp, num(av[2], 10), &pa);
			vrele(vp);
		}
		if (error == 0 && nmapped < (int)nitems(mapped))
			mapped[nmapped++] = pa;
		result(error);
	} else if (strcmp(av[0], "unmapall") == 0) {
		while (nmapped > 0)
			vm_page_release(mapped[--nmapped]);
		printf("ok\n");
	} else if (strcmp(av[0], "statfs") == 0) {
		struct statfs sf;

		vfs_statfs(rootvnode->v_mount, &sf);
		printf("ok blocks=%llu bfree=%llu files=%llu ffree=%llu\n",
		    (unsigned long long)sf.f_blocks, (unsigned long long)sf.f_bfree,
		    (unsigned long long)sf.f_files, (unsigned long long)sf.f_ffree);
	} else if (strcmp(av[0], "pages") == 0) {
		printf("ok %ld\n", kshim_pages_out());
	} else if (strcmp(av[0], "pagelimit") == 0 && ac == 2) {
		kshim_set_page_limit((long)num(av[1], 10));
		printf("ok\n");
	} else if (strcmp(av[0], "umount") == 0) {
		error = second != NULL ? vfs_unmount(second, 0) : EINVAL;
		if (error == 0)
			second = NULL;
		result(error);
	} else if (strcmp(av[0], "cwd") == 0) {
		if ((error = vfs_getcwd(&ctx, buf, ac > 1 ? num(av[1], 10) : sizeof(buf),
		    &len)) != 0)
			result(error);
		else
			printf("ok %s\n", buf);
	} else if (strcmp(av[0], "tree") == 0) {
		tree(ctx.vc_rdir, "");
		printf("ok\n");
	} else
		glue_abort("unknown script command");
}

static void
run(int ac, char **av)
{
	if (strcmp(av[0], "mount") == 0)
		cmd_mount(ac > 1 ? num(av[1], 10) : 0, ac > 2 ? num(av[2], 10) : 0);
	else if (strcmp(av[0], "cred") == 0 && ac >= 3) {
		int i;

		cred.cr_uid = cred.cr_ruid = cred.cr_fsuid = (uid_t)num(av[1], 10);
		cred.cr_gid = cred.cr_rgid = cred.cr_fsgid = (gid_t)num(av[2], 10);
		/* Root's capabilities with uid 0, none otherwise (as setuid leaves them). */
		cred.cr_cap_eff = cred.cr_cap_prm = cred.cr_uid == 0 ? CAP_FULL_SET : 0;
		for (i = 3; i < ac && i - 3 < (int)nitems(groups); i++)
			groups[i - 3] = (gid_t)num(av[i], 10);
		cred.cr_ngroups = ac - 3;
		printf("ok\n");
	} else if (strcmp(av[0], "umask") == 0 && ac == 2) {
		ctx.vc_umask = (mode_t)num(av[1], 8);
		printf("ok\n");
	} else if (strcmp(av[0], "cd") == 0 && ac == 2)
		set_dir(&ctx.vc_cdir, av[1]);
	else if (strcmp(av[0], "chroot") == 0 && ac == 2)
		set_dir(&ctx.vc_rdir, av[1]);
	else if (strcmp(av[0], "open") == 0 && ac >= 3) {
		struct vnode *vp;
		int error;

		error = vfs_open(&ctx, av[1], open_flags(av[2]), ac > 3 ? (mode_t)num(av[3], 8) : 0,
		    &vp, NULL);
		if (error == 0) {
			printf("ok %c\n", vtype_char(vp->v_type));
			vrele(vp);
		} else
			result(error);
	} else if (strcmp(av[0], "mkdir") == 0 && ac == 3)
		result(vfs_mkdir(&ctx, av[1], (mode_t)num(av[2], 8)));
	else if (strcmp(av[0], "mknod") == 0 && ac >= 4) {
		mode_t type = av[2][0] == 'c' ? S_IFCHR : av[2][0] == 'b' ? S_IFBLK :
		    av[2][0] == 'p' ? S_IFIFO : av[2][0] == 's' ? S_IFSOCK : S_IFREG;

		result(vfs_mknod(&ctx, av[1], type | (mode_t)num(av[3], 8),
		    ac > 5 ? makedev(num(av[4], 10), num(av[5], 10)) : 0));
	} else if (strcmp(av[0], "symlink") == 0 && ac == 3)
		result(vfs_symlink(&ctx, av[1], av[2]));
	else if (strcmp(av[0], "link") == 0 && ac >= 3)
		result(vfs_link(&ctx, av[1], &ctx, av[2], ac > 3));
	else if (strcmp(av[0], "rename") == 0 && ac >= 3)
		result(vfs_rename(&ctx, av[1], &ctx, av[2], ac > 3 ? RENAME_NOREPLACE : 0));
	else if (strcmp(av[0], "unlink") == 0 && ac == 2)
		result(vfs_unlink(&ctx, av[1]));
	else if (strcmp(av[0], "rmdir") == 0 && ac == 2)
		result(vfs_rmdir(&ctx, av[1]));
	else if (strcmp(av[0], "stat") == 0 && ac == 2)
		cmd_stat(av[1], 1);
	else if (strcmp(av[0], "lstat") == 0 && ac == 2)
		cmd_stat(av[1], 0);
	else if (strcmp(av[0], "write") == 0 && ac >= 3)
		cmd_write(av[1], (off_t)num(av[2], 10), ac > 3 ? av[3] : "",
		    ac > 3 ? strlen(av[3]) : 0);
	else if (strcmp(av[0], "fill") == 0 && ac == 4)
		cmd_fill(av[1], (off_t)num(av[2], 10), num(av[3], 10));
	else if (strcmp(av[0], "read") == 0 && ac == 4)
		cmd_read(av[1], (off_t)num(av[2], 10), num(av[3], 10));
	else if (strcmp(av[0], "sum") == 0 && ac == 2)
		cmd_sum(av[1]);
	else if (strcmp(av[0], "truncate") == 0 && ac == 3)
		result(vfs_truncate(&ctx, av[1], (off_t)num(av[2], 10)));
	else if (strcmp(av[0], "access") == 0 && ac >= 3)
		cmd_access(av[1], av[2], ac > 3);
	else if (strcmp(av[0], "ls") == 0 && ac == 2)
		cmd_ls(av[1], 0, -1, 1);
	else if (strcmp(av[0], "lsorder") == 0 && ac == 2)
		cmd_ls(av[1], 0, -1, 0);
	else if (strcmp(av[0], "lsfrom") == 0 && ac == 4)
		cmd_ls(av[1], (off_t)num(av[2], 10), (int)num(av[3], 10), 0);
	else if (strcmp(av[0], "mnt") == 0 && ac == 2)
		cmd_mnt(av[1]);
	else if (strcmp(av[0], "unpack") == 0 && ac == 2)
		cmd_unpack(av[1]);
	else
		cmd_other(ac, av);
}

int
main(void)
{
	static char line[2 * MAXPATHLEN];
	char *av[16];
	int ac;

	cred.cr_ref = 1;
	cred.cr_groups = groups;
	cred.cr_userns = &init_user_ns;
	cred.cr_cap_eff = cred.cr_cap_prm = cred.cr_cap_bnd = CAP_FULL_SET;
	ctx.vc_cred = &cred;
	ctx.vc_umask = 022;
	while (glue_readline(line, sizeof(line))) {
		if (line[0] == '#' || (ac = split(line, av, 16)) == 0)
			continue;
		run(ac, av);
	}
	/* Leave nothing behind: the root's references, then the mount. */
	while (nmapped > 0)
		vm_page_release(mapped[--nmapped]);
	if (second != NULL && vfs_unmount(second, 0) != 0)
		glue_abort("the second mount is still busy at the end");
	if (ctx.vc_cdir != NULL) {
		vrele(ctx.vc_cdir);
		vrele(ctx.vc_rdir);
		if (vfs_unmount(rootvnode->v_mount, 0) != 0)
			glue_abort("the root is still busy at the end");
	}
	if (kshim_pages_out() != 0)
		glue_abort("pages still allocated after the last unmount");
	return (0);
}
