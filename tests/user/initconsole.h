/*
 * For a test program started as init by the kernel (init_path): the kernel
 * gives init no open files, so it opens the console as its standard input,
 * output and error itself, as Sanpo's /sbin/init does.  A program started
 * any other way keeps what it has.
 */
#ifndef INITCONSOLE_H
#define INITCONSOLE_H

#include <fcntl.h>
#include <unistd.h>

static void
init_console(void)
{
	int fd;

	if (fcntl(1, F_GETFD) >= 0)
		return;
	if ((fd = open("/dev/console", O_RDWR)) < 0)
		_exit(120);
	dup2(fd, 0);
	dup2(fd, 1);
	dup2(fd, 2);
	if (fd > 2)
		close(fd);
}

#endif
