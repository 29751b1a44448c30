/*
 * execve: replace the calling process's image with a program from a file.
 *
 * The order follows Linux, so errors come in the same order too: find the
 * file (ENOENT, EACCES...), measure the arguments and environment (E2BIG,
 * EFAULT), let an image activator build the new address space from the
 * file (#! scripts here, ELF in imgact_elf.c; ENOEXEC), lay out the new
 * stack -- strings, then argc, argv, envp and the auxiliary vector -- and
 * only then, at the point of no return, switch the process over: close
 * close-on-exec files, reset caught signals, swap the address space, set
 * the registers.  Until then a failure leaves the caller as it was.
 *
 * The strings are copied straight from the caller's memory into the new
 * stack (vm_map_write), a chunk at a time, so no argument buffer is
 * needed however long the arguments are (up to ARG_MAX).
 */
#include <sys/systm.h>
#include <sys/fcntl.h>
#include <sys/file.h>
#include <sys/filedesc.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/vnode.h>
#include <sys/errno.h>
#include <sys/imgact.h>
#include <sys/linux_file.h>
#include <sys/malloc.h>
#include <sys/proc.h>
#include <sys/random.h>
#include <sys/signalvar.h>
#include <sys/sysproto.h>
#include <sys/ucred.h>
#include <machine/cpufunc.h>
#include <machine/fpu.h>
#include <machine/md_var.h>
#include <machine/vmparam.h>
#include <sanpo/elf64.h>
#include <vm/vm_map.h>
#include <vm/vm_object.h>

MALLOC_DEFINE(M_EXEC, "exec", "exec: headers and paths");

#define PATH_MAX	4096
#define USRSTACK	VM_MAXUSER_ADDRESS
#define MMAP_GAP	(128ULL << 20)	/* Linux's minimum gap below the stack */

/* Linux auxiliary vector tags. */
#define AT_NULL		0
#define AT_PHDR		3
#define AT_PHENT	4
#define AT_PHNUM	5
#define AT_PAGESZ	6
#define AT_BASE		7
#define AT_FLAGS	8
#define AT_ENTRY	9
#define AT_UID		11
#define AT_EUID		12
#define AT_GID		13
#define AT_EGID		14
#define AT_PLATFORM	15
#define AT_HWCAP	16
#define AT_CLKTCK	17
#define AT_SECURE	23
#define AT_RANDOM	25
#define AT_HWCAP2	26
#define AT_EXECFN	31
#define NAUXV		19	/* pairs written, AT_NULL included */

/* --- the arguments ----------------------------------------------------------- */

/* argv[i] (pre strings first) or envp[i]: *sp NULL at the end; *user: a user address. */
static int
arg_get(struct exec_args *a, int env, int i, const char **sp, int *user)
{
	char *const *uarr = env ? a->uenvp : a->uargv;
	const char *const *karr = env ? a->kenvp : a->kargv;
	uint64_t ptr;
	int error;

	*user = 0;
	if (!env && i < a->npre) {
		*sp = a->pre[i];
		return (0);
	}
	if (!env)
		i = i - a->npre + a->argv_skip;
	if (uarr != NULL) {
		if ((error = copyin(&uarr[i], &ptr, sizeof(ptr))) != 0)
			return (error);
		*sp = (const char *)ptr;
		*user = 1;
		return (0);
	}
	*sp = karr != NULL ? karr[i] : NULL;
	return (0);
}

/* Length of a user string with its NUL, up to MAX_ARG_STRLEN (else E2BIG). */
static int
ustrlen(const char *u, uint64_t *lenp)
{
	char buf[256];
	size_t done;
	uint64_t len = 0;
	int error;

	for (;;) {
		error = copyinstr(u + len, buf, sizeof(buf), &done);
		len += done;
		if (error == 0)
			break;
		if (error != ENAMETOOLONG)
			return (error);
		if (len > MAX_ARG_STRLEN)
			return (E2BIG);
	}
	if (len > MAX_ARG_STRLEN)
		return (E2BIG);
	*lenp = len;
	return (0);
}

