/*
 * libFuzzer target: the FAT file system (fs/msdosfs/) on a volume whose
 * bytes are the input, zero-extended to the size its boot sector claims
 * (at most 8 MiB), so seed images need not carry their empty tail.
 *
 * Each input is mounted (read-write when the mount-time check allows it,
 * forcing past a dirty flag -- or, for inputs of odd length, checking past
 * it, which frees lost clusters first), every directory listed and every file read
 * (bounded); on a read-write mount a fixed set of changes follows
 * (create, write, mkdir, rename, truncate, remove, on new and on existing
 * entries), then an unmount and a second mount whose check must find the
 * volume still sound: writes never damage a volume the check accepted.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fs/buf.h"
#include "fs/msdosfs/msdosfs.h"
#include "kernel/sys/errno.h"	/* FreeBSD values: no <errno.h> here */
#include "tests/host/fs/filedev.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_DEV		(8u << 20)
#define MAX_NAMES	32	/* entries looked at per directory */
#define MAX_DIRS	64	/* directories visited */
#define READ_BUDGET	(256u << 10)

static uint64_t
device_size(const uint8_t *d, size_t size)
{
	uint64_t bps = (uint64_t)d[11] | (uint64_t)d[12] << 8, tot, want, have;

	tot = (uint64_t)d[19] | (uint64_t)d[20] << 8;
	if (tot == 0)
		tot = (uint64_t)d[32] | (uint64_t)d[33] << 8 | (uint64_t)d[34] << 16 |
		    (uint64_t)d[35] << 24;
	if (bps < 512 || bps > 4096 || (bps & (bps - 1)) != 0)
		bps = 512;
	want = tot * bps > MAX_DEV ? MAX_DEV : tot * bps;
	have = (size + 511) / 512 * 512;
	return (want > have ? want : have);
}

struct names {
	char	name[MAX_NAMES][64];
	int	n;
};

static int
collect(void *arg, const char *name, size_t len, uint64_t id, int isdir, uint64_t next)
{
	struct names *nm = arg;

	(void)next;

	(void)id;
	(void)isdir;
	if (nm->n == MAX_NAMES || len >= sizeof(nm->name[0]))
		return (nm->n == MAX_NAMES);
	memcpy(nm->name[nm->n], name, len);
	nm->name[nm->n++][len] = '\0';
	return (0);
}

static int
sink(void *arg, void *fsbuf, size_t n, size_t done)
{
	(void)arg;
	(void)fsbuf;
	(void)n;
	(void)done;
	return (0);
}

static int
source(void *arg, void *fsbuf, size_t n, size_t done)
{
	memset(fsbuf, (int)(uintptr_t)arg + (int)done, n);
	return (0);
}

/* Lists and reads everything reachable (bounded); remembers one file and one directory. */
static void
walk(struct denode *root, struct denode **afile, struct denode **adir)
{
	struct denode *stack[MAX_DIRS], *d, *e;
	struct msdosfs_attr va;
	struct names nm;
	uint64_t cookie, budget = READ_BUDGET;
	int sp = 0, visited = 0, i;
	size_t done;

	msdosfs_vref(root);
	stack[sp++] = root;
	while (sp > 0) {
		d = stack[--sp];
		nm.n = 0;
		cookie = 0;
		msdosfs_readdir(d, &cookie, collect, &nm);
		for (i = 0; i < nm.n; i++) {
			if (msdosfs_lookup(d, nm.name[i], strlen(nm.name[i]), &e) != 0)
				continue;
			msdosfs_getattr(e, &va);
			if (va.va_isdir && visited < MAX_DIRS && sp < MAX_DIRS) {
				visited++;
				if (*adir == NULL) {
					msdosfs_vref(e);
					*adir = e;
				}
				stack[sp++] = e;
				continue;
			}
			if (!va.va_isdir) {
				if (*afile == NULL) {
					msdosfs_vref(e);
					*afile = e;
				}
				if (budget > 0 && msdosfs_read(e, 0, budget > 65536 ? 65536 : budget,
				    sink, NULL, &done) == 0)
					budget -= done < budget ? done : budget;
			}
			msdosfs_vrele(e);
		}
		msdosfs_vrele(d);
	}
}

