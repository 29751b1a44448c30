/*
 * What the crypto framework's portable parts need from the program they
 * are built into.  Portable: crypto_params.c (session rules),
 * crypto_buffer.c (buffer access), crypto_request.c (request checks and
 * the process() frame every driver runs) and cryptosoft.c (the software
 * driver).  They are compiled into the kernel, where crypto.c implements
 * this over malloc and panic, and into the IPsec host tests and fuzzer,
 * where tests/host/lib/crypto_host.c implements it over libc -- so both
 * run the same code on every request.  Nothing portable includes a kernel
 * header beyond <sys/errno.h>, or a libc one beyond <string.h>.
 */
#ifndef OPENCRYPTO_CRYPTO_PLATFORM_H
#define OPENCRYPTO_CRYPTO_PLATFORM_H

#include <stddef.h>

/* Scratch memory for bounce copies: NULL when none (never sleeps). */
void	*crypto_platform_alloc(size_t len);
void	 crypto_platform_free(void *p);
/* A framework bug (a checked request went out of bounds): report and stop. */
void	 crypto_platform_panic(const char *fmt, ...)
	    __attribute__((noreturn, format(printf, 1, 2)));

#endif
