PROG_SRCS_sbin_ifconfig += user/lib/rtsock/rtsock_user.c
