/*
 * The memory system calls, with Linux's checks and errno in Linux's order:
 * mmap (MAP_PRIVATE/SHARED/SHARED_VALIDATE, ANONYMOUS, FIXED,
 * FIXED_NOREPLACE, 32BIT, POPULATE, NORESERVE), munmap, mprotect, brk,
 * madvise (DONTNEED/FREE drop pages; the hints are accepted), mremap
 * (shrink, grow in place, move), msync and mincore.
 *
 * New mappings go top-down from below the stack (vm_mmap_base), as
 * Linux's default layout places them; a hint is honoured when free.
 * Overcommit follows Linux's heuristic mode: a single private writable or
 * shared anonymous mapping larger than all of memory is ENOMEM at once
 * (MAP_NORESERVE skips the check); within that, pages are only taken when
 * touched, and a process the kernel cannot give a page to is killed.
 */
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/fcntl.h>
#include <sys/file.h>
#include <sys/proc.h>
#include <sys/sysproto.h>
#include <sys/vnode.h>
#include <machine/vmparam.h>
#include <vm/vm_map.h>
#include <vm/vm_object.h>
#include <vm/vm_phys.h>

#define PROT_READ		0x1
#define PROT_WRITE		0x2
#define PROT_EXEC		0x4
#define PROT_SEM		0x8
#define PROT_GROWSDOWN		0x01000000
#define PROT_GROWSUP		0x02000000

#define MAP_SHARED		0x01
#define MAP_PRIVATE		0x02
#define MAP_SHARED_VALIDATE	0x03
#define MAP_TYPE		0x0f
#define MAP_FIXED		0x10
#define MAP_ANONYMOUS		0x20
#define MAP_32BIT		0x40
#define MAP_GROWSDOWN		0x0100
#define MAP_DENYWRITE		0x0800
#define MAP_EXECUTABLE		0x1000
#define MAP_LOCKED		0x2000
#define MAP_NORESERVE		0x4000
#define MAP_POPULATE		0x8000
#define MAP_NONBLOCK		0x10000
#define MAP_STACK		0x20000
#define MAP_HUGETLB		0x40000
#define MAP_SYNC		0x80000
#define MAP_FIXED_NOREPLACE	0x100000
/* What MAP_SHARED_VALIDATE knows (anything else: EOPNOTSUPP). */
#define MAP_KNOWN		(MAP_TYPE | MAP_FIXED | MAP_ANONYMOUS | MAP_32BIT | \
				 MAP_GROWSDOWN | MAP_DENYWRITE | MAP_EXECUTABLE | MAP_LOCKED | \
				 MAP_NORESERVE | MAP_POPULATE | MAP_NONBLOCK | MAP_STACK | \
				 MAP_HUGETLB | MAP_FIXED_NOREPLACE)

#define MREMAP_MAYMOVE		1
#define MREMAP_FIXED		2
#define MREMAP_DONTUNMAP	4

#define MADV_NORMAL		0
#define MADV_DONTNEED		4
#define MADV_FREE		8
#define MADV_LAST_KNOWN		25	/* hints up to here are accepted */

#define MS_ASYNC		1
#define MS_INVALIDATE		2
#define MS_SYNC			4

#define TASK_SIZE		VM_MAXUSER_ADDRESS
#define MAP_32BIT_TOP		0x80000000ULL
#define MAP_32BIT_BASE		0x40000000ULL

static struct vmspace *
cur_vmspace(struct thread *td)
{
	return (td->td_proc->p_vmspace);
}

static vm_prot_t
prot_of(int prot)
{
	return ((vm_prot_t)(((prot & PROT_READ) ? VM_PROT_READ : 0) |
	    ((prot & PROT_WRITE) ? VM_PROT_WRITE : 0) | ((prot & PROT_EXEC) ? VM_PROT_EXECUTE : 0)));
}

/* Linux's heuristic overcommit: refuse what could never fit. */
static int
overcommit_ok(uint64_t len)
{
	return (len / PAGE_SIZE <= vm_phys_real_memory() / PAGE_SIZE);
}

/* Would `more` bytes of new mappings pass RLIMIT_AS?  (Replaced ranges count: Linux too.) */
static int
over_as_limit(struct thread *td, struct vm_map *map, uint64_t more)
{
	uint64_t lim = td->td_proc->p_rlimit[RLIMIT_AS].rlim_cur;

	return (lim != RLIM_INFINITY && (more > lim || map->size > lim - more));
}

