/*
 * Conversions between Linux's file ABI (sys/linux_file.h) and the kernel's
 * own values: open flags both ways, struct stat and struct statfs out,
 * vnode types to directory-entry types.
 */
#include <sys/systm.h>
#include <sys/fcntl.h>
#include <sys/linux_file.h>
#include <sys/mount.h>
#include <sys/pcpu.h>
#include <sys/proc.h>
#include <sys/stat.h>
#include <sys/ucred.h>
#include <sys/vnode.h>

static const struct {
	int	lnx;
	int	ours;
} open_flag_map[] = {
	{ LINUX_O_CREAT, O_CREAT }, { LINUX_O_EXCL, O_EXCL }, { LINUX_O_NOCTTY, O_NOCTTY },
	{ LINUX_O_TRUNC, O_TRUNC }, { LINUX_O_APPEND, O_APPEND },
	{ LINUX_O_NONBLOCK, O_NONBLOCK }, { LINUX_O_DIRECTORY, O_DIRECTORY },
	{ LINUX_O_NOFOLLOW, O_NOFOLLOW }, { LINUX_O_CLOEXEC, O_CLOEXEC },
	{ LINUX_O_PATH, O_PATH },
};

/*
 * Linux's open flags as the kernel's.  Flags with no effect here
 * (O_LARGEFILE: every file is large; O_NOATIME, O_DIRECT, O_SYNC, O_DSYNC,
 * FASYNC: tmpfs has nothing to defer) are accepted and dropped, as a
 * Linux file system that ignores them would.
 */
int
linux_to_open_flags(int lflags)
{
	int flags = lflags & LINUX_O_ACCMODE;	/* 0, 1, 2 are the same values */
	size_t i;

	for (i = 0; i < nitems(open_flag_map); i++)
		if (lflags & open_flag_map[i].lnx)
			flags |= open_flag_map[i].ours;
	return (flags);
}

/* F_GETFL: the access mode and the status flags, in Linux's values. */
int
open_flags_to_linux(unsigned fflag)
{
	int lflags = OFLAGS(fflag & (FREAD | FWRITE)) & O_ACCMODE;

	if (fflag & FAPPEND)
		lflags |= LINUX_O_APPEND;
	if (fflag & FNONBLOCK)
		lflags |= LINUX_O_NONBLOCK;
	if (fflag & O_PATH)
		lflags = LINUX_O_PATH;
	return (lflags);
}

/* An owner as the calling thread's user namespace sees it (65534: unmapped). */
static uint32_t
owner_uid(uid_t uid)
{
	return (curthread->td_ucred != NULL ? from_kuid_munged(curthread->td_ucred->cr_userns,
	    uid) : uid);
}

static uint32_t
owner_gid(gid_t gid)
{
	return (curthread->td_ucred != NULL ? from_kgid_munged(curthread->td_ucred->cr_userns,
	    gid) : gid);
}

void
stat_to_linux(const struct stat *sb, struct l_stat *lsb)
{
	memset(lsb, 0, sizeof(*lsb));
	lsb->st_dev = sb->st_dev;
	lsb->st_ino = sb->st_ino;
	lsb->st_nlink = sb->st_nlink;
	lsb->st_mode = sb->st_mode;
	lsb->st_uid = owner_uid(sb->st_uid);
	lsb->st_gid = owner_gid(sb->st_gid);
	lsb->st_rdev = sb->st_rdev;
	lsb->st_size = sb->st_size;
	lsb->st_blksize = sb->st_blksize;
	lsb->st_blocks = (int64_t)sb->st_blocks;
	lsb->st_atime_sec = (uint64_t)sb->st_atim.tv_sec;
	lsb->st_atime_nsec = (uint64_t)sb->st_atim.tv_nsec;
	lsb->st_mtime_sec = (uint64_t)sb->st_mtim.tv_sec;
	lsb->st_mtime_nsec = (uint64_t)sb->st_mtim.tv_nsec;
	lsb->st_ctime_sec = (uint64_t)sb->st_ctim.tv_sec;
	lsb->st_ctime_nsec = (uint64_t)sb->st_ctim.tv_nsec;
}

static struct l_statx_timestamp
statx_ts(const struct timespec *ts)
{
	struct l_statx_timestamp t = { ts->tv_sec, (uint32_t)ts->tv_nsec, 0 };

	return (t);
}

/* What statx fills: struct stat's fields, and the birth time where the file system keeps one. */
void
stat_to_statx(const struct stat *sb, struct l_statx *stx)
{
	memset(stx, 0, sizeof(*stx));
	stx->stx_mask = LINUX_STATX_BASIC_STATS;
	stx->stx_blksize = sb->st_blksize;
	stx->stx_nlink = (uint32_t)sb->st_nlink;
	stx->stx_uid = owner_uid(sb->st_uid);
	stx->stx_gid = owner_gid(sb->st_gid);
	stx->stx_mode = (uint16_t)sb->st_mode;
	stx->stx_ino = sb->st_ino;
	stx->stx_size = (uint64_t)sb->st_size;
	stx->stx_blocks = sb->st_blocks;
	stx->stx_atime = statx_ts(&sb->st_atim);
	stx->stx_mtime = statx_ts(&sb->st_mtim);
	stx->stx_ctime = statx_ts(&sb->st_ctim);
	if (sb->st_birthtim.tv_nsec >= 0 && sb->st_birthtim.tv_nsec < 1000000000 &&
	    (sb->st_birthtim.tv_sec != 0 || sb->st_birthtim.tv_nsec != 0)) {
		stx->stx_mask |= LINUX_STATX_BTIME;
		stx->stx_btime = statx_ts(&sb->st_birthtim);
	}
	stx->stx_rdev_major = major(sb->st_rdev);
	stx->stx_rdev_minor = minor(sb->st_rdev);
	stx->stx_dev_major = major(sb->st_dev);
	stx->stx_dev_minor = minor(sb->st_dev);
}

void
statfs_to_linux(const struct statfs *sf, struct l_statfs *lsf)
{
	memset(lsf, 0, sizeof(*lsf));
	lsf->f_type = (int64_t)sf->f_type;
	lsf->f_bsize = lsf->f_frsize = (int64_t)sf->f_bsize;
	lsf->f_blocks = sf->f_blocks;
	lsf->f_bfree = sf->f_bfree;
	lsf->f_bavail = sf->f_bavail;
	lsf->f_files = sf->f_files;
	lsf->f_ffree = sf->f_ffree;
	lsf->f_namelen = (int64_t)sf->f_namemax;
	/* Linux's ST_RDONLY, ST_NOSUID, ST_NOEXEC; and ST_VALID (0x20): flags are meaningful. */
	lsf->f_flags = 0x20 | ((sf->f_flags & MNT_RDONLY) ? 1 : 0) |
	    ((sf->f_flags & MNT_NOSUID) ? 2 : 0) | ((sf->f_flags & MNT_NOEXEC) ? 8 : 0);
}

uint8_t
vtype_to_linux_dt(int vtype)
{
	switch (vtype) {
	case VREG:	return (LINUX_DT_REG);
	case VDIR:	return (LINUX_DT_DIR);
	case VLNK:	return (LINUX_DT_LNK);
	case VCHR:	return (LINUX_DT_CHR);
	case VBLK:	return (LINUX_DT_BLK);
	case VFIFO:	return (LINUX_DT_FIFO);
	case VSOCK:	return (LINUX_DT_SOCK);
	default:	return (LINUX_DT_UNKNOWN);
	}
}