/* Counts both lists and their bytes; E2BIG beyond ARG_MAX (strings and pointers). */
static int
exec_args_count(struct exec_args *a)
{
	const char *s;
	uint64_t len, total = 0;
	int env, i, user, error, n;

	for (env = 0; env < 2; env++) {
		for (i = 0; ; i++) {
			if ((error = arg_get(a, env, i, &s, &user)) != 0)
				return (error);
			if (s == NULL)
				break;
			if (user) {
				if ((error = ustrlen(s, &len)) != 0)
					return (error);
			} else
				len = strlen(s) + 1;
			total += len + sizeof(char *);
			if (total > ARG_MAX)
				return (E2BIG);
		}
		n = i;
		if (env)
			a->envc = n;
		else
			a->argc = n;
	}
	a->strsize = total - sizeof(char *) * (uint64_t)(a->argc + a->envc);
	return (0);
}

/* Copies a string of len bytes (NUL included) into the new stack at dst. */
static int
copy_string(struct vm_map *map, uint64_t dst, const char *s, int user, uint64_t len)
{
	char buf[256];
	uint64_t off, n;
	int error;

	if (!user)
		return (vm_map_write(map, dst, s, len));
	for (off = 0; off < len; off += n) {
		n = len - off < sizeof(buf) ? len - off : sizeof(buf);
		if ((error = copyin(s + off, buf, n)) != 0)
			return (error);
		/* The caller's memory changed since it was measured: refuse. */
		if (memchr(buf, '\0', n) != (off + n == len ? buf + n - 1 : NULL))
			return (EFAULT);
		if ((error = vm_map_write(map, dst + off, buf, n)) != 0)
			return (error);
	}
	return (0);
}

/* --- the new stack ------------------------------------------------------------ */

static int
put64(struct vm_map *map, uint64_t *at, uint64_t v)
{
	int error = vm_map_write(map, *at, &v, sizeof(v));

	*at += sizeof(v);
	return (error);
}

/*
 * From the top down: the name exec was given (AT_EXECFN), the argument and
 * environment strings, 16 random bytes (AT_RANDOM), the platform name;
 * then, 16-byte aligned at the new %rsp: argc, argv[], NULL, envp[], NULL,
 * the auxiliary vector.
 */