/* MAP_POPULATE: fault the range in now (failures are left for the touch). */
static void
populate(struct vm_map *map, vm_offset_t start, vm_offset_t end, vm_prot_t prot)
{
	vm_offset_t va;

	for (va = start; va < end; va += PAGE_SIZE)
		if (vm_fault(map, va, (prot & VM_PROT_WRITE) ? VM_FAULT_WRITE : VM_FAULT_READ) !=
		    KERN_SUCCESS)
			break;
}

/*
 * What a file mapping maps: a regular file's pages (the object), with the
 * protection mprotect may later grant; /dev/zero maps fresh anonymous
 * memory (*objp NULL) as it did before MAP_ANONYMOUS existed.  Linux's
 * errors: EACCES for a file not open for reading, or MAP_SHARED with
 * PROT_WRITE on one not open for writing; ENODEV for what cannot be mapped
 * (directories, pipes, other devices).  *filep: the file with the object,
 * referenced (the mapping keeps it for its name), else NULL.
 */
static int
mmap_file(struct thread *td, int fd, int shared, vm_prot_t prot, struct vm_object **objp,
    struct file **filep, vm_prot_t *maxprotp)
{
	struct file *fp;
	struct vnode *vp;
	struct vattr va;
	int error;

	*objp = NULL;
	*filep = NULL;
	if ((error = fget(td, fd, &fp)) != 0)
		return (EBADF);
	vp = fp->f_vnode;
	if ((fp->f_flag & FPATH) || vp == NULL ||
	    (fp->f_type != DTYPE_VNODE && fp->f_type != DTYPE_DEV)) {
		error = fp->f_flag & FPATH ? EBADF : ENODEV;
		goto out;
	}
	if ((fp->f_flag & FREAD) == 0) {
		error = EACCES;
		goto out;
	}
	if (shared && (prot & VM_PROT_WRITE) && (fp->f_flag & FWRITE) == 0) {
		error = EACCES;
		goto out;
	}
	*maxprotp = VM_PROT_ALL;
	if (shared && (fp->f_flag & FWRITE) == 0)
		*maxprotp &= ~VM_PROT_WRITE;	/* mprotect cannot add it later */
	if (vp->v_type == VCHR && vp->v_rdev == makedev(1, 5))
		goto out;	/* /dev/zero: anonymous memory */
	if (vp->v_type != VREG) {
		error = ENODEV;
		goto out;
	}
	if ((error = vn_getattr(vp, &va)) == 0 &&
	    (*objp = vm_object_vnode(vp, (uint64_t)va.va_size)) == NULL)
		error = ENOMEM;
	if (*objp != NULL) {
		*filep = fp;		/* our reference, handed on */
		return (0);
	}
out:
	fdrop(fp, td);
	return (error);
}

