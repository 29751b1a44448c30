/*
 * The serial shell's command table.  Each command lives with the code it
 * exposes and adds itself with one line:
 *
 *   SHELL_COMMAND(uptime, cmd_uptime, "uptime", "time since boot");
 *
 * fn(argc, argv) prints its output and returns 0, or non-zero after
 * printing a one-line error.  Flags are parsed with getopt_r()
 * (sanpo/getopt.h), so `netstat -rn` means `netstat -r -n`; bad ones end
 * with `return (shell_usage(argv[0], g.err));`.  `help name` prints the
 * usage and help strings.
 */
#ifndef SYS_SHELL_H
#define SYS_SHELL_H

#include <stdint.h>
#include <sys/linker_set.h>

struct shell_cmd {
	const char	*name;
	int		(*fn)(int argc, char **argv);
	const char	*usage;
	const char	*help;
};

#define SHELL_COMMAND(id, fn, usage, help)				\
	static const struct shell_cmd shell_cmd_##id = { #id, fn, usage, help }; \
	DATA_SET(shell_cmd_set, shell_cmd_##id)

/* Same, for command names that are not C identifiers ("?"). */
#define SHELL_COMMAND_NAMED(id, name, fn, usage, help)			\
	static const struct shell_cmd shell_cmd_##id = { name, fn, usage, help }; \
	DATA_SET(shell_cmd_set, shell_cmd_##id)

void	shell_main(void) __attribute__((noreturn));
/* Runs a line (commands split by `;`); the last command's status. */
int	shell_execute(const char *line);
/*
 * For a command's bad arguments: prints "name: why" (unless why is NULL
 * or empty, e.g. getopt's g.err) and "usage: " with the usage string of
 * the command's table entry; returns 1, the status to return.
 */
int	shell_usage(const char *name, const char *why);

/* When the first prompt was printed: the TSC (kern_shell.c, for `bootchart`) and
   milliseconds since kernel entry (kern.boot_ms.kernel, kern_mib.c). */
extern uint64_t shell_prompt_tsc;
extern uint64_t kern_boot_ms_kernel;

#endif
