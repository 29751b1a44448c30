/*
 * Linux's x86_64 file ABI, as the system-call boundary sees it: open and
 * *at() flags, fcntl commands, struct stat, directory records, iovec,
 * pollfd, statfs, and the terminal ioctls.  Layouts only, plus the
 * conversions to the kernel's own values (kern/linux_file.c); the
 * kernel's internals use sys/fcntl.h, sys/stat.h and struct vattr.
 */
#ifndef SYS_LINUX_FILE_H
#define SYS_LINUX_FILE_H

#include <sys/types.h>
#include <sys/malloc.h>

struct stat;
struct statfs;

/* open(2) flags (octal, as in Linux's asm-generic/fcntl.h). */
#define LINUX_O_RDONLY		00000000
#define LINUX_O_WRONLY		00000001
#define LINUX_O_RDWR		00000002
#define LINUX_O_ACCMODE		00000003
#define LINUX_O_CREAT		00000100
#define LINUX_O_EXCL		00000200
#define LINUX_O_NOCTTY		00000400
#define LINUX_O_TRUNC		00001000
#define LINUX_O_APPEND		00002000
#define LINUX_O_NONBLOCK	00004000
#define LINUX_O_DSYNC		00010000
#define LINUX_O_FASYNC		00020000
#define LINUX_O_DIRECT		00040000
#define LINUX_O_LARGEFILE	00100000
#define LINUX_O_DIRECTORY	00200000
#define LINUX_O_NOFOLLOW	00400000
#define LINUX_O_NOATIME		01000000
#define LINUX_O_CLOEXEC		02000000
#define LINUX_O_SYNC		04000000	/* with O_DSYNC */
#define LINUX_O_PATH		010000000
#define LINUX_O_TMPFILE		020000000	/* with O_DIRECTORY */

/* *at() */
#define LINUX_AT_FDCWD			(-100)
#define LINUX_AT_SYMLINK_NOFOLLOW	0x100
#define LINUX_AT_EACCESS		0x200	/* faccessat */
#define LINUX_AT_REMOVEDIR		0x200	/* unlinkat */
#define LINUX_AT_SYMLINK_FOLLOW		0x400
#define LINUX_AT_NO_AUTOMOUNT		0x800
#define LINUX_AT_EMPTY_PATH		0x1000

/* utimensat: a tv_nsec meaning "the current time" / "leave this one alone". */
#define LINUX_UTIME_NOW		((1L << 30) - 1)
#define LINUX_UTIME_OMIT	((1L << 30) - 2)

/* utime(2)'s argument (linux/utime.h). */
struct l_utimbuf {
	int64_t	actime;
	int64_t	modtime;
};

/* fcntl */
#define LINUX_F_DUPFD		0
#define LINUX_F_GETFD		1
#define LINUX_F_SETFD		2
#define LINUX_F_GETFL		3
#define LINUX_F_SETFL		4
#define LINUX_F_GETLK		5
#define LINUX_F_SETLK		6
#define LINUX_F_SETLKW		7
#define LINUX_F_SETOWN		8
#define LINUX_F_GETOWN		9
#define LINUX_F_DUPFD_CLOEXEC	1030
#define LINUX_FD_CLOEXEC	1

/* struct stat of x86_64 (asm/stat.h): what stat, fstat, lstat, newfstatat fill. */
struct l_stat {
	uint64_t	st_dev;
	uint64_t	st_ino;
	uint64_t	st_nlink;
	uint32_t	st_mode;
	uint32_t	st_uid;
	uint32_t	st_gid;
	uint32_t	__pad0;
	uint64_t	st_rdev;
	int64_t		st_size;
	int64_t		st_blksize;
	int64_t		st_blocks;	/* 512-byte units */
	uint64_t	st_atime_sec;
	uint64_t	st_atime_nsec;
	uint64_t	st_mtime_sec;
	uint64_t	st_mtime_nsec;
	uint64_t	st_ctime_sec;
	uint64_t	st_ctime_nsec;
	int64_t		__reserved[3];
};
_Static_assert(sizeof(struct l_stat) == 144, "Linux x86_64 struct stat");

