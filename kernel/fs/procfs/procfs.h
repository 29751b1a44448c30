/*
 * procfs at /proc (Linux's layout, FreeBSD's linprocfs idea, on pseudofs):
 * procfs.c has the tree, the mount type "proc" and the system-wide files;
 * procfs_pid.c the files of each process, declared here.
 */
#ifndef FS_PROCFS_H
#define FS_PROCFS_H

#include <fs/pseudofs/pseudofs.h>

#define PROC_SUPER_MAGIC	0x9fa0

/* procfs_pid.c: /proc/<pid>/... (id = the pid). */
pfs_fill_t procfs_pid_stat;
pfs_fill_t procfs_pid_status;
pfs_fill_t procfs_pid_cmdline;
pfs_fill_t procfs_pid_environ;
pfs_fill_t procfs_mounts;		/* procfs.c: /proc/mounts and /proc/<pid>/mounts */
pfs_fill_t procfs_pid_comm;
pfs_fill_t procfs_pid_exe;
pfs_fill_t procfs_pid_uid_map, procfs_pid_gid_map, procfs_pid_setgroups;
pfs_store_t procfs_pid_uid_map_store, procfs_pid_gid_map_store, procfs_pid_setgroups_store;
/* Owner of a process's files (its effective ids); ENOENT if it is gone. */
int	procfs_pid_owner(pid_t pid, uid_t *uidp, gid_t *gidp);

#endif
