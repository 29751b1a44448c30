/*
 * What cryptotest.c offers the kernel's self-tests (cryptostress in
 * selftest.ko): a session for an AEAD or cipher+HMAC algorithm named as
 * cryptotest names them ("aes-128-gcm", "aes-128-cbc+hmac-sha256"), keyed
 * with 0x5a bytes, on driver crid (crypto_find_driver(), or CRYPTOCAP_F_*).
 */
#ifndef OPENCRYPTO_CRYPTOTEST_H
#define OPENCRYPTO_CRYPTOTEST_H

#include <opencrypto/cryptodev.h>

/* 0, EINVAL (unknown or not AEAD/ETA) or EOPNOTSUPP (no such session). */
int	cryptotest_session(const char *name, int crid, crypto_session_t *sid);

#endif
