/*
 * Drives fs/msdosfs on a FAT image from a script on stdin, for host tests
 * that then check the image with mtools and fsck.fat.
 *
 *   fat_tool [-o OFFSET] [-r] [-f] [-k] [-a] [-c BUFSPACE] IMAGE < script
 *     -o  the file system starts OFFSET bytes into IMAGE
 *     -r  mount read-only; -f  force read-write on a dirty volume
 *     -k  check a dirty volume: sound, its lost clusters freed and read-write
 *     -a  the device completes I/O on another thread, in random order
 *     -c  buffer cache size in bytes (default 4 MiB)
 *
 * Script lines (one command each; "#" comments):
 *   ls PATH                 "NAME SIZE d|f FILEID" per entry, in directory order
 *   get PATH HOSTFILE       copy a file out
 *   put HOSTFILE PATH [N]   create or truncate PATH, write HOSTFILE in N-byte writes
 *   write PATH OFF LEN SEED write LEN pattern bytes (from SEED) at OFF, in one call
 *                           (creating PATH if needed)
 *   read PATH OFF LEN       prints "ok read N hash=<FNV-1a of the bytes>"
 *   create PATH | mkdir PATH | rmdir PATH | rm PATH | mv FROM TO | truncate PATH SIZE
 *   stat PATH               size, attr, mtime, ctime, fileid
 *   touch PATH MTIME        | ro PATH 0|1
 *   statfs | sync | fsync PATH | umount | mount [ro|force]
 *   crash N                 every device write after the next N is lost (power cut)
 *   failwrites N            every device write after the next N fails (EIO)
 *   failreads START END     reads of device bytes [START, END) fail
 *   hold PATH | drop        keep a file referenced (open) across commands
 * Every command prints one "ok ..." line, or "error CMD: ENAME"; fsync's says how
 * many device writes had been made when it returned.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fs/buf.h"
#include "fs/msdosfs/msdosfs.h"
#include "kernel/sys/errno.h"	/* FreeBSD values: no <errno.h> here */
#include "tests/host/fs/filedev.h"
#include "tests/host/lib/fs_host.h"

static struct filedev dev;
static struct msdosfsmount *pmp;
static struct denode *held;

static const char *
ename(int e)
{
	static const struct { int e; const char *n; } t[] = {
		{ 1, "EPERM" }, { 2, "ENOENT" }, { 5, "EIO" }, { 12, "ENOMEM" }, { 13, "EACCES" },
		{ 14, "EFAULT" }, { 16, "EBUSY" }, { 17, "EEXIST" }, { 18, "EXDEV" },
		{ 20, "ENOTDIR" }, { 21, "EISDIR" }, { 22, "EINVAL" }, { 27, "EFBIG" },
		{ 28, "ENOSPC" }, { 30, "EROFS" }, { 63, "ENAMETOOLONG" }, { 66, "ENOTEMPTY" },
	};
	static char buf[16];
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (t[i].e == e)
			return (t[i].n);
	snprintf(buf, sizeof(buf), "E%d", e);
	return (buf);
}

/*
 * Resolves PATH from the root.  With `parent`, stops before the last
 * component: *dpp is its directory and *last the component.
 */
static int
resolve(const char *path, int parent, struct denode **dpp, const char **last)
{
	struct denode *d, *next;
	const char *p = path, *e;
	int error;

	msdosfs_root(pmp, &d);
	for (;;) {
		while (*p == '/')
			p++;
		for (e = p; *e != '\0' && *e != '/'; e++)
			;
		if (parent && *e == '\0') {
			*last = p;
			*dpp = d;
			return (0);
		}
		if (e == p) {
			*dpp = d;
			return (0);
		}
		error = msdosfs_lookup(d, p, (size_t)(e - p), &next);
		msdosfs_vrele(d);
		if (error != 0)
			return (error);
		d = next;
		p = e;
	}
}

/* Where copied data comes from or goes: a host file, or a pattern / a hash. */
struct io {
	int		fd;		/* host file, or -1 */
	uint64_t	base;		/* offset of this transfer in the host file or pattern */
	uint32_t	seed;		/* pattern */
	uint64_t	hash;		/* FNV-1a of what was read */
};

static uint8_t
pattern(uint32_t seed, uint64_t i)
{
	uint64_t x = (i + 1) * 0x9e3779b97f4a7c15ull ^ seed;

	x ^= x >> 29;
	return ((uint8_t)(x * 0xbf58476d1ce4e5b9ull >> 56));
}

