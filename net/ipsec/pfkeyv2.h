/*
 * PF_KEY v2 as net/ipsec uses it: the wire format user programs also
 * include (<sanpo/pfkeyv2.h>) and the BSD-layout sockaddrs its address
 * extensions carry, as the key engine reads them.
 */
#ifndef NET_IPSEC_PFKEYV2_H
#define NET_IPSEC_PFKEYV2_H

#include <sanpo/pfkeyv2.h>

#include "net/ipsec/ipsec_sockaddr.h"

_Static_assert(PFKEY_AF_INET == AF_INET && PFKEY_AF_INET6 == AF_INET6,
    "pfkeyv2.h: address families");

#endif /* NET_IPSEC_PFKEYV2_H */
