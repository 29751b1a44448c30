/*
 * The kernel console (FreeBSD's sys/sys/cons.h): the only way kernel code
 * reads from or writes to the console.  The driver behind it (the 16550
 * UART on COM1, dev/uart/) is known to kern/kern_cons.c alone.
 *
 * Input arrives by interrupt into the driver's ring (polled before the
 * interrupt is attached and in a panic).  cngetc() and cngets() may sleep
 * (between looks at the ring, once threads run), so callers must be able
 * to sleep.  cncheckc() never waits and is safe anywhere.
 */
#ifndef SYS_CONS_H
#define SYS_CONS_H

#include <stddef.h>
#include <stdint.h>

void	cninit(void);		/* first thing at boot: the console works after it */
int	cngetc(void);		/* the next byte typed, waiting for it */
int	cncheckc(void);		/* a byte typed, or -1 when none is waiting */
/*
 * A line typed on the console, edited with the common line editor
 * (sanpo/lineedit.h; no history): its length, or LINEEDIT_EOF (Ctrl-D on
 * an empty line) or LINEEDIT_INTR (Ctrl-C).  visible = 0 does not echo.
 */
int	cngets(char *buf, size_t size, int visible);
/* Same with the history (Up/Down) and flags (LINEEDIT_*) of the caller's. */
struct lineedit_history;
int	cnreadline(char *buf, size_t size, struct lineedit_history *hist, int flags);
/*
 * Serializes console output (interrupts off while held; recursive per
 * CPU): printf holds it for a message, the terminal for a line a program
 * wrote.  who: CN_KERNEL or CN_USER, the author of what is written under
 * it -- a line the other one left unfinished is ended first, so kernel
 * messages and user output never share a line.  Returns what cnunlock()
 * restores.
 */
#define CN_KERNEL	1
#define CN_USER		2
uint64_t cnlock(int who);
void	cnunlock(uint64_t saved);
void	cnputc(int c);		/* one byte ('\n' goes out as CR LF); not logged */
void	cnputs(const char *s);

#endif /* SYS_CONS_H */
