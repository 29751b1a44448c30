/*
 * Disks and partitions (kernel/geom/geom_disk.h): the g_event thread that
 * tastes new disks, the lookup by name, and `gpart show` / `diskinfo`.
 *
 * Tasting runs in a thread because it reads the disk: the drivers attach
 * during start-up, before threads run and before the buffer cache exists
 * (it is set up at SI_SUB_CLOCKS, after the PCI bus is configured), so
 * they only announce their disks; the thread registers them with the
 * cache and reads their tables once the system runs.
 */
#include <sys/systm.h>
#include <sys/conf.h>
#include <sys/errno.h>
#include <sys/fcntl.h>
#include <sys/kernel.h>
#include <sys/malloc.h>
#include <sys/mutex.h>
#include <sys/poll.h>
#include <sys/proc.h>
#include <sys/shell.h>
#include <sys/uio.h>
#include <geom/geom_disk.h>
#include "fs/fs_platform.h"

MALLOC_DEFINE(M_GEOM, "geom", "disks, partition tables and partition devices");

static struct mtx disk_mtx;		/* the disk list and the states */
static struct disk *disks;		/* every disk, in announcement order */
static int disks_pending;		/* announced and not yet tasted */
static int disks_announced;		/* units given out */
static int g_event_running;

static void
disk_lock_init(const void *dummy __unused)
{
	mtx_init(&disk_mtx, "disk list", MTX_DEF);
}
SYSINIT(disk_lock, SI_SUB_LOCK, SI_ORDER_ANY, disk_lock_init, NULL);

void
disk_create(struct disk *dp)
{
	struct disk **pp;

	mtx_lock(&disk_mtx);
	dp->d_unit = disks_announced++;
	dp->d_state = DISK_NEW;
	dp->d_next = NULL;
	for (pp = &disks; *pp != NULL; pp = &(*pp)->d_next)
		;
	*pp = dp;
	disks_pending++;
	mtx_unlock(&disk_mtx);
	wakeup(&disks);
}

static void
size_str(uint64_t bytes, char *buf, size_t len)
{
	static const char units[] = "BKMGTP";
	int u = 0;

	while (bytes >= 10240 && u < 5) {
		bytes /= 1024;
		u++;
	}
	snprintf(buf, len, "%llu%c", (unsigned long long)bytes, units[u]);
}

/* --- /dev/vtbd0, /dev/vtbd0p1: the devices in devfs --------------------- */

#define DISK_RAW_MAX	(64 * 1024)	/* bytes read from the device at a time */

/*
 * Writing is refused at open: a raw write under a mounted file system (or
 * under a partition's, through the whole disk) would go behind the buffer
 * cache's back, and nothing yet says which devices are in use.
 */
static int
diskdev_open(struct cdev *cd, int fflags, struct thread *td)
{
	(void)cd;
	(void)td;
	return ((fflags & FWRITE) ? EPERM : 0);
}

/* Reads at uio_offset straight from the device, in whole sectors through a bounce buffer. */
static int
diskdev_read(struct cdev *cd, struct uio *uio, int ioflag)
{
	struct bufdev *dev = cd->si_drv1;
	uint64_t off, start, end;
	uint8_t *bounce;
	size_t n;
	int error = 0;

	(void)ioflag;
	if (uio->uio_offset < 0)
		return (EINVAL);
	if (uio->uio_resid == 0 || (uint64_t)uio->uio_offset >= dev->bd_mediasize)
		return (0);
	if ((bounce = fs_bufmem_alloc(DISK_RAW_MAX)) == NULL)
		return (ENOMEM);
	while (uio->uio_resid > 0 && (uint64_t)uio->uio_offset < dev->bd_mediasize) {
		off = (uint64_t)uio->uio_offset;
		start = off & ~(uint64_t)(dev->bd_secsize - 1);
		end = off + (uint64_t)uio->uio_resid;
		if (end > dev->bd_mediasize)
			end = dev->bd_mediasize;
		if (end - start > DISK_RAW_MAX)
			end = start + DISK_RAW_MAX;
		end = (end + dev->bd_secsize - 1) & ~(uint64_t)(dev->bd_secsize - 1);
		if ((error = bufdev_io(dev, BIO_READ, (diskaddr_t)(start / DEV_BSIZE), bounce,
		    (size_t)(end - start))) != 0)
			break;
		n = (size_t)(end - off);
		if (n > (size_t)uio->uio_resid)
			n = (size_t)uio->uio_resid;
		if ((error = uiomove(bounce + (off - start), n, uio)) != 0)
			break;
	}
	fs_bufmem_free(bounce, DISK_RAW_MAX);
	return (error);
}

static int
diskdev_write(struct cdev *cd, struct uio *uio, int ioflag)
{
	(void)cd;
	(void)uio;
	(void)ioflag;
	return (EPERM);		/* not reached: open refuses FWRITE */
}

static int
diskdev_poll(struct cdev *cd, int events, struct thread *td)
{
	(void)cd;
	(void)td;
	return (events & (POLLIN | POLLRDNORM));	/* a read never waits for data to come */
}