static int
exec_build_stack(struct thread *td, struct image_params *imgp, struct exec_args *a,
    uint64_t *rspp)
{
	struct vmspace *vs = imgp->vmspace;
	struct vm_map *map = &vs->vm_map;
	struct ucred *cr = imgp->cred;
	static const char platform[] = "x86_64";
	uint64_t size = td->td_proc->p_rlimit[RLIMIT_STACK].rlim_cur, top = USRSTACK;
	uint64_t execfn, strings, rnd, plat, p, rsp, at, len, hwcap;
	uint8_t random[16];
	const char *s;
	int env, i, user, error;
	uint32_t r[4];

	if (size < (128 << 10))
		size = 128 << 10;
	if (size > (1ULL << 30))
		size = 1ULL << 30;
	size = round_page(size);
	sx_xlock(&map->lock);
	error = vm_map_insert(map, NULL, NULL, 0, top - size, top, VM_PROT_READ | VM_PROT_WRITE |
	    (imgp->stack_exec ? VM_PROT_EXECUTE : 0), VM_PROT_ALL, MAP_ENTRY_STACK);
	sx_xunlock(&map->lock);
	if (error != 0)
		return (error);
	vs->vm_stack_top = top;
	vs->vm_mmap_base = top - size - MMAP_GAP;

	execfn = top - sizeof(uint64_t) - (strlen(imgp->fname) + 1);
	strings = execfn - a->strsize;
	rnd = strings - sizeof(random);
	plat = rnd - sizeof(platform);
	p = plat & ~15ULL;
	rsp = (p - sizeof(uint64_t) * (1 + (uint64_t)a->argc + 1 + (uint64_t)a->envc + 1 +
	    2 * NAUXV)) & ~15ULL;
	if (rsp < top - size + PAGE_SIZE)
		return (E2BIG);

	if ((error = vm_map_write(map, execfn, imgp->fname, strlen(imgp->fname) + 1)) != 0)
		return (error);
	arc4random_buf(random, sizeof(random));
	if ((error = vm_map_write(map, rnd, random, sizeof(random))) != 0 ||
	    (error = vm_map_write(map, plat, platform, sizeof(platform))) != 0)
		return (error);

	at = rsp;
	if ((error = put64(map, &at, (uint64_t)a->argc)) != 0)
		return (error);
	p = strings;
	for (env = 0; env < 2; env++) {
		for (i = 0; i < (env ? a->envc : a->argc); i++) {
			if ((error = arg_get(a, env, i, &s, &user)) != 0)
				return (error);
			if (s == NULL)
				return (EFAULT);	/* the array shrank meanwhile */
			if (user) {
				if ((error = ustrlen(s, &len)) != 0)
					return (error);
			} else
				len = strlen(s) + 1;
			if (p + len > execfn)
				return (EFAULT);	/* and a string grew */
			if ((error = copy_string(map, p, s, user, len)) != 0 ||
			    (error = put64(map, &at, p)) != 0)
				return (error);
			p += len;
		}
		/* /proc/<pid>/cmdline and environ show these. */
		if (env == 0) {
			vs->vm_arg_start = strings;
			vs->vm_arg_end = p;
		} else {
			vs->vm_env_end = p;
			vmspace_save_args(vs);
		}
		if ((error = put64(map, &at, 0)) != 0)
			return (error);
	}
	cpuid_count(1, 0, r);
	hwcap = r[3];
	{
		const uint64_t auxv[NAUXV * 2] = {
			AT_PHDR, imgp->phdr,	AT_PHENT, sizeof(Elf64_Phdr),
			AT_PHNUM, imgp->phnum,	AT_PAGESZ, PAGE_SIZE,
			AT_BASE, 0,		AT_FLAGS, 0,
			AT_ENTRY, imgp->entry,
			AT_UID, from_kuid_munged(cr->cr_userns, cr->cr_ruid),
			AT_EUID, from_kuid_munged(cr->cr_userns, cr->cr_uid),
			AT_GID, from_kgid_munged(cr->cr_userns, cr->cr_rgid),
			AT_EGID, from_kgid_munged(cr->cr_userns, cr->cr_gid),
			AT_SECURE, (uint64_t)imgp->secure,
			AT_RANDOM, rnd,		AT_HWCAP, hwcap,
			AT_HWCAP2, 0,		AT_CLKTCK, 100,
			AT_PLATFORM, plat,	AT_EXECFN, execfn,
			AT_NULL, 0,
		};

		if ((error = vm_map_write(map, at, auxv, sizeof(auxv))) != 0)
			return (error);
	}
	*rspp = rsp;
	return (0);
}

/* --- finding the file ------------------------------------------------------------ */

/*
 * A file on vp named `name` (as exec names the program: p_execpath) --
 * or, found through a magic link (/proc/self/exe), as the file it stood
 * for, jumpfp, is -- for the mappings of it and /proc/<pid>/exe, which
 * name it as /proc/<pid>/fd would: an O_PATH one, that holds the vnode
 * and nothing else.
 */
static struct file *
exec_file(struct thread *td, struct vnode *vp, const char *name, struct file *jumpfp)
{
	struct vnode *cdir = NULL;
	struct file *fp;

	falloc_noinstall(td, &fp);
	if (jumpfp != NULL && jumpfp->f_path != NULL)
		file_copypath(fp, jumpfp);
	else {
		if (name[0] != '/')
			pwd_get(td, &cdir, NULL);
		file_setpath(fp, cdir, name);
		if (cdir != NULL)
			vrele(cdir);
	}
	vref(vp);
	fp->f_vnode = vp;
	finit(fp, FPATH, DTYPE_VNODE, vp, &vnops);
	return (fp);
}

/*
 * The file to run as a VM object: from the file system (vn_open_exec: a
 * regular file the caller may execute), or else one of the files the
 * loader preloaded, named by the path it loaded them from
 * (init_path="/boot/modules/prog" with prog_load="YES").  A file system's
 * file also comes as a file named `name` (imgp->file).
 */
