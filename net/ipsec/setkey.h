/*
 * setkey: the ipsec-tools command language over a PF_KEY key socket,
 * portable (kernel shell command and host tests share it).
 *
 * setkey_feed() takes text, a line at a time; a command ends with ';' and
 * may span lines.  Every command builds real PF_KEY messages, writes them
 * to the key socket and reads the replies, so it exercises key_parse.
 * Output (dumps, errors) goes through the `put` callback.
 *
 * Commands (ipsec-tools syntax):
 *   add [-4|-6|-n] src dst esp|ah spi [-m transport|tunnel|any] [-r window]
 *       [-u reqid] [-f esn] [-lh s] [-ls s] [-bh bytes] [-bs bytes]
 *       -E ealgo key [-A aalgo key] | -A aalgo key ;
 *   get|delete src dst esp|ah spi ;     deleteall src dst esp|ah ;
 *   flush [esp|ah] ;                    dump [esp|ah] ;
 *   spdadd src[/plen][[port]] dst[/plen][[port]] any|icmp|tcp|udp|N
 *       -P in|out|fwd [prio N] discard|none|ipsec esp|ah/transport|tunnel/
 *       [a-b]/default|use|require|unique[:reqid] ... ;
 *   spddelete src dst upper -P in|out|fwd ;   spdflush ;   spddump ;
 * Sanpo additions: `getspi src dst esp|ah [min max] ;` prints the SPI of a
 * new larval SA; `update` takes add's syntax and completes a larval SA.
 * Keys are 0x-prefixed hex or "quoted text".  -r is in packets (up to
 * 1024; above 255 it travels in the X_SA_REPLAY extension); without it an
 * SA gets RFC 4303's 64, and -r 0 turns the replay check off.
 */
#ifndef NET_IPSEC_SETKEY_H
#define NET_IPSEC_SETKEY_H

#include <stddef.h>
#include <stdint.h>

struct keycb;

#define SETKEY_CMD_MAX	4096	/* bytes of one command (to its ';') */

struct setkey {
	struct keycb	*so;		/* our key socket */
	void		(*put)(void *arg, const char *s); /* output */
	void		*arg;		/* put's argument */
	uint32_t	 pid;		/* sadb_msg_pid of our messages */
	uint32_t	 seq;		/* last sadb_msg_seq used */
	int		 lineno;	/* lines fed so far */
	int		 errors;	/* commands that failed */
	size_t		 pend;		/* bytes in cmd */
	char		 cmd[SETKEY_CMD_MAX]; /* command being gathered */
};

/* 0, or an errno (no key socket). */
int	setkey_open(struct setkey *sk, void (*put)(void *, const char *),
	    void *arg, uint32_t pid);
void	setkey_close(struct setkey *sk);
/* Feeds one line; runs each command completed by ';'.  Returns errors so far. */
int	setkey_feed(struct setkey *sk, const char *line);
/* End of input: an unfinished command is an error.  Returns sk->errors. */
int	setkey_finish(struct setkey *sk);
/* setkey -D / -DP / -F / -FP. */
int	setkey_dump(struct setkey *sk, int spd);
int	setkey_flush(struct setkey *sk, int spd);
/* Prints one message the way -D/-DP/-x show it. */
void	setkey_print_msg(struct setkey *sk, const void *msg, size_t len);
/* printf through sk->put, a line of at most 511 characters (setkey_print.c). */
void	setkey_printf(struct setkey *sk, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
/* Turns on promiscuous mode on the socket (setkey -x). */
int	setkey_monitor_start(struct setkey *sk);

#endif /* NET_IPSEC_SETKEY_H */
