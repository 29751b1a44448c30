PROG_SRCS_sbin_dhclient += user/lib/rtsock/rtsock_user.c
