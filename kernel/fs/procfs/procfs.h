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
pfs_jump_t procfs_pid_exe_jump;
pfs_fill_t procfs_pid_uid_map, procfs_pid_gid_map, procfs_pid_setgroups;
pfs_store_t procfs_pid_uid_map_store, procfs_pid_gid_map_store, procfs_pid_setgroups_store;
pfs_fill_t procfs_pid_ns_user;		/* ns/user: the link text; opening it, a namespace file */
pfs_jump_t procfs_pid_ns_user_jump;
pfs_fill_t procfs_pid_maps;
pfs_fill_t procfs_pid_cwd;		/* cwd and root, by the node's name */
pfs_jump_t procfs_pid_cwd_jump;
/*
 * /proc/<pid>/fd/<n>: the entries' ids are pid << PROCFS_FD_SHIFT | n
 * (the directory's id is the pid); each is a magic link to the open file.
 */
#define PROCFS_FD_SHIFT	24
#define PROCFS_FD_MAX	((1ULL << PROCFS_FD_SHIFT) - 1)
int	procfs_fd_next(uint64_t dir, uint64_t from, uint64_t *idp, char *name, size_t namelen);
int	procfs_fd_lookup(uint64_t dir, const char *name, size_t namelen, uint64_t *idp);
pfs_fill_t procfs_fd_text;
pfs_jump_t procfs_fd_jump;
int	procfs_fd_attr(uint64_t id, struct vattr *vap);	/* owner and mode of fd/<n> */
/*
 * procfs_sys.c: /proc/sys, the sysctl tree.  procfs_sys_dyn lists a
 * directory of it (the "sys" node of /proc has it, id 0); procfs_sys_node
 * says whether a node is one of its own, whose attributes procfs_sys_attr
 * gives (ENOENT once its name is no sysctl any more).
 */
extern const struct pfs_dyn procfs_sys_dyn;
int	procfs_sys_node(const struct pfs_node *pn);
int	procfs_sys_attr(const struct pfs_node *pn, uint64_t id, struct vattr *vap);
/* kernel/net/net_procfs.c: /proc/net/arp, dev, route in Linux's formats. */
pfs_fill_t procfs_net_arp, procfs_net_dev, procfs_net_route;
/* Owner of a process's files (its effective ids); ENOENT if it is gone. */
int	procfs_pid_owner(pid_t pid, uid_t *uidp, gid_t *gidp);

#endif