static int
exec_open(struct thread *td, int dirfd, const char *path, const char *name, int lflags,
    struct vm_object **objp, uint64_t *sizep, struct image_params *imgp)
{
	const struct sanpo_module *m;
	struct file *jumpfp = NULL;
	struct vattr va;
	struct vnode *vp;
	uint32_t i;
	int error;

	if (path[0] == '\0' && !(lflags & LINUX_AT_EMPTY_PATH))
		return (ENOENT);
	if ((error = vn_open_execat(td, dirfd, path, lflags, &vp, &jumpfp)) != ENOENT) {
		if (error != 0)
			return (error);
		if ((error = vn_getattr(vp, &va)) == 0 &&
		    (*objp = vm_object_vnode(vp, va.va_size)) == NULL)
			error = ENOMEM;
		*sizep = va.va_size;
		imgp->fmode = va.va_mode;	/* (the last file opened: the ELF one) */
		if (vp->v_mount != NULL && (vp->v_mount->mnt_flag & MNT_NOSUID))
			imgp->fmode &= ~(mode_t)(S_ISUID | S_ISGID);
		imgp->fuid = va.va_uid;
		imgp->fgid = va.va_gid;
		if (error == 0)
			imgp->file = exec_file(td, vp, name, jumpfp);
		if (jumpfp != NULL)
			fdrop(jumpfp, td);
		vrele(vp);
		return (error);
	}
	m = (const struct sanpo_module *)PHYS_TO_DMAP(bootinfo.modules);
	for (i = 0; bootinfo.modules != 0 && i < bootinfo.module_count; i++) {
		if (strcmp(m[i].name, path) != 0)
			continue;
		if ((m[i].phys & PAGE_MASK) != 0)
			return (ENOEXEC);
		if ((*objp = vm_object_phys(m[i].phys, m[i].size)) == NULL)
			return (ENOMEM);
		*sizep = m[i].size;
		imgp->fmode = 0;
		return (0);
	}
	return (ENOENT);
}

/* --- #! --------------------------------------------------------------------------- */

/*
 * "#!interpreter [one argument]" on the first line (at most 255 bytes, as
 * Linux's BINPRM_BUF_SIZE): the interpreter runs with argv = interpreter,
 * the argument if any, the script's path, then the original argv[1...].
 */
static int
exec_shell_activate(struct image_params *imgp, struct exec_args *a, const char *script,
    char *interp, char *optarg)
{
	const char *h = (const char *)imgp->hdr;
	size_t n = imgp->hdrlen < 256 ? imgp->hdrlen : 256, i = 2, j;

	if (n < 2 || h[0] != '#' || h[1] != '!')
		return (-1);
	while (i < n && (h[i] == ' ' || h[i] == '\t'))
		i++;
	for (j = 0; i < n && h[i] != '\n' && h[i] != ' ' && h[i] != '\t' && h[i] != '\0'; i++)
		interp[j++] = h[i];
	interp[j] = '\0';
	if (i == n || j == 0) {
		strlcpy(imgp->reason, i == n ? "#! line longer than 255 bytes" :
		    "#! names no interpreter", sizeof(imgp->reason));
		return (ENOEXEC);
	}
	while (i < n && (h[i] == ' ' || h[i] == '\t'))
		i++;
	for (j = 0; i < n && h[i] != '\n' && h[i] != '\0'; i++)
		optarg[j++] = h[i];
	while (j > 0 && (optarg[j - 1] == ' ' || optarg[j - 1] == '\t'))
		j--;
	optarg[j] = '\0';
	if (i == n) {
		strlcpy(imgp->reason, "#! line longer than 255 bytes", sizeof(imgp->reason));
		return (ENOEXEC);
	}
	/* Drop the old argv[0]; put interpreter, argument, script in front. */
	if (a->npre > 0) {
		memmove(&a->pre[0], &a->pre[1], sizeof(a->pre[0]) * (size_t)(a->npre - 1));
		a->npre--;
	} else
		a->argv_skip++;
	if (a->npre + 3 > (int)nitems(a->pre))
		return (ELOOP);
	memmove(&a->pre[optarg[0] ? 3 : 2], &a->pre[0], sizeof(a->pre[0]) * (size_t)a->npre);
	a->pre[0] = interp;
	if (optarg[0]) {
		a->pre[1] = optarg;
		a->pre[2] = script;
		a->npre += 3;
	} else {
		a->pre[1] = script;
		a->npre += 2;
	}
	return (0);
}

