/*
 * The terminal layer's side of job control, for the process layer
 * (kern/tty.c): a session's controlling terminal is s_ttyp, its
 * foreground process group s_ttypgrp (sys/proc.h).
 */
#ifndef SYS_TTY_H
#define SYS_TTY_H

struct session;

/*
 * The leader of s exits (proctree_lock held): s loses its controlling
 * terminal and the terminal's foreground process group gets SIGHUP.
 */
void	tty_session_exit(struct session *s);

#endif
