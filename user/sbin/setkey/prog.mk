# setkey links the kernel's own setkey parser and printer (net/ipsec), the
# message builder and algorithm tables they use, and the common library
# pieces those need; user/sbin/setkey/platform.c gives them net_platform.h.
PROG_SRCS_sbin_setkey += net/ipsec/setkey.c net/ipsec/setkey_print.c \
	net/ipsec/key_msg.c net/ipsec/ipsec_alg.c \
	common/kvprintf.c common/parse.c common/civil_time.c
