/*
 * Boot flags ("boothowto"), shared by the loader and the kernel.
 *
 * The bit values are FreeBSD's (sys/sys/reboot.h) so that a FreeBSD user's
 * habits and tools read them the same way.  The table that maps them to
 * loader command-line letters and to names lives in common/boot_flags.c,
 * compiled into both programs, so the two can never disagree.
 */
#ifndef SANPO_BOOTHOWTO_H
#define SANPO_BOOTHOWTO_H

#include <stddef.h>
#include <stdint.h>

#define RB_AUTOBOOT	0x00000000	/* flags for system auto-booting itself */
#define RB_ASKNAME	0x00000001	/* -a: ask for file name to reboot from */
#define RB_SINGLE	0x00000002	/* -s: reboot to single user only */
#define RB_NOSYNC	0x00000004	/* dont sync before reboot */
#define RB_HALT		0x00000008	/* don't reboot, just halt */
#define RB_INITNAME	0x00000010	/* Unused placeholder to specify init path */
#define RB_DFLTROOT	0x00000020	/* use compiled-in rootdev */
#define RB_KDB		0x00000040	/* -d: give control to kernel debugger */
#define RB_RDONLY	0x00000080	/* mount root fs read-only */
#define RB_DUMP		0x00000100	/* dump kernel memory before reboot */
#define RB_MINIROOT	0x00000200	/* mini-root present in memory */
#define RB_VERBOSE	0x00000800	/* -v: print all potentially useful info */
#define RB_SERIAL	0x00001000	/* -h: use serial port as console */
#define RB_CDROM	0x00002000	/* -C: use cdrom as root */
#define RB_POWEROFF	0x00004000	/* turn the power off if possible */
#define RB_GDB		0x00008000	/* -g: use GDB remote debugger instead of DDB */
#define RB_MUTE		0x00010000	/* -m: start up with the console muted */
#define RB_SELFTEST	0x00020000	/* unused placeholder */
#define RB_RESERVED01	0x00040000	/* unused placeholder */
#define RB_RESERVED02	0x00080000	/* unused placeholder */
#define RB_PAUSE	0x00100000	/* -p: pause after each output line during probe */
#define RB_REROOT	0x00200000	/* unmount the rootfs and mount it again */
#define RB_POWERCYCLE	0x00400000	/* Power cycle if possible */
#define RB_PROBE	0x10000000	/* -P: probe multiple consoles */
#define RB_MULTIPLE	0x20000000	/* -D: use multiple consoles */

/* One boot flag: its bit, its loader command-line letter (0: none), its name. */
struct boot_flag {
	uint32_t	 bit;	/* RB_* value */
	char		 letter;	/* `boot -X` letter, or 0 */
	const char	*name;	/* "RB_SINGLE" */
	const char	*env;	/* loader variable that sets it ("boot_single"), or NULL */
};

extern const struct boot_flag boot_flags[];
extern const size_t boot_flags_count;

/*
 * Parse one "-svh"-style argument into *howto.  Returns 0, or -1 with the
 * offending letter in *bad when a letter is not a boot flag.
 */
int	boot_parse_arg(const char *arg, uint32_t *howto, char *bad);

/*
 * Write the names of the bits in howto, separated by spaces, into buf
 * ("RB_SINGLE RB_VERBOSE"; "RB_AUTOBOOT" when no bit is set; unknown bits as
 * "0x...").  Always NUL-terminates; returns the length it wanted.
 */
size_t	boot_howto_names(uint32_t howto, char *buf, size_t len);

#endif /* SANPO_BOOTHOWTO_H */