static int
copy_in(void *arg, void *fsbuf, size_t n, size_t done)
{
	struct io *io = arg;
	size_t i;

	if (io->fd >= 0)
		return (pread(io->fd, fsbuf, n, (off_t)(io->base + done)) == (ssize_t)n ? 0 : 14);
	for (i = 0; i < n; i++)
		((uint8_t *)fsbuf)[i] = pattern(io->seed, io->base + done + i);
	return (0);
}

static int
copy_out(void *arg, void *fsbuf, size_t n, size_t done)
{
	struct io *io = arg;
	size_t i;

	if (io->fd >= 0)
		return (pwrite(io->fd, fsbuf, n, (off_t)(io->base + done)) == (ssize_t)n ? 0 : 14);
	for (i = 0; i < n; i++)
		io->hash = (io->hash ^ ((uint8_t *)fsbuf)[i]) * 0x100000001b3ull;
	return (0);
}

/* Entries readdir gave, looked up afterwards (callbacks run with the mount locked). */
struct lsent {
	char		*name;
	uint64_t	 id;
	int		 isdir;
};

struct lsctx {
	struct lsent	*ents;
	int		 n, cap;
	int		 batch;		/* taken in this readdir call */
};

/* Stops after every third entry, to exercise cookies. */
static int
collect(void *arg, const char *name, size_t len, uint64_t id, int isdir, uint64_t next)
{
	struct lsctx *c = arg;

	(void)next;

	if (c->batch++ == 3)
		return (1);
	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 16;
		c->ents = realloc(c->ents, (size_t)c->cap * sizeof(*c->ents));
	}
	c->ents[c->n].name = strndup(name, len);
	c->ents[c->n].id = id;
	c->ents[c->n++].isdir = isdir;
	return (0);
}

static int
cmd_ls(char **av)
{
	struct lsctx c = { 0 };
	struct msdosfs_attr va;
	uint64_t cookie = 0;
	struct denode *d, *e;
	int error, i;

	if ((error = resolve(av[1], 0, &d, NULL)) != 0)
		return (error);
	do {
		c.batch = 0;
		error = msdosfs_readdir(d, &cookie, collect, &c);
	} while (error == 0 && c.batch > 3);
	for (i = 0; i < c.n; i++) {
		if (msdosfs_lookup(d, c.ents[i].name, strlen(c.ents[i].name), &e) == 0) {
			msdosfs_getattr(e, &va);
			msdosfs_vrele(e);
			printf("%s %llu %c %llu%s\n", c.ents[i].name, (unsigned long long)va.va_size,
			    c.ents[i].isdir ? 'd' : 'f', (unsigned long long)c.ents[i].id,
			    va.va_fileid != c.ents[i].id || va.va_isdir != c.ents[i].isdir ?
			    " fileid-mismatch" : "");
		} else
			printf("%s lookup-failed\n", c.ents[i].name);
		free(c.ents[i].name);
	}
	free(c.ents);
	msdosfs_vrele(d);
	if (error == 0)
		printf("ok ls\n");
	return (error);
}

static int
create_path(const char *path, int dir, struct denode **dpp)
{
	struct denode *parent;
	const char *name;
	int error;

	if ((error = resolve(path, 1, &parent, &name)) != 0)
		return (error);
	error = dir ? msdosfs_mkdir(parent, name, strlen(name), dpp) :
	    msdosfs_create(parent, name, strlen(name), dpp);
	msdosfs_vrele(parent);
	return (error);
}

static int
cmd_put(char **av, int ac)
{
	struct io io = { .fd = open(av[1], O_RDONLY) };
	size_t chunk = ac > 3 ? strtoull(av[3], NULL, 0) : 65536, done, total = 0, size;
	struct denode *d;
	int error;

	if (io.fd < 0)
		return (2);
	if (chunk == 0) {
		close(io.fd);
		return (EINVAL);
	}
	size = (size_t)lseek(io.fd, 0, SEEK_END);
	if ((error = resolve(av[2], 0, &d, NULL)) == ENOENT)
		error = create_path(av[2], 0, &d);
	else if (error == 0 && (error = msdosfs_truncate(d, 0)) != 0)
		msdosfs_vrele(d);
	if (error != 0) {
		close(io.fd);
		return (error);
	}
	while (error == 0 && total < size) {
		io.base = total;
		error = msdosfs_write(d, total, size - total < chunk ? size - total : chunk,
		    copy_in, &io, &done);
		total += done;
	}
	msdosfs_vrele(d);
	close(io.fd);
	if (error == 0)
		printf("ok put %zu\n", total);
	return (error);
}

