/*
 * setkey: the setkey(8) command language (FreeBSD's, ipsec-tools') over a
 * PF_KEY key socket, portable: the setkey program (user/sbin/setkey), the
 * host tests and the fuzzers share it.
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
 * Keys are 0x-prefixed hex or "quoted text"; a key whose length the
 * algorithm does not take is refused here, naming the sizes it takes.
 * Algorithm names are FreeBSD's (aes-cbc, hmac-sha2-256...) and
 * ipsec-tools' (rijndael-cbc, hmac-sha256...); dumps print FreeBSD's.
 * -r is the replay window in BYTES, as FreeBSD's setkey(8) has it (-r 8:
 * 64 packets; at most 128 bytes, 1024 packets); without -r, or with -r 0,
 * the SA does no replay check -- FreeBSD's meaning, not ipsec-tools' 32.
 * On the wire the window is in packets (RFC 2367's sadb_sa_replay, up to
 * 255, and the X_SA_REPLAY extension above that); dumps print bytes.
 *
 * The key socket is reached through struct setkey_io, so the same code
 * runs over the engine's own key socket (setkey_keysock.c: the host tests
 * and fuzzers) and over socket(AF_KEY) in the setkey program (user/sbin/setkey).
 */
#ifndef NET_IPSEC_SETKEY_H
#define NET_IPSEC_SETKEY_H

#include <stddef.h>
#include <stdint.h>

struct keycb;
struct setkey;

#define SETKEY_CMD_MAX	4096	/* bytes of one command (to its ';') */

/* How setkey reaches its key socket. */
struct setkey_io {
	/* Writes one whole message: 0, or -1 (the reply, if any, tells why). */
	int	(*send)(struct setkey *sk, const void *msg, size_t len);
	/*
	 * Reads one message: its length; 0 when none came within timeout_ms;
	 * -1 when the socket failed (the message, if any, is lost).
	 */
	int	(*recv)(struct setkey *sk, void *buf, size_t len, uint32_t timeout_ms);
	/*
	 * Optional: prints an SA's datapath counters, which PF_KEY does not
	 * carry ("\tstats: ..."); `dst` is the SA's destination sockaddr,
	 * `satype` and `spi` (network order) as in the message.
	 */
	void	(*sa_stats)(struct setkey *sk, const void *dst, uint8_t satype,
		    uint32_t spi);
	void	(*close)(struct setkey *sk);
};

struct setkey {
	const struct setkey_io *io;	/* our key socket */
	void		*ioarg;		/* the io's socket */
	void		(*put)(void *arg, const char *s); /* output */
	void		*arg;		/* put's argument */
	uint32_t	 pid;		/* sadb_msg_pid of our messages */
	uint32_t	 seq;		/* last sadb_msg_seq used */
	int		 lineno;	/* lines fed so far */
	int		 errors;	/* commands that failed */
	size_t		 pend;		/* bytes in cmd */
	char		 cmd[SETKEY_CMD_MAX]; /* command being gathered */
};

/* Starts a session over `io` (its socket already open in ioarg). */
void	setkey_init(struct setkey *sk, const struct setkey_io *io, void *ioarg,
	    void (*put)(void *, const char *), void *arg, uint32_t pid);
/* A session over a kernel key socket (setkey_keysock.c): 0, or an errno. */
int	setkey_open(struct setkey *sk, void (*put)(void *, const char *),
	    void *arg, uint32_t pid);
/* Ends a session and closes its socket. */
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
/* setkey -x's loop body: prints the next message, if one comes in timeout_ms. */
int	setkey_monitor_once(struct setkey *sk, uint32_t timeout_ms);

#endif /* NET_IPSEC_SETKEY_H */
