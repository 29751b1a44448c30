/*
 * SADB storage, internal to net/ipsec/ (key.c's message handlers and
 * key_sadb.c's store).  The datapath uses key.h's key_allocsa() instead.
 * All of it runs with the net lock held.
 */
#ifndef NET_IPSEC_KEY_SADB_H
#define NET_IPSEC_KEY_SADB_H

#include "net/ipsec/keydb.h"

/* A zeroed SA with the SADB's reference, created now; NULL: no memory. */
struct secasvar *key_newsav(void);
/* Puts sav into the hash and the list of `state`. */
void	key_insertsav(struct secasvar *sav, uint8_t state);
/* Moves a linked sav to another state's list. */
void	key_setstate(struct secasvar *sav, uint8_t state);
/* Removes sav (state DEAD), wipes its keys, drops the SADB's reference. */
void	key_unlinksav(struct secasvar *sav);
/* Linked SA of any state with this (dst, proto, spi), unreferenced. */
struct secasvar *key_findsav(const union sockaddr_union *dst, uint8_t proto,
	    uint32_t spi);
/* First SA of a state's list (follow state_next); NULL when empty. */
struct secasvar *key_sav_first(int state);
/* Removes every SA. */
void	key_sadb_reset(void);

#endif /* NET_IPSEC_KEY_SADB_H */
