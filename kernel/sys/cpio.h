/*
 * The "newc" cpio archive format (SVR4 portable ASCII, what Linux's
 * initramfs and `cpio -H newc` use), and its parser.
 *
 * Each member is a 110-byte header of ASCII hex fields, the NUL-terminated
 * name (header + name padded to 4 bytes), then the data (padded to 4).
 * A symlink's data is its target.  Hard links share ino and have nlink > 1;
 * an archiver writes their data once, usually with the last name.  The
 * member named TRAILER!!! ends the archive.
 */
#ifndef SYS_CPIO_H
#define SYS_CPIO_H

#include <stddef.h>
#include <stdint.h>

#define CPIO_NEWC_MAGIC		"070701"	/* no checksum */
#define CPIO_NEWC_CRC_MAGIC	"070702"	/* "check" is a byte sum of the data */
#define CPIO_NEWC_HDRLEN	110
#define CPIO_TRAILER		"TRAILER!!!"

/* The header as it lies in the archive: each field 8 hex digits. */
struct cpio_newc_header {
	char	c_magic[6];
	char	c_ino[8];
	char	c_mode[8];
	char	c_uid[8];
	char	c_gid[8];
	char	c_nlink[8];
	char	c_mtime[8];
	char	c_filesize[8];
	char	c_devmajor[8];
	char	c_devminor[8];
	char	c_rdevmajor[8];
	char	c_rdevminor[8];
	char	c_namesize[8];
	char	c_check[8];
};

/* One member, decoded and checked. */
struct cpio_entry {
	const char	*name;		/* NUL-terminated, inside the archive */
	size_t		 namelen;	/* strlen(name) */
	uint32_t	 ino;
	uint32_t	 mode;		/* type and permission bits */
	uint32_t	 uid, gid;
	uint32_t	 nlink;
	uint32_t	 mtime;		/* seconds since 1970 */
	uint32_t	 devmajor, devminor;	/* the device the file came from */
	uint32_t	 rdevmajor, rdevminor;	/* a device file's number */
	const uint8_t	*data;		/* filesize bytes inside the archive */
	size_t		 filesize;
};

/*
 * Decode the member at *offp of buf[0..len): 1 and the entry (with *offp
 * moved past it), 0 at the trailer, or -1 with a one-line reason in err
 * ("entry 3 at offset 0x1a4: file size 0x10000 runs past the end of the
 * archive").  Checks: magic, hex digits, the name's size and terminator,
 * member bounds, the checksum of 070702 members.  index counts members
 * for the message.
 */
int	cpio_next(const uint8_t *buf, size_t len, size_t *offp, unsigned index,
	    struct cpio_entry *e, char *err, size_t errlen);

#endif
