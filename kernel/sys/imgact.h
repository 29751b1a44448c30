/*
 * exec: the state of one execve while the new image is built (FreeBSD's
 * image_params), and the image activators that understand a file format
 * (kern/imgact_elf.c for static ELF64, kern_exec.c itself for #!).
 */
#ifndef SYS_IMGACT_H
#define SYS_IMGACT_H

#include <sys/types.h>

struct proc;
struct thread;
struct vmspace;
struct vm_object;

#define ARG_MAX		(2 * 1024 * 1024)	/* Linux with an 8 MiB stack limit: a quarter */
#define MAX_ARG_STRLEN	(32 * 4096)		/* one argument or variable, NUL included */
#define EXEC_HDR_SIZE	4096			/* first bytes of the file read for activators */
#define EXEC_MAX_DEPTH	4			/* nested #! interpreters (then ELOOP) */
#define EXEC_REASON_MAX	128

/*
 * Where the new program's arguments and environment come from: kernel
 * strings put in front (a #! interpreter and its argument, the script's
 * name), then argv from index argv_skip and envp, each either a user array
 * (execve) or a kernel array (starting init).  A NULL array is empty.
 */
struct exec_args {
	const char		*pre[2 * EXEC_MAX_DEPTH + 1];	/* kernel strings before argv */
	int			 npre;
	char *const		*uargv;		/* user argv, or */
	const char *const	*kargv;		/* kernel argv */
	int			 argv_skip;	/* argv entries left out (#!: argv[0]) */
	char *const		*uenvp;
	const char *const	*kenvp;
	/* exec_args_count() fills these. */
	int			 argc;		/* pre + argv - skip */
	int			 envc;
	uint64_t		 strsize;	/* bytes of all strings, NULs included */
};

struct image_params {
	struct vm_object	*object;	/* the file (a reference) */
	struct file		*file;		/* the same, O_PATH (maps, exe), or NULL */
	uint64_t		 filesize;
	char			*fname;		/* path as execve got it (AT_EXECFN, p_execpath) */
	uint8_t			*hdr;		/* the file's first bytes */
	size_t			 hdrlen;
	char			 reason[EXEC_REASON_MAX];	/* why ENOEXEC, for the log */
	/* Filled by the ELF activator. */
	struct vmspace		*vmspace;	/* the new address space */
	uint64_t		 entry;		/* first instruction */
	uint64_t		 base;		/* load bias (static PIE), else 0 */
	uint64_t		 phdr;		/* program headers in memory, 0 if not loaded */
	uint64_t		 phnum;
	uint64_t		 brk;		/* end of the highest segment */
	int			 stack_exec;	/* PT_GNU_STACK asks for an executable stack */
	/* The program file's set-id bits and owner (0 for a preloaded module). */
	mode_t			 fmode;
	uid_t			 fuid;
	gid_t			 fgid;
	struct ucred		*cred;		/* what the program runs with (cred_for_exec) */
	int			 secure;	/* AT_SECURE */
};

/* kern_exec.c */
int	kern_execve(struct thread *td, const char *path, struct exec_args *args);
int	kern_execveat(struct thread *td, int dirfd, const char *path, int lflags,
	    struct exec_args *args);
/* imgact_elf.c: -1 if not ELF (try another activator), 0 or an errno. */
int	exec_elf_activate(struct image_params *imgp);

#endif
