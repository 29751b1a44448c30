/*
 * FreeBSD's kld system calls, at Sanpo's numbers (1000 and up: see
 * kernel/kern/syscalls.master), for the kldload, kldunload and kldstat
 * programs (user/sbin/kld*).  Each is a thin layer over the linker
 * (kern_linker.c) and the module list (kern_module.c): the user's
 * arguments copied in, the answer copied out in <sanpo/kld.h>'s layouts.
 *
 * Walking calls (kldnext, modnext, modfnext) take an id and give the next
 * one: 0 asks for the first, 0 comes back at the end, ENOENT for an id
 * that is not there (FreeBSD's rules).  Loading and unloading need
 * privilege: CAP_SYS_MODULE in the initial user namespace; EPERM
 * otherwise.  A refusal's reason is printed by the linker on the console,
 * the caller gets the errno.
 */
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/linker.h>
#include <sys/malloc.h>
#include <sys/module.h>
#include <sys/namei.h>
#include <sys/proc.h>
#include <sys/sysproto.h>
#include <sys/ucred.h>

static int
kld_priv_check(struct thread *td)
{
	return (priv_check_cred(td->td_ucred, CAP_SYS_MODULE));
}

/* A path from user space, in a malloc'ed buffer the caller frees. */
static int
kld_copyin_path(const char *upath, char **pathp)
{
	char *path = malloc(MAXPATHLEN, M_TEMP, M_WAITOK);
	int error;

	if ((error = copyinstr(upath, path, MAXPATHLEN, NULL)) != 0) {
		free(path, M_TEMP);
		return (error);
	}
	*pathp = path;
	return (0);
}

int
sys_kldload(struct thread *td, struct kldload_args *uap)
{
	char *path;
	int error, id;

	if ((error = kld_priv_check(td)) != 0)
		return (error);
	if ((error = kld_copyin_path(uap->file, &path)) != 0)
		return (error);
	if ((error = kern_kldload(td, path, &id)) == 0)
		td->td_retval[0] = id;
	free(path, M_TEMP);
	return (error);
}

int
sys_kldunloadf(struct thread *td, struct kldunloadf_args *uap)
{
	int error;

	if ((error = kld_priv_check(td)) != 0)
		return (error);
	if (uap->flags != LINKER_UNLOAD_NORMAL && uap->flags != LINKER_UNLOAD_FORCE)
		return (EINVAL);
	return (kern_kldunload(td, uap->fileid, uap->flags));
}

int
sys_kldunload(struct thread *td, struct kldunload_args *uap)
{
	struct kldunloadf_args a = { .fileid = uap->fileid, .flags = LINKER_UNLOAD_NORMAL };

	return (sys_kldunloadf(td, &a));
}

int
sys_kldfind(struct thread *td, struct kldfind_args *uap)
{
	struct linker_file *lf;
	char *path;
	int error;

	if ((error = kld_copyin_path(uap->file, &path)) != 0)
		return (error);
	sx_slock(&linker_lock);
	if ((lf = linker_find_file_by_name(path)) != NULL)
		td->td_retval[0] = lf->id;
	else
		error = ENOENT;
	sx_sunlock(&linker_lock);
	free(path, M_TEMP);
	return (error);
}

int
sys_kldnext(struct thread *td, struct kldnext_args *uap)
{
	struct linker_file *lf;
	int error = 0;

	sx_slock(&linker_lock);
	if (uap->fileid == 0)
		lf = linker_file_next(NULL);
	else if ((lf = linker_find_file_by_id(uap->fileid)) != NULL)
		lf = linker_file_next(lf);
	else
		error = ENOENT;
	if (error == 0)
		td->td_retval[0] = lf != NULL ? lf->id : 0;
	sx_sunlock(&linker_lock);
	return (error);
}

