/*
 * The serial shell's command table.  Each command lives with the code it
 * exposes and adds itself with one line:
 *
 *   SHELL_COMMAND(uptime, cmd_uptime, "uptime", "time since boot");
 *
 * fn(argc, argv) prints its output and returns 0, or non-zero after
 * printing a one-line error.
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
int	shell_execute(const char *line);

/* When the first prompt was printed: the TSC (kern_shell.c, for `bootchart`) and
   milliseconds since kernel entry (kern.boot_ms.kernel, kern_mib.c). */
extern uint64_t shell_prompt_tsc;
extern uint64_t kern_boot_ms_kernel;

#endif
