PROG_SRCS_sbin_route += user/lib/rtsock/rtsock_user.c