int
sys_kldstat(struct thread *td __unused, struct kldstat_args *uap)
{
	struct kld_file_stat *st;
	struct linker_file *lf;
	int error, version;

	if ((error = copyin(&uap->stat->version, &version, sizeof(version))) != 0)
		return (error);
	if (version != (int)sizeof(struct kld_file_stat))
		return (EINVAL);
	st = malloc(sizeof(*st), M_TEMP, M_WAITOK | M_ZERO);
	sx_slock(&linker_lock);
	if ((lf = linker_find_file_by_id(uap->fileid)) != NULL) {
		st->version = version;
		strlcpy(st->name, lf->filename, sizeof(st->name));
		strlcpy(st->pathname, lf->pathname, sizeof(st->pathname));
		st->refs = lf->refs;
		st->id = lf->id;
		st->address = lf->address;
		st->size = lf->size;
	} else
		error = ENOENT;
	sx_sunlock(&linker_lock);
	/* Copied out with no lock held: a fault may sleep. */
	if (error == 0)
		error = copyout(st, uap->stat, sizeof(*st));
	free(st, M_TEMP);
	return (error);
}

int
sys_kldfirstmod(struct thread *td, struct kldfirstmod_args *uap)
{
	struct linker_file *lf;
	module_t mod;
	int error = 0;

	sx_slock(&linker_lock);
	if ((lf = linker_find_file_by_id(uap->fileid)) != NULL) {
		mod = module_file_next(lf, NULL);
		td->td_retval[0] = mod != NULL ? module_getid(mod) : 0;
	} else
		error = ENOENT;
	sx_sunlock(&linker_lock);
	return (error);
}

int
sys_modnext(struct thread *td, struct modnext_args *uap)
{
	module_t mod;
	int error = 0;

	sx_slock(&linker_lock);
	if (uap->modid == 0)
		mod = module_next(NULL);
	else if ((mod = module_lookupbyid(uap->modid)) != NULL)
		mod = module_next(mod);
	else
		error = ENOENT;
	if (error == 0)
		td->td_retval[0] = mod != NULL ? module_getid(mod) : 0;
	sx_sunlock(&linker_lock);
	return (error);
}

int
sys_modfnext(struct thread *td, struct modfnext_args *uap)
{
	module_t mod;
	int error = 0;

	sx_slock(&linker_lock);
	if ((mod = module_lookupbyid(uap->modid)) != NULL) {
		mod = module_file_next(module_file(mod), mod);
		td->td_retval[0] = mod != NULL ? module_getid(mod) : 0;
	} else
		error = ENOENT;
	sx_sunlock(&linker_lock);
	return (error);
}

int
sys_modfind(struct thread *td, struct modfind_args *uap)
{
	char name[KLD_MAXMODNAME];
	module_t mod;
	int error;

	if ((error = copyinstr(uap->name, name, sizeof(name), NULL)) != 0)
		return (error == ENAMETOOLONG ? ENOENT : error);	/* no module has such a name */
	sx_slock(&linker_lock);
	if ((mod = module_lookupbyname(name)) != NULL)
		td->td_retval[0] = module_getid(mod);
	else
		error = ENOENT;
	sx_sunlock(&linker_lock);
	return (error);
}

int
sys_modstat(struct thread *td __unused, struct modstat_args *uap)
{
	struct module_stat st;
	module_t mod;
	int error, version;

	if ((error = copyin(&uap->stat->version, &version, sizeof(version))) != 0)
		return (error);
	if (version != (int)sizeof(struct module_stat))
		return (EINVAL);
	memset(&st, 0, sizeof(st));
	sx_slock(&linker_lock);
	if ((mod = module_lookupbyid(uap->modid)) != NULL) {
		st.version = version;
		strlcpy(st.name, module_getname(mod), sizeof(st.name));
		st.refs = 1;	/* (modules are not counted apart from their file) */
		st.id = module_getid(mod);
		st.data.intval = module_getversion(mod);
	} else
		error = ENOENT;
	sx_sunlock(&linker_lock);
	if (error == 0)
		error = copyout(&st, uap->stat, sizeof(st));
	return (error);
}
