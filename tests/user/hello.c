/*
 * The first user program: prints its arguments and environment through
 * write(2) and exits with status 3 (the boot test reads both back).
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <unistd.h>

#include "initconsole.h"

int
main(int argc, char **argv, char **envp)
{
	char **e;

	init_console();
	printf("hello from user space: argc=%d argv0=%s pid=%d\n", argc, argv[0], getpid());
	for (e = envp; *e != NULL; e++)
		printf("env %s\n", *e);
	return (3);
}