int
sys_mmap(struct thread *td, struct mmap_args *uap)
{
	struct vmspace *vs = cur_vmspace(td);
	struct vm_map *map = &vs->vm_map;
	struct vm_object *obj = NULL;
	struct file *file = NULL;
	uint64_t addr = uap->addr, len = uap->len, off = uap->pos;
	int flags = uap->flags, type = flags & MAP_TYPE, eflags = 0, error = 0;
	vm_prot_t prot = prot_of(uap->prot), maxprot = VM_PROT_ALL;
	struct file *fp;

	if (off & PAGE_MASK)
		return (EINVAL);
	/* Linux looks the descriptor up before anything else. */
	if (!(flags & MAP_ANONYMOUS)) {
		if (fget(td, uap->fd, &fp) != 0)
			return (EBADF);
		fdrop(fp, td);
	}
	if (len == 0)
		return (EINVAL);
	if (!(flags & MAP_FIXED) && addr != 0 && addr < VM_MIN_ADDRESS)
		addr = VM_MIN_ADDRESS;
	len = round_page(len);
	if (len == 0 || len > TASK_SIZE)
		return (ENOMEM);
	if (flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) {
		if (addr & PAGE_MASK)
			return (EINVAL);
		if (addr > TASK_SIZE - len || addr < VM_MIN_ADDRESS)
			return (addr < VM_MIN_ADDRESS ? EPERM : ENOMEM);
	}
	switch (type) {
	case MAP_SHARED_VALIDATE:
		/* Validation is for files; anonymous memory knows only the two types. */
		if (flags & MAP_ANONYMOUS)
			return (EINVAL);
		if (flags & ~MAP_KNOWN)
			return (EOPNOTSUPP);
		eflags = MAP_ENTRY_SHARED;
		break;
	case MAP_SHARED:
		if (flags & MAP_GROWSDOWN)
			return (EINVAL);
		eflags = MAP_ENTRY_SHARED;
		break;
	case MAP_PRIVATE:
		break;
	default:
		return (EINVAL);
	}
	if (!(flags & MAP_ANONYMOUS)) {
		if (off + len < off)
			return (EOVERFLOW);
		if ((error = mmap_file(td, uap->fd, (eflags & MAP_ENTRY_SHARED) != 0, prot, &obj,
		    &file, &maxprot)) != 0)
			return (error);
	}
	if (obj == NULL && !(flags & MAP_NORESERVE) &&
	    ((prot & VM_PROT_WRITE) || (eflags & MAP_ENTRY_SHARED)) && !overcommit_ok(len))
		return (ENOMEM);
	if (obj == NULL && (eflags & MAP_ENTRY_SHARED)) {
		/* Shared anonymous memory (and /dev/zero shared): an object of its own. */
		if ((obj = vm_object_anon(len / PAGE_SIZE)) == NULL)
			return (ENOMEM);
		off = 0;
	} else if (obj == NULL)
		off = 0;
	sx_xlock(&map->lock);
	if (over_as_limit(td, map, len)) {
		error = ENOMEM;
		goto out;
	}
	if (flags & MAP_FIXED_NOREPLACE) {
		if (!vm_map_range_free(map, addr, addr + len)) {
			error = EEXIST;
			goto out;
		}
	} else if (flags & MAP_FIXED) {
		if ((error = vm_map_delete(map, addr, addr + len)) != 0)
			goto out;
	} else if (flags & MAP_32BIT)
		error = vm_map_findspace(map, addr >= MAP_32BIT_BASE && addr < MAP_32BIT_TOP ?
		    addr : 0, MAP_32BIT_TOP, len, &addr);
	else
		error = vm_map_findspace(map, addr, vs->vm_mmap_base, len, &addr);
	if (error != 0)
		goto out;
	error = vm_map_insert(map, obj, file, off, addr, addr + len, prot, maxprot, eflags);
out:
	sx_xunlock(&map->lock);
	vm_object_deallocate(obj);	/* the map holds its own references */
	if (file != NULL)
		fdrop(file, td);
	if (error != 0)
		return (error);
	if (flags & MAP_POPULATE)
		populate(map, addr, addr + len, prot);
	td->td_retval[0] = addr;
	return (0);
}

int
sys_munmap(struct thread *td, struct munmap_args *uap)
{
	struct vm_map *map = &cur_vmspace(td)->vm_map;
	uint64_t addr = uap->addr, len = round_page(uap->len);
	int error;

	if ((addr & PAGE_MASK) || uap->len == 0)
		return (EINVAL);
	if (len == 0 || len > TASK_SIZE || addr > TASK_SIZE - len)
		return (EINVAL);
	sx_xlock(&map->lock);
	error = vm_map_delete(map, addr, addr + len);
	sx_xunlock(&map->lock);
	return (error);
}

int
sys_mprotect(struct thread *td, struct mprotect_args *uap)
{
	struct vm_map *map = &cur_vmspace(td)->vm_map;
	uint64_t addr = uap->addr, len = round_page(uap->len), end;
	int error;

	if (addr & PAGE_MASK)
		return (EINVAL);
	if (uap->prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC | PROT_SEM | PROT_GROWSDOWN |
	    PROT_GROWSUP))
		return (EINVAL);
	if ((uap->prot & (PROT_GROWSDOWN | PROT_GROWSUP)) == (PROT_GROWSDOWN | PROT_GROWSUP))
		return (EINVAL);
	if (uap->len == 0)
		return (0);
	end = addr + len;
	if (len == 0 || end <= addr)
		return (ENOMEM);
	sx_xlock(&map->lock);
	error = vm_map_protect(map, addr, end, prot_of(uap->prot));
	sx_xunlock(&map->lock);
	return (error);
}

/*
 * brk: the heap ends at addr (below the start: just report).  Returns the
 * break, unchanged when the change is impossible (Linux reports no errno).
 */
