/*
 * /dev/null (1,3), /dev/zero (1,5) and /dev/full (1,7), Linux's numbers
 * (FreeBSD's dev/null/null.c): null swallows writes and reads as end of
 * file; zero reads as zeros; full reads as zeros and refuses writes with
 * ENOSPC.
 */
#include <sys/systm.h>
#include <sys/conf.h>
#include <sys/errno.h>
#include <sys/kernel.h>
#include <sys/poll.h>
#include <sys/uio.h>

enum { DEV_NULL, DEV_ZERO, DEV_FULL };

static int
mem_kind(struct cdev *dev)
{
	return ((int)(uintptr_t)dev->si_drv1);
}

static int
null_read(struct cdev *dev, struct uio *uio, int ioflag)
{
	static const char zeros[256];
	int error = 0;

	(void)ioflag;
	if (mem_kind(dev) == DEV_NULL)
		return (0);
	while (uio->uio_resid > 0 && error == 0)
		error = uiomove((void *)(uintptr_t)zeros,
		    uio->uio_resid < (ssize_t)sizeof(zeros) ? (size_t)uio->uio_resid : sizeof(zeros),
		    uio);
	return (error);
}

static int
null_write(struct cdev *dev, struct uio *uio, int ioflag)
{
	(void)ioflag;
	if (mem_kind(dev) == DEV_FULL)
		return (ENOSPC);
	uio->uio_resid = 0;	/* all taken, none kept */
	return (0);
}

static int
null_poll(struct cdev *dev, int events, struct thread *td)
{
	(void)dev;
	(void)td;
	return (events & (POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM));
}

static const struct cdevsw null_cdevsw = {
	.d_name = "null",
	.d_read = null_read,
	.d_write = null_write,
	.d_poll = null_poll,
};

static void
null_init(const void *dummy __unused)
{
	make_dev(&null_cdevsw, makedev(1, 3), (void *)DEV_NULL, 0666, "null");
	make_dev(&null_cdevsw, makedev(1, 5), (void *)DEV_ZERO, 0666, "zero");
	make_dev(&null_cdevsw, makedev(1, 7), (void *)DEV_FULL, 0666, "full");
}
SYSINIT(null, SI_SUB_DRIVERS, SI_ORDER_ANY, null_init, NULL);
