/*
 * The kld system calls as FreeBSD's libc gives them (kldload(2),
 * kldstat(2), modfind(2)...), for Sanpo's user programs (user/sbin/kld*):
 * each is syscall(2) with its Sanpo number from the generated
 * <sanpo/syscall.h> (kernel/kern/syscalls.master), -1 and errno on
 * failure.  The kernel never includes this file; the structures are
 * <sanpo/kld.h>'s, shared with it.
 */
#ifndef SANPO_KLDSYS_H
#define SANPO_KLDSYS_H

#include <unistd.h>
#include <sanpo/kld.h>
#include <sanpo/syscall.h>

static inline int kldload(const char *file) { return ((int)syscall(SANPO_SYS_kldload, file)); }
static inline int kldunload(int fileid) { return ((int)syscall(SANPO_SYS_kldunload, fileid)); }
static inline int kldunloadf(int fileid, int flags)
{
	return ((int)syscall(SANPO_SYS_kldunloadf, fileid, flags));
}
static inline int kldfind(const char *file) { return ((int)syscall(SANPO_SYS_kldfind, file)); }
static inline int kldnext(int fileid) { return ((int)syscall(SANPO_SYS_kldnext, fileid)); }
static inline int kldstat(int fileid, struct kld_file_stat *st)
{
	return ((int)syscall(SANPO_SYS_kldstat, fileid, st));
}
static inline int kldfirstmod(int fileid) { return ((int)syscall(SANPO_SYS_kldfirstmod, fileid)); }
static inline int modnext(int modid) { return ((int)syscall(SANPO_SYS_modnext, modid)); }
static inline int modfnext(int modid) { return ((int)syscall(SANPO_SYS_modfnext, modid)); }
static inline int modfind(const char *name) { return ((int)syscall(SANPO_SYS_modfind, name)); }
static inline int modstat(int modid, struct module_stat *st)
{
	return ((int)syscall(SANPO_SYS_modstat, modid, st));
}

#endif