static const struct cdevsw disk_cdevsw = {
	.d_name = "disk",
	.d_flags = D_DISK,
	.d_open = diskdev_open,
	.d_read = diskdev_read,
	.d_write = diskdev_write,
	.d_poll = diskdev_poll,
};

/* dev (the disk's, or a partition's with its number) as /dev/<name>. */
static void
disk_make_dev(struct disk *dp, struct bufdev *dev, int index)
{
	struct cdev *cd = make_dev(&disk_cdevsw, makedev(DISK_MAJOR, dp->d_unit * 256 + index),
	    dev, 0440, dev->bd_name);

	cd->si_mediasize = (off_t)dev->bd_mediasize;
}

/* Reads dp's table; on success its partitions become devices. */
static void
disk_taste(struct disk *dp)
{
	struct part_table *pt = malloc(sizeof(*pt), M_GEOM, M_WAITOK | M_ZERO);
	struct part_dev *parts;
	char why[192], sz[16];
	int error, i;

	bufdev_register(dp->d_dev);
	disk_make_dev(dp, dp->d_dev, 0);
	error = gpt_read(dp->d_dev, pt, why, sizeof(why));
	size_str(dp->d_dev->bd_mediasize, sz, sizeof(sz));
	mtx_lock(&disk_mtx);
	if (error == ENOENT) {
		dp->d_state = DISK_NOTABLE;
		strlcpy(dp->d_why, "no partition table", sizeof(dp->d_why));
	} else if (error != 0) {
		dp->d_state = error == EINVAL ? DISK_REFUSED : DISK_IOERR;
		strlcpy(dp->d_why, why, sizeof(dp->d_why));
	}
	mtx_unlock(&disk_mtx);
	if (error != 0 && error != ENOENT)
		printf("%s: partition table ignored, disk left alone: %s\n", dp->d_dev->bd_name,
		    why);
	if (error != 0) {
		free(pt, M_GEOM);
		printf("%s: %s, %u-byte sectors, %s\n", dp->d_dev->bd_name, sz,
		    dp->d_dev->bd_secsize, dp->d_why);
		return;
	}
	parts = malloc(sizeof(*parts) * (size_t)(pt->pt_count ? pt->pt_count : 1), M_GEOM,
	    M_WAITOK | M_ZERO);
	for (i = 0; i < pt->pt_count; i++) {
		part_dev_init(&parts[i], dp->d_dev, &pt->pt_parts[i]);
		bufdev_register(&parts[i].pd_dev);
		disk_make_dev(dp, &parts[i].pd_dev, pt->pt_parts[i].pe_index);
	}
	strlcpy(dp->d_why, pt->pt_warning, sizeof(dp->d_why));
	if (pt->pt_warning[0] != '\0')
		printf("%s: %s\n", dp->d_dev->bd_name, pt->pt_warning);
	printf("%s: %s, %u-byte sectors, GPT with %d partition%s\n", dp->d_dev->bd_name, sz,
	    dp->d_dev->bd_secsize, pt->pt_count, pt->pt_count == 1 ? "" : "s");
	for (i = 0; i < pt->pt_count; i++) {
		const char *type = gpt_type_name(pt->pt_parts[i].pe_type);

		size_str(parts[i].pd_dev.bd_mediasize, sz, sizeof(sz));
		printf("%s: %s %s \"%s\"\n", parts[i].pd_dev.bd_name, sz,
		    type != NULL ? type : "unknown", pt->pt_parts[i].pe_label);
	}
	mtx_lock(&disk_mtx);
	dp->d_table = pt;
	dp->d_parts = parts;
	dp->d_nparts = pt->pt_count;
	dp->d_state = DISK_PARTS;
	mtx_unlock(&disk_mtx);
}

static void
g_event_thread(void *arg __unused)
{
	struct disk *dp;

	for (;;) {
		mtx_lock(&disk_mtx);
		for (dp = disks; dp != NULL && dp->d_state != DISK_NEW; dp = dp->d_next)
			;
		if (dp == NULL) {
			msleep(&disks, &disk_mtx, "g_event", 0);
			mtx_unlock(&disk_mtx);
			continue;
		}
		dp->d_state = DISK_TASTING;
		mtx_unlock(&disk_mtx);
		disk_taste(dp);
		mtx_lock(&disk_mtx);
		disks_pending--;
		mtx_unlock(&disk_mtx);
		wakeup(&disks_pending);
	}
}

static void
g_event_start(const void *dummy __unused)
{
	g_event_running = 1;
	kthread_create(g_event_thread, NULL, PRI_KERN, NOCPU, "g_event");
}
SYSINIT(g_event, SI_SUB_KTHREAD_INIT, SI_ORDER_MIDDLE, g_event_start, NULL);