static int
cmd_get(char **av)
{
	struct io io = { .fd = open(av[2], O_WRONLY | O_CREAT | O_TRUNC, 0644) };
	size_t done, total = 0;
	struct denode *d;
	int error;

	if (io.fd < 0)
		return (2);
	if ((error = resolve(av[1], 0, &d, NULL)) == 0) {
		do {
			io.base = total;
			error = msdosfs_read(d, total, 100000, copy_out, &io, &done);
			total += done;
		} while (error == 0 && done > 0);
		msdosfs_vrele(d);
	}
	close(io.fd);
	if (error == 0)
		printf("ok get %zu\n", total);
	return (error);
}

static int create_path(const char *path, int dir, struct denode **dpp);

static int
cmd_rw(char **av, int write)
{
	struct io io = { .fd = -1, .hash = 0xcbf29ce484222325ull };
	uint64_t off = strtoull(av[2], NULL, 0);
	size_t len = strtoull(av[3], NULL, 0), done = 0;
	struct denode *d;
	int error;

	if (write)
		io.seed = (uint32_t)strtoul(av[4], NULL, 0);
	io.base = off;
	if ((error = resolve(av[1], 0, &d, NULL)) == ENOENT && write)
		error = create_path(av[1], 0, &d);
	if (error != 0)
		return (error);
	error = write ? msdosfs_write(d, off, len, copy_in, &io, &done) :
	    msdosfs_read(d, off, len, copy_out, &io, &done);
	msdosfs_vrele(d);
	if (error == 0 && write)
		printf("ok wrote %zu\n", done);
	else if (error == 0)
		printf("ok read %zu hash=%016llx\n", done, (unsigned long long)io.hash);
	return (error);
}

static int
cmd_stat(char **av)
{
	struct msdosfs_attr va;
	struct denode *d;
	int error;

	if ((error = resolve(av[1], 0, &d, NULL)) != 0)
		return (error);
	msdosfs_getattr(d, &va);
	msdosfs_vrele(d);
	printf("ok size=%llu bytes=%llu %s attr=%#x mtime=%lld ctime=%lld.%02u atime=%lld "
	    "id=%llu\n", (unsigned long long)va.va_size, (unsigned long long)va.va_bytes,
	    va.va_isdir ? "dir" : "file", va.va_attr, (long long)va.va_mtime,
	    (long long)va.va_ctime, va.va_ctime_nsec / 10000000, (long long)va.va_atime,
	    (unsigned long long)va.va_fileid);
	return (0);
}

/* Commands that act on the last component in its parent directory. */
static int
cmd_parent_op(const char *op, const char *path)
{
	struct denode *parent;
	const char *name;
	int error;

	if ((error = resolve(path, 1, &parent, &name)) != 0)
		return (error);
	if (strcmp(op, "rm") == 0)
		error = msdosfs_remove(parent, name, strlen(name));
	else
		error = msdosfs_rmdir(parent, name, strlen(name));
	msdosfs_vrele(parent);
	return (error);
}

static int
cmd_mv(char **av)
{
	struct denode *fd, *td;
	const char *fn, *tn;
	int error;

	if ((error = resolve(av[1], 1, &fd, &fn)) != 0)
		return (error);
	if ((error = resolve(av[2], 1, &td, &tn)) != 0) {
		msdosfs_vrele(fd);
		return (error);
	}
	error = msdosfs_rename(fd, fn, strlen(fn), td, tn, strlen(tn));
	msdosfs_vrele(fd);
	msdosfs_vrele(td);
	return (error);
}

static int
do_mount(int flags)
{
	char msg[512];
	struct msdosfs_statfs sf;
	int error;

	if ((error = msdosfs_mount(&dev.fd_dev, flags, &pmp, msg, sizeof(msg))) != 0) {
		printf("mount failed %s: %s\n", ename(error), msg);
		pmp = NULL;
		return (error);
	}
	msdosfs_statfs(pmp, &sf);
	printf("mounted fat%d %s clusters=%llu free=%llu bsize=%u lost=%llu label=\"%s\"%s%s\n",
	    sf.f_fattype, sf.f_rdonly ? "ro" : "rw", (unsigned long long)sf.f_blocks,
	    (unsigned long long)sf.f_bfree, sf.f_bsize, (unsigned long long)sf.f_lost,
	    sf.f_label, msg[0] ? " warning: " : "", msg);
	return (0);
}