int
sys_brk(struct thread *td, struct brk_args *uap)
{
	struct vmspace *vs = cur_vmspace(td);
	struct vm_map *map = &vs->vm_map;
	uint64_t brk = uap->addr, oldend = round_page(vs->vm_brk), newend = round_page(brk);
	uint64_t limit = td->td_proc->p_rlimit[RLIMIT_DATA].rlim_cur;

	if (brk < vs->vm_brk_start || brk >= TASK_SIZE)
		goto out;
	if (limit != RLIM_INFINITY && brk - vs->vm_brk_start > limit)
		goto out;
	sx_xlock(&map->lock);
	if (newend < oldend)
		vm_map_delete(map, newend, oldend);
	else if (newend > oldend) {
		/* Keep a page free above the heap (Linux's guard against the next mapping). */
		if (over_as_limit(td, map, newend - oldend) ||
		    !vm_map_range_free(map, oldend, newend + PAGE_SIZE) ||
		    vm_map_insert(map, NULL, NULL, 0, oldend, newend, VM_PROT_READ | VM_PROT_WRITE,
		    VM_PROT_ALL, MAP_ENTRY_HEAP) != 0) {
			sx_xunlock(&map->lock);
			goto out;
		}
	}
	vs->vm_brk = brk;
	sx_xunlock(&map->lock);
out:
	td->td_retval[0] = vs->vm_brk;
	return (0);
}

int
sys_madvise(struct thread *td, struct madvise_args *uap)
{
	struct vm_map *map = &cur_vmspace(td)->vm_map;
	uint64_t addr = uap->addr, len = round_page(uap->len), end = addr + len;
	int error = 0;

	if (uap->behav < 0 || uap->behav > MADV_LAST_KNOWN)
		return (EINVAL);
	if (addr & PAGE_MASK)
		return (EINVAL);
	if (uap->len == 0)
		return (0);
	if (len == 0 || end < addr)
		return (EINVAL);
	if (uap->behav != MADV_DONTNEED && uap->behav != MADV_FREE) {
		sx_slock(&map->lock);
		error = vm_map_covered(map, addr, end) ? 0 : ENOMEM;
		sx_sunlock(&map->lock);
		return (error);
	}
	sx_xlock(&map->lock);
	error = vm_map_dontneed(map, addr, end);
	sx_xunlock(&map->lock);
	return (error);
}

/* Moves [old, old+olen) to new (already free, newlen bytes): same backing, same pages. */
static int
mremap_move(struct vm_map *map, struct vm_map_entry *e, uint64_t old, uint64_t olen,
    uint64_t new, uint64_t newlen, int dontunmap)
{
	struct vm_object *obj = e->object;
	uint64_t off = e->offset + (old - e->start);
	vm_prot_t prot = e->prot, maxprot = e->maxprot;
	int eflags = e->eflags, error;

	if ((error = vm_map_insert(map, obj, e->file, off, new, new + newlen, prot, maxprot,
	    eflags)) != 0)
		return (error);
	if ((error = pmap_move(map->pmap, old, new, olen < newlen ? olen : newlen)) != 0) {
		vm_map_delete(map, new, new + newlen);
		return (error);
	}
	if (dontunmap)
		pmap_remove(map->pmap, old, old + olen);
	else
		vm_map_delete(map, old, old + olen);
	return (0);
}

