/*
 * The character devices the kernel has made (sys/conf.h): a list drivers
 * add to once, at start-up, and that opening a device file searches by
 * number.  Devices are never destroyed yet, so a found one stays valid.
 */
#include <sys/systm.h>
#include <sys/conf.h>
#include <sys/kernel.h>
#include <sys/malloc.h>
#include <sys/mutex.h>

MALLOC_DEFINE(M_DEVT, "cdev", "character devices");

static struct cdev *cdevs;
static struct mtx cdev_mtx;

static void
cdev_init(const void *dummy __unused)
{
	mtx_init(&cdev_mtx, "cdev list", MTX_DEF);
}
SYSINIT(cdev, SI_SUB_KMEM, SI_ORDER_ANY, cdev_init, NULL);

static struct cdev *
dev_find(dev_t rdev)
{
	struct cdev *dev;

	for (dev = cdevs; dev != NULL; dev = dev->si_next)
		if (dev->si_rdev == rdev)
			return (dev);
	return (NULL);
}

struct cdev *
make_dev(const struct cdevsw *devsw, dev_t rdev, void *drv1, mode_t mode, const char *name)
{
	struct cdev *dev = malloc(sizeof(*dev), M_DEVT, M_WAITOK | M_ZERO);

	dev->si_devsw = devsw;
	dev->si_rdev = rdev;
	dev->si_drv1 = drv1;
	dev->si_mode = mode & 07777;
	strlcpy(dev->si_name, name, sizeof(dev->si_name));
	mtx_lock(&cdev_mtx);
	if (dev_find(rdev) != NULL)
		panic("make_dev: %s: device %u,%u exists", name, major(rdev), minor(rdev));
	dev->si_next = cdevs;
	cdevs = dev;
	mtx_unlock(&cdev_mtx);
	return (dev);
}

struct cdev *
dev_lookup(dev_t rdev)
{
	struct cdev *dev;

	mtx_lock(&cdev_mtx);
	dev = dev_find(rdev);
	mtx_unlock(&cdev_mtx);
	return (dev);
}

struct cdev *
dev_lookup_name(const char *name, size_t namelen)
{
	struct cdev *dev;

	mtx_lock(&cdev_mtx);
	for (dev = cdevs; dev != NULL; dev = dev->si_next)
		if (strlen(dev->si_name) == namelen && memcmp(dev->si_name, name, namelen) == 0)
			break;
	mtx_unlock(&cdev_mtx);
	return (dev);
}

struct cdev *
dev_next(dev_t from)
{
	struct cdev *dev, *best = NULL;

	mtx_lock(&cdev_mtx);
	for (dev = cdevs; dev != NULL; dev = dev->si_next)
		if (dev->si_rdev >= from && (best == NULL || dev->si_rdev < best->si_rdev))
			best = dev;
	mtx_unlock(&cdev_mtx);
	return (best);
}