/* The changes a read-write mount gets. */
static void
change(struct denode *root, struct denode *afile, struct denode *adir)
{
	struct denode *f, *dir;
	size_t done;

	if (msdosfs_create(root, "fuzz new file.txt", 17, &f) == 0) {
		msdosfs_write(f, 0, 3000, source, (void *)1, &done);
		msdosfs_write(f, 10000, 5, source, (void *)2, &done);
		msdosfs_vrele(f);
	}
	if (msdosfs_mkdir(root, "FZ", 2, &dir) == 0) {
		if (msdosfs_create(dir, "a", 1, &f) == 0)
			msdosfs_vrele(f);
		msdosfs_rename(root, "fuzz new file.txt", 17, dir, "b", 1);
		msdosfs_remove(dir, "a", 1);
		msdosfs_vrele(dir);
	}
	if (afile != NULL) {
		struct msdosfs_attr va;

		msdosfs_write(afile, 10, 100, source, (void *)3, &done);
		msdosfs_getattr(afile, &va);
		msdosfs_truncate(afile, va.va_size / 2);
		msdosfs_write(afile, va.va_size + 700, 10, source, (void *)4, &done);
	}
	if (adir != NULL)
		msdosfs_setreadonly(adir, 1);	/* a no-op on directories: must stay one */
	msdosfs_rename(root, "FZ", 2, root, "fz2", 3);
	if (msdosfs_lookup(root, "fz2", 3, &dir) == 0) {
		msdosfs_rename(dir, "b", 1, root, "back at the root", 16);
		msdosfs_vrele(dir);
	}
	msdosfs_rmdir(root, "fz2", 3);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int inited;
	struct denode *root, *afile = NULL, *adir = NULL;
	struct msdosfsmount *pmp;
	struct msdosfs_statfs sf;
	struct filedev dev;
	uint64_t devsize;
	uint8_t *mem;
	char msg[512];
	int rw, error;

	if (!inited) {
		if (bufinit(1 << 20) != 0)
			abort();
		inited = 1;
	}
	if (size < 64)
		return (0);
	devsize = device_size(data, size);
	if ((mem = calloc(1, devsize)) == NULL)
		return (0);
	memcpy(mem, data, size);
	filedev_open_mem(&dev, "fat0", mem, devsize, 512);
	bufdev_register(&dev.fd_dev);
	if (msdosfs_mount(&dev.fd_dev, size % 2 ? MSDOSFS_MNT_CHECK : MSDOSFS_MNT_FORCE, &pmp, msg,
	    sizeof(msg)) == 0) {
		msdosfs_statfs(pmp, &sf);
		rw = !sf.f_rdonly;
		msdosfs_root(pmp, &root);
		walk(root, &afile, &adir);
		if (rw)
			change(root, afile, adir);
		if (afile != NULL)
			msdosfs_vrele(afile);
		if (adir != NULL)
			msdosfs_vrele(adir);
		msdosfs_vrele(root);
		error = msdosfs_unmount(pmp);
		if (error == EBUSY)
			abort();	/* a reference leaked */
		bufinval_clean(&dev.fd_dev);
		if (rw && error == 0) {
			if (msdosfs_mount(&dev.fd_dev, 0, &pmp, msg, sizeof(msg)) != 0 ||
			    strstr(msg, "damaged") != NULL) {
				fprintf(stderr, "the volume was sound and is no more: %s\n", msg);
				abort();
			}
			msdosfs_unmount(pmp);
		}
	}
	bufdev_unregister(&dev.fd_dev);
	filedev_close(&dev);
	free(mem);
	return (0);
}