void
g_waitidle(void)
{
	int waited = 0;

	mtx_lock(&disk_mtx);
	while (disks_pending > 0 && g_event_running && waited++ < 30)
		msleep(&disks_pending, &disk_mtx, "disksettle", hz > 0 ? hz / 4 : 25);
	mtx_unlock(&disk_mtx);
}

struct bufdev *
disk_find_dev(const char *name)
{
	struct bufdev *found = NULL;
	struct disk *dp;
	int i;

	if (strncmp(name, "/dev/", 5) == 0)
		name += 5;
	g_waitidle();
	mtx_lock(&disk_mtx);
	for (dp = disks; dp != NULL && found == NULL; dp = dp->d_next) {
		if (dp->d_state == DISK_NEW || dp->d_state == DISK_TASTING)
			continue;
		if (strcmp(dp->d_dev->bd_name, name) == 0)
			found = dp->d_dev;
		for (i = 0; i < dp->d_nparts && found == NULL; i++)
			if (strcmp(dp->d_parts[i].pd_dev.bd_name, name) == 0)
				found = &dp->d_parts[i].pd_dev;
	}
	mtx_unlock(&disk_mtx);
	return (found);
}

/* --- gpart show, diskinfo --------------------------------------------------- */

static void
gpart_show_one(struct disk *dp)
{
	const struct part_table *pt = dp->d_table;
	uint64_t nsec = dp->d_dev->bd_mediasize / dp->d_dev->bd_secsize, next;
	char sz[16];
	int i;

	size_str(dp->d_dev->bd_mediasize, sz, sizeof(sz));
	if (dp->d_state != DISK_PARTS) {
		printf("%s: %s (%s)\n", dp->d_dev->bd_name, dp->d_why, sz);
		return;
	}
	printf("=> %10llu %10llu  %s  GPT  (%s)%s%s\n", (unsigned long long)pt->pt_first,
	    (unsigned long long)(pt->pt_last - pt->pt_first + 1), dp->d_dev->bd_name, sz,
	    dp->d_why[0] ? "  " : "", dp->d_why);
	next = pt->pt_first;
	for (i = 0; i < pt->pt_count; i++) {
		const struct part_entry *pe = &pt->pt_parts[i];
		const char *type = gpt_type_name(pe->pe_type);

		if (pe->pe_start > next) {
			size_str((pe->pe_start - next) * dp->d_dev->bd_secsize, sz, sizeof(sz));
			printf("   %10llu %10llu      - free -  (%s)\n", (unsigned long long)next,
			    (unsigned long long)(pe->pe_start - next), sz);
		}
		size_str((pe->pe_end - pe->pe_start + 1) * dp->d_dev->bd_secsize, sz, sizeof(sz));
		printf("   %10llu %10llu  %5d  %s  (%s)  %s\n", (unsigned long long)pe->pe_start,
		    (unsigned long long)(pe->pe_end - pe->pe_start + 1), pe->pe_index,
		    type != NULL ? type : "unknown", sz, pe->pe_label);
		if (pe->pe_end + 1 > next)
			next = pe->pe_end + 1;
	}
	if (next <= pt->pt_last) {
		size_str((pt->pt_last - next + 1) * dp->d_dev->bd_secsize, sz, sizeof(sz));
		printf("   %10llu %10llu      - free -  (%s)\n", (unsigned long long)next,
		    (unsigned long long)(pt->pt_last - next + 1), sz);
	}
	(void)nsec;
}

static int
cmd_gpart(int argc, char **argv)
{
	struct disk *dp;
	int shown = 0;

	if (argc < 2 || strcmp(argv[1], "show") != 0)
		return (shell_usage(argv[0], NULL));
	g_waitidle();
	for (dp = disks; dp != NULL; dp = dp->d_next)
		if (dp->d_state != DISK_NEW && dp->d_state != DISK_TASTING &&
		    (argc < 3 || strcmp(argv[2], dp->d_dev->bd_name) == 0)) {
			gpart_show_one(dp);
			shown++;
		}
	if (argc >= 3 && shown == 0) {
		printf("gpart: %s: no such disk\n", argv[2]);
		return (1);
	}
	return (0);
}
SHELL_COMMAND(gpart, cmd_gpart, "gpart show [disk]", "partition tables of the disks");

static int
cmd_diskinfo(int argc, char **argv)
{
	struct bufdev *dev;
	int i;

	if (argc < 2)
		return (shell_usage(argv[0], NULL));
	for (i = 1; i < argc; i++) {
		if ((dev = disk_find_dev(argv[i])) == NULL) {
			printf("diskinfo: %s: no such device\n", argv[i]);
			return (1);
		}
		printf("%s\t%u\t%llu\t%llu%s\n", dev->bd_name, dev->bd_secsize,
		    (unsigned long long)dev->bd_mediasize,
		    (unsigned long long)(dev->bd_mediasize / dev->bd_secsize),
		    dev->bd_readonly ? "\tread-only" : "");
	}
	return (0);
}
SHELL_COMMAND(diskinfo, cmd_diskinfo, "diskinfo device...",
    "name, sector size, size in bytes and in sectors");
