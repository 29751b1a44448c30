# geom/: disks and partitions (the g_event taster, lookup by name, gpart).
KERNEL_SRCS += kernel/geom/geom_disk.c
