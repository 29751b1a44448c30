# netstat prints with net/'s printers (net/netstat.c, shared with the
# host tests), which format with common/'s ksnprintf.
PROG_SRCS_usr_bin_netstat += net/netstat.c common/kvprintf.c
# FreeBSD's netstat is /usr/bin/netstat; busybox's /bin/netstat (Linux's
# /proc/net reader) would come first in PATH: this one replaces it.
ROOTFS_FILES += $(USER_OUT)/usr.bin/netstat/netstat:/bin/netstat