/* --- the point of no return ------------------------------------------------------- */

static void
exec_commit(struct thread *td, struct image_params *imgp, const char *curpath, uint64_t rsp)
{
	struct proc *p = td->td_proc;
	struct vmspace *old = p->p_vmspace;
	const char *base = strrchr(imgp->fname, '/');
	struct file *oldtext;
	char *path;

	base = base != NULL ? base + 1 : imgp->fname;
	execsigs(p);
	if (p->p_fd != NULL)
		fdcloseexec(p->p_fd);
	path = malloc(strlen(curpath) + 1, M_PROC, M_WAITOK);
	strlcpy(path, curpath, strlen(curpath) + 1);
	mtx_lock(&p->p_mtx);
	p->p_vmspace = imgp->vmspace;
	strlcpy(p->p_comm, base, sizeof(p->p_comm));
	free(p->p_execpath, M_PROC);
	p->p_execpath = path;
	oldtext = p->p_textfile;
	p->p_textfile = imgp->file;
	imgp->file = NULL;		/* the process holds it now */
	p->p_flag |= P_EXEC;
	if (p->p_flag & P_PPWAIT) {
		p->p_flag &= ~P_PPWAIT;
		wakeup(&p->p_flag);	/* the vfork parent goes on */
	}
	mtx_unlock(&p->p_mtx);
	strlcpy(td->td_name, base, sizeof(td->td_name));
	imgp->vmspace = NULL;
	/*
	 * The new credential; a process whose effective ids differ from its
	 * real ones is not dumpable (Linux's begin_new_exec), and a
	 * privileged exec forgets its parent-death signal.
	 */
	cred_install(td, imgp->cred);
	imgp->cred = NULL;
	mtx_lock(&p->p_mtx);
	p->p_dumpable = td->td_ucred->cr_uid == td->td_ucred->cr_ruid &&
	    td->td_ucred->cr_gid == td->td_ucred->cr_rgid;
	if (imgp->secure)
		p->p_pdeathsig = 0;
	mtx_unlock(&p->p_mtx);
	disable_intr();
	pmap_activate(td);
	enable_intr();
	if (old != NULL)
		vmspace_free(old);
	if (oldtext != NULL)
		fdrop(oldtext, td);
	td->td_clear_child_tid = 0;
	td->td_robust_list = 0;
	td->td_sigstk.ss_flags = SS_DISABLE;
	cpu_exec_setregs(td, imgp->entry, rsp);
}

/* --- the whole --------------------------------------------------------------------- */

/*
 * Runs path (relative to dirfd unless absolute; lflags: execveat's
 * AT_EMPTY_PATH and AT_SYMLINK_NOFOLLOW).  Like Linux, a program found
 * through a directory descriptor is named "/dev/fd/N/path" ("/dev/fd/N" for
 * the descriptor itself) in AT_EXECFN and to a #! interpreter.
 */
int
kern_execveat(struct thread *td, int dirfd, const char *path, int lflags,
    struct exec_args *args)
{
	struct image_params img;
	char *names = NULL, *interp = NULL, *optarg;
	const char *cur;
	uint64_t rsp;
	int error, depth, counted = 0;

