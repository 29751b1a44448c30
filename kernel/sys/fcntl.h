/*
 * Open flags, file flags and *at() flags inside the kernel (FreeBSD's
 * values).  The system-call layer translates Linux's O_* and AT_* numbers
 * into these on the way in and back for F_GETFL.
 *
 * An open file's f_flag holds FFLAGS(open flags): the access mode becomes
 * the FREAD/FWRITE bits, the rest (FNONBLOCK, FAPPEND) keep their values.
 */
#ifndef SYS_FCNTL_H
#define SYS_FCNTL_H

#define O_RDONLY	0x00000000
#define O_WRONLY	0x00000001
#define O_RDWR		0x00000002
#define O_ACCMODE	0x00000003
#define O_NONBLOCK	0x00000004	/* no delay */
#define O_APPEND	0x00000008	/* writes at end of file */
#define O_NOFOLLOW	0x00000100	/* do not follow a final symlink */
#define O_CREAT		0x00000200	/* create if absent */
#define O_TRUNC		0x00000400	/* truncate to zero length */
#define O_EXCL		0x00000800	/* error if it exists (with O_CREAT) */
#define O_NOCTTY	0x00008000	/* do not make it the controlling terminal */
#define O_DIRECTORY	0x00020000	/* fail unless a directory */
#define O_CLOEXEC	0x00100000	/* close on exec */
#define O_PATH		0x00400000	/* a handle on the name only (Linux's O_PATH) */

/* f_flag bits. */
#define FREAD		0x0001
#define FWRITE		0x0002
#define FNONBLOCK	O_NONBLOCK
#define FAPPEND		O_APPEND
#define FPATH		O_PATH		/* a handle on the name: no I/O */
#define FMASK		(FREAD | FWRITE | FAPPEND | FNONBLOCK | FPATH)	/* what f_flag keeps */
#define FCNTLFLAGS	(FAPPEND | FNONBLOCK)	/* what F_SETFL may change */
#define FFLAGS(oflags)	((oflags) + 1)		/* O_RDONLY..O_RDWR -> FREAD|FWRITE */
#define OFLAGS(fflags)	((fflags) - 1)

/* The *at() calls: a directory descriptor that means the working directory. */
#define AT_FDCWD		(-100)
#define AT_SYMLINK_NOFOLLOW	0x0200	/* operate on a symlink itself */
#define AT_EACCESS		0x0100	/* faccessat: effective ids */
#define AT_REMOVEDIR		0x0800	/* unlinkat: a directory */
#define AT_SYMLINK_FOLLOW	0x0400	/* linkat: follow */
#define AT_EMPTY_PATH		0x4000	/* "" names the descriptor itself */

/* fcntl commands. */
#define F_DUPFD		0
#define F_GETFD		1
#define F_SETFD		2
#define F_GETFL		3
#define F_SETFL		4
#define F_DUPFD_CLOEXEC	17
#define FD_CLOEXEC	1		/* F_GETFD/F_SETFD: close on exec */

/* access() modes. */
#define F_OK		0
#define X_OK		0x01
#define W_OK		0x02
#define R_OK		0x04

/* lseek whence. */
#define SEEK_SET	0
#define SEEK_CUR	1
#define SEEK_END	2
#define SEEK_DATA	3
#define SEEK_HOLE	4

#endif
