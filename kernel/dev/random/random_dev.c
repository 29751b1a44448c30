/*
 * /dev/random (1,8) and /dev/urandom (1,9), Linux's numbers: both read
 * the kernel generator (sys/random.h), which never gives output before it
 * is seeded (a read waits for that, as getrandom(2) without GRND_NONBLOCK
 * does) and then never blocks; writes are mixed into the pool and
 * credited no entropy, as on Linux.
 */
#include <sys/systm.h>
#include <sys/conf.h>
#include <sys/kernel.h>
#include <sys/poll.h>
#include <sys/random.h>
#include <sys/uio.h>

#define RANDOM_CHUNK	256

static int
random_read(struct cdev *dev, struct uio *uio, int ioflag)
{
	uint8_t buf[RANDOM_CHUNK];
	size_t n;
	int error = 0;

	(void)dev;
	(void)ioflag;
	while (uio->uio_resid > 0 && error == 0) {
		n = (size_t)uio->uio_resid < sizeof(buf) ? (size_t)uio->uio_resid : sizeof(buf);
		arc4random_buf(buf, n);
		error = uiomove(buf, n, uio);
	}
	return (error);
}

static int
random_write(struct cdev *dev, struct uio *uio, int ioflag)
{
	uint8_t buf[RANDOM_CHUNK];
	size_t n;
	int error = 0;

	(void)dev;
	(void)ioflag;
	while (uio->uio_resid > 0 && error == 0) {
		n = (size_t)uio->uio_resid < sizeof(buf) ? (size_t)uio->uio_resid : sizeof(buf);
		if ((error = uiomove(buf, n, uio)) == 0)
			random_harvest(RANDOM_BOOT, buf, n, 0);
	}
	return (error);
}

static int
random_poll(struct cdev *dev, int events, struct thread *td)
{
	(void)dev;
	(void)td;
	return (events & (POLLIN | POLLRDNORM | POLLOUT | POLLWRNORM));
}

static const struct cdevsw random_cdevsw = {
	.d_name = "random",
	.d_read = random_read,
	.d_write = random_write,
	.d_poll = random_poll,
};

static void
random_dev_init(const void *dummy __unused)
{
	make_dev(&random_cdevsw, makedev(1, 8), NULL, 0666, "random");
	make_dev(&random_cdevsw, makedev(1, 9), NULL, 0666, "urandom");
}
SYSINIT(random_dev, SI_SUB_DRIVERS, SI_ORDER_ANY, random_dev_init, NULL);