	memset(&img, 0, sizeof(img));
	img.hdr = malloc(EXEC_HDR_SIZE, M_EXEC, M_WAITOK);
	img.fname = malloc(PATH_MAX, M_EXEC, M_WAITOK);
	names = malloc(EXEC_MAX_DEPTH * 2 * 256, M_EXEC, M_WAITOK);
	if (dirfd == LINUX_AT_FDCWD || path[0] == '/')
		strlcpy(img.fname, path, PATH_MAX);
	else if (path[0] == '\0')
		snprintf(img.fname, PATH_MAX, "/dev/fd/%d", dirfd);
	else if (snprintf(img.fname, PATH_MAX, "/dev/fd/%d/%s", dirfd, path) >= PATH_MAX) {
		error = ENAMETOOLONG;
		goto out;
	}
	for (depth = 0; ; depth++) {
		if (depth > EXEC_MAX_DEPTH) {
			error = ELOOP;
			goto out;
		}
		cur = depth == 0 ? img.fname : interp;
		error = depth == 0 ?
		    exec_open(td, dirfd, path, cur, lflags, &img.object, &img.filesize, &img) :
		    exec_open(td, LINUX_AT_FDCWD, cur, cur, 0, &img.object, &img.filesize, &img);
		if (error != 0)
			goto out;
		if (!counted && (error = exec_args_count(args)) != 0)
			goto out;
		counted = 1;
		img.hdrlen = img.filesize < EXEC_HDR_SIZE ? img.filesize : EXEC_HDR_SIZE;
		if ((error = vm_object_read(img.object, 0, img.hdr, img.hdrlen)) != 0)
			goto out;
		interp = names + depth * 512;
		optarg = interp + 256;
		error = exec_shell_activate(&img, args, cur, interp, optarg);
		if (error > 0)
			goto out;
		if (error < 0)
			break;
		/* A script: run its interpreter instead (the pre strings changed). */
		vm_object_deallocate(img.object);
		img.object = NULL;
		if (img.file != NULL)
			fdrop(img.file, td);
		img.file = NULL;
		if ((error = exec_args_count(args)) != 0)
			goto out;
	}
	if ((img.vmspace = vmspace_alloc()) == NULL) {
		error = ENOMEM;
		goto out;
	}
	error = exec_elf_activate(&img);
	if (error < 0) {
		strlcpy(img.reason, "not an executable format (ELF or #!)", sizeof(img.reason));
		error = ENOEXEC;
	}
	if (error == 0) {
		img.vmspace->vm_brk_start = img.vmspace->vm_brk = img.brk;
		img.cred = cred_for_exec(td->td_ucred, img.fmode, img.fuid, img.fgid,
		    (td->td_proc->p_flag & P_NNP) != 0, &img.secure);
		error = exec_build_stack(td, &img, args, &rsp);
	}
	if (error != 0)
		goto out;
	exec_commit(td, &img, cur, rsp);
	error = EJUSTRETURN;
out:
	if (error == ENOEXEC && img.reason[0] != '\0')
		printf("exec: %s: %s\n", img.fname, img.reason);
	if (img.vmspace != NULL)
		vmspace_free(img.vmspace);
	if (img.cred != NULL)
		crfree(img.cred);
	vm_object_deallocate(img.object);
	if (img.file != NULL)
		fdrop(img.file, td);
	free(names, M_EXEC);
	free(img.fname, M_EXEC);
	free(img.hdr, M_EXEC);
	return (error);
}

int
kern_execve(struct thread *td, const char *path, struct exec_args *args)
{
	return (kern_execveat(td, LINUX_AT_FDCWD, path, 0, args));
}

int
sys_execve(struct thread *td, struct execve_args *uap)
{
	struct exec_args a;
	char *path = malloc(PATH_MAX, M_EXEC, M_WAITOK);
	int error;

	memset(&a, 0, sizeof(a));
	a.uargv = uap->argv;
	a.uenvp = uap->envv;
	error = copyinstr(uap->fname, path, PATH_MAX, NULL);
	if (error == 0)
		error = kern_execve(td, path, &a);
	free(path, M_EXEC);
	return (error);
}

int
sys_execveat(struct thread *td, struct execveat_args *uap)
{
	struct exec_args a;
	char *path = malloc(PATH_MAX, M_EXEC, M_WAITOK);
	int error;

	memset(&a, 0, sizeof(a));
	a.uargv = uap->argv;
	a.uenvp = uap->envp;
	error = copyinstr(uap->filename, path, PATH_MAX, NULL);
	if (error == 0)
		error = kern_execveat(td, uap->fd, path, uap->flags, &a);
	free(path, M_EXEC);
	return (error);
}