static int
cmd_simple(char **av, int ac)
{
	struct denode *d;
	int error;

	if (strcmp(av[0], "create") == 0 || strcmp(av[0], "mkdir") == 0) {
		if ((error = create_path(av[1], av[0][0] == 'm', &d)) == 0)
			msdosfs_vrele(d);
		return (error);
	}
	if (strcmp(av[0], "rm") == 0 || strcmp(av[0], "rmdir") == 0)
		return (cmd_parent_op(av[0], av[1]));
	if (strcmp(av[0], "sync") == 0)
		return (msdosfs_sync(pmp));
	if (strcmp(av[0], "umount") == 0) {
		if ((error = msdosfs_unmount(pmp)) == 0 || error != EBUSY)
			pmp = NULL;
		return (error);
	}
	if (strcmp(av[0], "mount") == 0) {
		bufinval_clean(&dev.fd_dev);
		return (do_mount((ac > 1 && strcmp(av[1], "ro") == 0 ? MSDOSFS_MNT_RDONLY : 0) |
		    (ac > 1 && strcmp(av[1], "force") == 0 ? MSDOSFS_MNT_FORCE : 0)));
	}
	if ((error = resolve(av[1], 0, &d, NULL)) != 0)
		return (error);
	if (strcmp(av[0], "truncate") == 0)
		error = msdosfs_truncate(d, strtoull(av[2], NULL, 0));
	else if (strcmp(av[0], "fsync") == 0)
		error = msdosfs_fsync(d);
	else if (strcmp(av[0], "touch") == 0)
		error = msdosfs_settimes(d, strtoll(av[2], NULL, 0), -1);
	else if (strcmp(av[0], "ro") == 0)
		error = msdosfs_setreadonly(d, atoi(av[2]));
	else if (strcmp(av[0], "hold") == 0 && held == NULL) {
		held = d;
		d = NULL;
	} else
		error = 22;
	if (d != NULL)
		msdosfs_vrele(d);
	return (error);
}

static const struct { const char *name; int args; } cmds[] = {
	{ "ls", 1 }, { "get", 2 }, { "put", 2 }, { "write", 4 }, { "read", 3 },
	{ "create", 1 }, { "mkdir", 1 }, { "rmdir", 1 }, { "rm", 1 }, { "mv", 2 },
	{ "truncate", 2 }, { "stat", 1 }, { "touch", 2 }, { "ro", 2 }, { "statfs", 0 },
	{ "sync", 0 }, { "fsync", 1 }, { "umount", 0 }, { "mount", 0 }, { "crash", 1 },
	{ "failwrites", 1 }, { "failreads", 2 }, { "hold", 1 }, { "drop", 0 },
};

static int
run(char **av, int ac)
{
	struct msdosfs_statfs sf;
	size_t i;

	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		if (strcmp(av[0], cmds[i].name) == 0)
			break;
	if (i == sizeof(cmds) / sizeof(cmds[0]) || ac - 1 < cmds[i].args)
		return (22);
	if (pmp == NULL && strcmp(av[0], "mount") != 0 && strcmp(av[0], "crash") != 0 &&
	    strcmp(av[0], "failwrites") != 0 && strcmp(av[0], "failreads") != 0)
		return (6);	/* ENXIO: not mounted */
	if (strcmp(av[0], "ls") == 0)
		return (cmd_ls(av));
	if (strcmp(av[0], "get") == 0)
		return (cmd_get(av));
	if (strcmp(av[0], "put") == 0)
		return (cmd_put(av, ac));
	if (strcmp(av[0], "write") == 0 || strcmp(av[0], "read") == 0)
		return (cmd_rw(av, av[0][0] == 'w'));
	if (strcmp(av[0], "stat") == 0)
		return (cmd_stat(av));
	if (strcmp(av[0], "mv") == 0)
		return (cmd_mv(av));
	if (strcmp(av[0], "statfs") == 0) {
		msdosfs_statfs(pmp, &sf);
		printf("ok fat%d %s blocks=%llu free=%llu bsize=%u dirty=%d lost=%llu serial=%08x\n",
		    sf.f_fattype, sf.f_rdonly ? "ro" : "rw", (unsigned long long)sf.f_blocks,
		    (unsigned long long)sf.f_bfree, sf.f_bsize, sf.f_dirty,
		    (unsigned long long)sf.f_lost, sf.f_serial);
		return (0);
	}
	if (strcmp(av[0], "crash") == 0) {
		dev.fd_crash_after = dev.fd_writes + atol(av[1]);
		return (0);
	}
	if (strcmp(av[0], "failwrites") == 0) {
		dev.fd_fail_writes_after = dev.fd_writes + atol(av[1]);
		return (0);
	}
	if (strcmp(av[0], "failreads") == 0) {
		dev.fd_bad_start = strtoull(av[1], NULL, 0);
		dev.fd_bad_end = strtoull(av[2], NULL, 0);
		bufinval_clean(&dev.fd_dev);
		return (0);
	}
	if (strcmp(av[0], "drop") == 0) {
		if (held != NULL)
			msdosfs_vrele(held);
		held = NULL;
		return (0);
	}
	return (cmd_simple(av, ac));
}