int
sys_mremap(struct thread *td, struct mremap_args *uap)
{
	struct vmspace *vs = cur_vmspace(td);
	struct vm_map *map = &vs->vm_map;
	struct vm_map_entry *e;
	uint64_t old = uap->addr, olen = round_page(uap->old_len), nlen = round_page(uap->new_len);
	uint64_t new = uap->new_addr;
	int flags = uap->flags, error = 0;

	if (flags & ~(MREMAP_MAYMOVE | MREMAP_FIXED | MREMAP_DONTUNMAP))
		return (EINVAL);
	if ((flags & MREMAP_FIXED) && !(flags & MREMAP_MAYMOVE))
		return (EINVAL);
	if ((flags & MREMAP_DONTUNMAP) && (!(flags & MREMAP_MAYMOVE) || olen != nlen))
		return (EINVAL);
	if (old & PAGE_MASK)
		return (EINVAL);
	if (nlen == 0)
		return (EINVAL);
	if (olen > TASK_SIZE || nlen > TASK_SIZE || old > TASK_SIZE - olen)
		return (EINVAL);
	if (flags & MREMAP_FIXED) {
		if ((new & PAGE_MASK) || new > TASK_SIZE - nlen || new < VM_MIN_ADDRESS)
			return (EINVAL);
		if (new < old + olen && old < new + nlen)
			return (EINVAL);	/* overlapping */
	}
	sx_xlock(&map->lock);
	if (nlen > olen && over_as_limit(td, map, nlen - olen)) {
		error = ENOMEM;
		goto out;
	}
	/*
	 * Linux's order: a mapping must hold old (EFAULT); old_len 0 then is
	 * EINVAL (Linux duplicates a shared mapping that way: not supported);
	 * shrinking in place just unmaps the tail, whatever mappings the old
	 * range spans; anything else works on one mapping only (EFAULT).
	 */
	e = vm_map_lookup_entry(map, old);
	if (e == NULL) {
		error = EFAULT;
		goto out;
	}
	if (olen == 0) {
		error = EINVAL;
		goto out;
	}
	if (nlen <= olen && !(flags & (MREMAP_FIXED | MREMAP_DONTUNMAP))) {
		error = vm_map_delete(map, old + nlen, old + olen);
		new = old;
		goto done;
	}
	if (old + olen > e->end) {
		error = EFAULT;		/* not one mapping */
		goto out;
	}
	if (flags & MREMAP_FIXED) {
		if ((error = vm_map_delete(map, new, new + nlen)) == 0)
			error = mremap_move(map, e, old, olen, new, nlen,
			    (flags & MREMAP_DONTUNMAP) != 0);
		goto done;
	}
	/* Grow in place when the range after the mapping is free and it ends there. */
	if (old + olen == e->end && vm_map_range_free(map, old + olen, old + nlen) &&
	    !(flags & MREMAP_DONTUNMAP)) {
		/* (Beyond a shared object's size a touch gives SIGBUS, as on Linux.) */
		map->size += old + nlen - e->end;
		e->end = old + nlen;
		new = old;
		goto done;
	}
	if (!(flags & MREMAP_MAYMOVE)) {
		error = ENOMEM;
		goto out;
	}
	if ((error = vm_map_findspace(map, 0, vs->vm_mmap_base, nlen, &new)) == 0)
		error = mremap_move(map, e, old, olen, new, nlen, (flags & MREMAP_DONTUNMAP) != 0);
done:
	if (error == 0)
		td->td_retval[0] = new;
out:
	sx_xunlock(&map->lock);
	return (error);
}

int
sys_msync(struct thread *td, struct msync_args *uap)
{
	struct vm_map *map = &cur_vmspace(td)->vm_map;
	uint64_t addr = uap->addr, len = round_page(uap->len);
	int error;

	if (uap->flags & ~(MS_ASYNC | MS_INVALIDATE | MS_SYNC))
		return (EINVAL);
	if ((uap->flags & (MS_ASYNC | MS_SYNC)) == (MS_ASYNC | MS_SYNC))
		return (EINVAL);
	if (addr & PAGE_MASK)
		return (EINVAL);
	if (len == 0)
		return (0);
	if (addr + len < addr)
		return (ENOMEM);
	/* Nothing is written back: tmpfs files are the memory itself. */
	sx_slock(&map->lock);
	error = vm_map_covered(map, addr, addr + len) ? 0 : ENOMEM;
	sx_sunlock(&map->lock);
	return (error);
}

int
sys_mincore(struct thread *td, struct mincore_args *uap)
{
	struct vm_map *map = &cur_vmspace(td)->vm_map;
	uint64_t addr = uap->addr, len = round_page(uap->len), done, n;
	uint8_t vec[256];
	int error = 0;

	if (addr & PAGE_MASK)
		return (EINVAL);
	if (len == 0)
		return (0);
	if (len > TASK_SIZE || addr > TASK_SIZE - len)
		return (ENOMEM);
	for (done = 0; done < len / PAGE_SIZE && error == 0; done += n) {
		n = len / PAGE_SIZE - done < sizeof(vec) ? len / PAGE_SIZE - done : sizeof(vec);
		sx_slock(&map->lock);
		if (!vm_map_covered(map, addr + done * PAGE_SIZE, addr + (done + n) * PAGE_SIZE))
			error = ENOMEM;
		else
			pmap_mincore(map->pmap, addr + done * PAGE_SIZE,
			    addr + (done + n) * PAGE_SIZE, vec);
		sx_sunlock(&map->lock);
		if (error == 0)
			error = copyout(vec, uap->vec + done, n);
	}
	return (error);
}
