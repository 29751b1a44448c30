PROG_SRCS_usr_sbin_arp += user/lib/rtsock/rtsock_user.c