/* Words separated by blanks; "double quotes" keep blanks in one. */
static int
split(char *p, char **av, int max)
{
	int ac = 0;

	while (ac < max) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '\0')
			break;
		if (*p == '"') {
			av[ac++] = ++p;
			while (*p != '\0' && *p != '"')
				p++;
		} else {
			av[ac++] = p;
			while (*p != '\0' && *p != ' ' && *p != '\t')
				p++;
		}
		if (*p != '\0')
			*p++ = '\0';
	}
	return (ac);
}

int
main(int argc, char **argv)
{
	uint64_t offset = 0, cache = 4 << 20;
	int flags = 0, async = 0, opt, ac, error;
	char line[4096], *av[8];
	struct bufstats st;

	while ((opt = getopt(argc, argv, "o:rfkac:")) != -1)
		switch (opt) {
		case 'o': offset = strtoull(optarg, NULL, 0); break;
		case 'r': flags |= MSDOSFS_MNT_RDONLY; break;
		case 'f': flags |= MSDOSFS_MNT_FORCE; break;
		case 'k': flags |= MSDOSFS_MNT_CHECK; break;
		case 'a': async = 1; break;
		case 'c': cache = strtoull(optarg, NULL, 0); break;
		default: return (2);
		}
	if (optind >= argc || bufinit(cache) != 0)
		return (2);
	srand(1);
	fs_host_set_realtime(1700000000);	/* 2023-11-14 22:13:20 UTC */
	if (filedev_open(&dev, "fat0", argv[optind], offset, 0, 512,
	    (flags & MSDOSFS_MNT_RDONLY) != 0, async) != 0)
		return (1);
	bufdev_register(&dev.fd_dev);
	do_mount(flags);
	while (fgets(line, sizeof(line), stdin) != NULL) {
		line[strcspn(line, "\n")] = '\0';
		ac = split(line, av, 8);
		if (ac == 0 || av[0][0] == '#')
			continue;
		if ((error = run(av, ac)) != 0)
			printf("error %s: %s\n", av[0], ename(error));
		else if (strcmp(av[0], "fsync") == 0)	/* crash tests: what was on disk by then */
			printf("ok fsync writes=%ld\n", dev.fd_writes);
		else if (strcmp(av[0], "ls") != 0 && strcmp(av[0], "get") != 0 &&
		    strcmp(av[0], "put") != 0 && strcmp(av[0], "write") != 0 &&
		    strcmp(av[0], "read") != 0 && strcmp(av[0], "stat") != 0 &&
		    strcmp(av[0], "statfs") != 0)
			printf("ok %s\n", av[0]);
		fflush(stdout);
	}
	if (held != NULL)
		msdosfs_vrele(held);
	if (pmp != NULL && (error = msdosfs_unmount(pmp)) != 0)
		printf("unmount at exit: %s\n", ename(error));
	bufstats_get(&st);
	printf("bufstats hits=%llu misses=%llu reads=%llu writes=%llu readahead=%llu "
	    "delwri=%llu recycled=%llu flushes=%llu dev_writes=%ld lost=%ld\n",
	    (unsigned long long)st.hits, (unsigned long long)st.misses,
	    (unsigned long long)st.reads, (unsigned long long)st.writes,
	    (unsigned long long)st.readahead, (unsigned long long)st.delwri,
	    (unsigned long long)st.recycled, (unsigned long long)st.flushes, dev.fd_writes,
	    dev.fd_lost);
	bufdev_unregister(&dev.fd_dev);
	filedev_close(&dev);
	return (0);
}
