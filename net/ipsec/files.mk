# net/ipsec/: PF_KEY v2 key sockets, the key engine (SADB, SPD, ACQUIRE,
# lifetimes) and the transform switch.  The same sources build into host
# tests (tests/host/net/ipsec/test_ipsec_*.py) and the key_parse fuzzer
# (tests/fuzz/).
NET_IPSEC_SRCS := \
	net/ipsec/keysock.c net/ipsec/key.c net/ipsec/key_sadb.c \
	net/ipsec/key_spd.c net/ipsec/key_msg.c net/ipsec/ipsec_xform.c net/ipsec/ipsec_alg.c

# The portable setkey (parser, printer): the setkey program links it
# (user/sbin/setkey/prog.mk); the host tests and fuzzers drive it over a
# key socket of the host-built engine (setkey_keysock.c).  Not in the
# kernel: its shell has no setkey.
NET_IPSEC_SETKEY_SRCS := \
	net/ipsec/setkey.c net/ipsec/setkey_print.c net/ipsec/setkey_keysock.c

# The datapath (ESP, AH, replay, policy checks) runs over the crypto
# framework's consumer API: the kernel's, or in host tests and the ESP/AH
# fuzzer a host implementation of it (tests/host/lib/crypto_host.c).
NET_IPSEC_DATAPATH_SRCS := \
	net/ipsec/ipsec_input.c net/ipsec/ipsec_output.c net/ipsec/ipsec_mbuf.c \
	net/ipsec/ipsec_replay.c net/ipsec/ipsec_crypto.c \
	net/ipsec/xform_esp.c net/ipsec/xform_ah.c

# `netstat -s -p esp|ah|ipsec` over the datapath's own counters, for the
# host tests and fuzzers (net/netstat.c's printer); the kernel hands the
# counters to the netstat program through sysctl instead.
NET_IPSEC_PRINT_SRCS := net/ipsec/ipsec_stats.c

KERNEL_SRCS += $(NET_IPSEC_SRCS) $(NET_IPSEC_DATAPATH_SRCS)