/* getdents64 records: 8-byte aligned, the name NUL-terminated. */
struct l_dirent64 {
	uint64_t	d_ino;
	int64_t		d_off;		/* position of the next record */
	uint16_t	d_reclen;
	uint8_t		d_type;		/* DT_* */
	char		d_name[];
};

/* getdents (the old one): d_type is the last byte of the record. */
struct l_dirent {
	uint64_t	d_ino;
	int64_t		d_off;
	uint16_t	d_reclen;
	char		d_name[];	/* then a NUL, padding, d_type */
};

#define LINUX_DT_UNKNOWN	0
#define LINUX_DT_FIFO		1
#define LINUX_DT_CHR		2
#define LINUX_DT_DIR		4
#define LINUX_DT_BLK		6
#define LINUX_DT_REG		8
#define LINUX_DT_LNK		10
#define LINUX_DT_SOCK		12

struct l_iovec {
	uint64_t	iov_base;	/* a user address */
	uint64_t	iov_len;
};

/*
 * kern/sys_generic.c: the user's iovec array as a uio (one allocation,
 * free(uio, M_IOV)), checked as readv checks it: EINVAL for a count past
 * UIO_MAXIOV or a length overflow, EFAULT for a range outside user space;
 * the total is cut to Linux's MAX_RW_COUNT.  Also sendmsg/recvmsg's.
 */
struct uio;
MALLOC_DECLARE(M_IOV);
int	copyinuio(const struct l_iovec *uiov, int iovcnt, int rw, struct uio **uiop);

struct l_pollfd {
	int32_t		fd;
	int16_t		events;
	int16_t		revents;
};

/* statx(2) (linux/stat.h): what is asked for and what is filled in. */
#define LINUX_STATX_TYPE		0x00000001
#define LINUX_STATX_BASIC_STATS		0x000007ff	/* everything struct stat has */
#define LINUX_STATX_BTIME		0x00000800
#define LINUX_STATX__RESERVED		0x80000000
#define LINUX_AT_STATX_SYNC_TYPE	0x6000		/* FORCE_SYNC | DONT_SYNC: not both */

struct l_statx_timestamp {
	int64_t		tv_sec;
	uint32_t	tv_nsec;
	int32_t		__reserved;
};

struct l_statx {
	uint32_t	stx_mask;
	uint32_t	stx_blksize;
	uint64_t	stx_attributes;
	uint32_t	stx_nlink;
	uint32_t	stx_uid;
	uint32_t	stx_gid;
	uint16_t	stx_mode;
	uint16_t	__spare0;
	uint64_t	stx_ino;
	uint64_t	stx_size;
	uint64_t	stx_blocks;
	uint64_t	stx_attributes_mask;
	struct l_statx_timestamp stx_atime, stx_btime, stx_ctime, stx_mtime;
	uint32_t	stx_rdev_major;
	uint32_t	stx_rdev_minor;
	uint32_t	stx_dev_major;
	uint32_t	stx_dev_minor;
	uint64_t	__spare2[14];	/* mount id, alignments...: not given */
};
_Static_assert(sizeof(struct l_statx) == 256, "Linux struct statx");

void	stat_to_statx(const struct stat *sb, struct l_statx *stx);

/* struct statfs of x86_64 (asm-generic/statfs.h with 64-bit longs). */
struct l_statfs {
	int64_t		f_type;
	int64_t		f_bsize;
	uint64_t	f_blocks;
	uint64_t	f_bfree;
	uint64_t	f_bavail;
	uint64_t	f_files;
	uint64_t	f_ffree;
	int32_t		f_fsid[2];
	int64_t		f_namelen;
	int64_t		f_frsize;
	int64_t		f_flags;
	int64_t		f_spare[4];
};
_Static_assert(sizeof(struct l_statfs) == 120, "Linux x86_64 struct statfs");

/* kern/linux_file.c: the conversions. */
int	linux_to_open_flags(int lflags);		/* O_* of sys/fcntl.h */
int	open_flags_to_linux(unsigned fflag);		/* F_GETFL: from f_flag */
void	stat_to_linux(const struct stat *sb, struct l_stat *lsb);
void	statfs_to_linux(const struct statfs *sf, struct l_statfs *lsf);
uint8_t	vtype_to_linux_dt(int vtype);			/* enum vtype -> DT_* */

#endif
