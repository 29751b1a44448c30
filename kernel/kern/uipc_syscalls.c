/*
 * The socket system calls (FreeBSD's uipc_syscalls.c) with Linux's
 * numbers, layouts and argument checks in Linux's order (net/socket.c):
 * socket, socketpair, bind, connect, listen, accept, accept4, sendto,
 * recvfrom, sendmsg, recvmsg, sendmmsg, recvmmsg, getsockname,
 * getpeername, setsockopt, getsockopt, shutdown.  They copy user memory in
 * and out (a bad pointer is EFAULT) and call the generic layer
 * (uipc_socket.c), which calls the protocol.
 */
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/fcntl.h>
#include <sys/file.h>
#include <sys/filedesc.h>
#include <sys/kernel.h>
#include <sys/linux_file.h>
#include <sys/malloc.h>
#include <sys/proc.h>
#include <sys/protosw.h>
#include <sys/socket.h>
#include <sys/socketvar.h>
#include <sys/sysproto.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <machine/vmparam.h>

#define SOCK_CTLMAX	20480	/* Linux's net.core.optmem_max: more control is ENOBUFS */
#define MAX_RW_COUNT	0x7ffff000

/* Linux's access_ok(): the range lies in user space (mapped or not). */
static int
user_range(const void *buf, size_t len)
{
	uint64_t base = (uint64_t)(uintptr_t)buf;

	return (base <= VM_MAXUSER_ADDRESS && len <= VM_MAXUSER_ADDRESS - base);
}

/* --- addresses -------------------------------------------------------------------- */

/* Linux's move_addr_to_kernel: EINVAL outside 0..sizeof(sockaddr_storage), EFAULT. */
static int
getsockaddr(const void *uaddr, int len, struct sockaddr_storage *ss)
{
	memset(ss, 0, sizeof(*ss));
	if (len < 0 || (size_t)len > sizeof(*ss))
		return (EINVAL);
	if (len == 0)
		return (0);
	return (copyin(uaddr, ss, (size_t)len));
}

/*
 * Linux's move_addr_to_user: the user's length in, at most that much of
 * the address out, the address's real length back.
 */
static int
putsockaddr(const struct sockaddr_storage *ss, socklen_t klen, void *uaddr, int *ulenp)
{
	int len, error;

	if ((error = copyin(ulenp, &len, sizeof(len))) != 0)
		return (error);
	if ((socklen_t)len > klen && len >= 0)
		len = (int)klen;
	if (len < 0)
		return (EINVAL);
	if (len > 0 && (error = copyout(ss, uaddr, (size_t)len)) != 0)
		return (error);
	len = (int)klen;
	return (copyout(&len, ulenp, sizeof(len)));
}

/* --- socket, socketpair ------------------------------------------------------------ */

/* socket(2)'s type: the SOCK_* type and the SOCK_NONBLOCK|SOCK_CLOEXEC flags apart. */
static int
sock_typeflags(int type, int *flagsp)
{
	*flagsp = type & ~SOCK_TYPE_MASK;
	if (*flagsp & ~(SOCK_CLOEXEC | SOCK_NONBLOCK))
		return (EINVAL);
	return (0);
}

int
sys_socket(struct thread *td, struct socket_args *uap)
{
	struct socket *so;
	int flags, fd, error;

	if ((error = sock_typeflags(uap->type, &flags)) != 0)
		return (error);
	if ((error = socreate(uap->domain, uap->type & SOCK_TYPE_MASK, uap->protocol, td,
	    &so)) != 0)
		return (error);
	if ((error = sofinstall(td, so, flags, &fd)) != 0)
		return (error);
	td->td_retval[0] = (uint64_t)fd;
	return (0);
}

int
sys_socketpair(struct thread *td, struct socketpair_args *uap)
{
	struct socket *so1, *so2;
	int flags, fds[2], error;

	if ((error = sock_typeflags(uap->type, &flags)) != 0)
		return (error);
	if ((error = socreate(uap->domain, uap->type & SOCK_TYPE_MASK, uap->protocol, td,
	    &so1)) != 0)
		return (error);
	if ((error = socreate(uap->domain, uap->type & SOCK_TYPE_MASK, uap->protocol, td,
	    &so2)) != 0) {
		soclose(so1);
		return (error);
	}
	error = so1->so_proto->pr_usrreqs->pru_connect2 == NULL ? EOPNOTSUPP :
	    so1->so_proto->pr_usrreqs->pru_connect2(so1, so2);
	if (error != 0) {
		soclose(so1);
		soclose(so2);
		return (error);
	}
	if ((error = sofinstall(td, so1, flags, &fds[0])) != 0) {
		soclose(so2);
		return (error);
	}
	if ((error = sofinstall(td, so2, flags, &fds[1])) != 0) {
		kern_close(td, fds[0]);
		return (error);
	}
	if ((error = copyout(fds, uap->rsv, sizeof(fds))) != 0) {
		kern_close(td, fds[0]);
		kern_close(td, fds[1]);
	}
	return (error);
}

/* --- bind, connect, listen, accept ----------------------------------------------------- */

int
sys_bind(struct thread *td, struct bind_args *uap)
{
	struct sockaddr_storage ss;
	struct socket *so;
	struct file *fp;
	int error;

	if ((error = getsock(td, uap->s, &fp, &so)) != 0)
		return (error);
	if ((error = getsockaddr(uap->name, uap->namelen, &ss)) == 0)
		error = so->so_proto->pr_usrreqs->pru_bind == NULL ? EOPNOTSUPP :
		    so->so_proto->pr_usrreqs->pru_bind(so, (struct sockaddr *)&ss,
		    (socklen_t)uap->namelen, td);
	fdrop(fp, td);
	return (error);
}

int
sys_connect(struct thread *td, struct connect_args *uap)
{
	struct sockaddr_storage ss;
	struct socket *so;
	struct file *fp;
	int error;

	/* Linux: a bad descriptor, then the address, then "not a socket". */
	if ((error = fget(td, uap->s, &fp)) != 0)
		return (error);
	if ((error = getsockaddr(uap->name, uap->namelen, &ss)) != 0)
		goto out;
	if (fp->f_type != DTYPE_SOCKET) {
		error = ENOTSOCK;
		goto out;
	}
	so = fp->f_data;
	mtx_lock(&so->so_mtx);
	so->so_state = (so->so_state & ~SS_NBIO) | ((fp->f_flag & FNONBLOCK) ? SS_NBIO : 0);
	mtx_unlock(&so->so_mtx);
	error = so->so_proto->pr_usrreqs->pru_connect == NULL ? EOPNOTSUPP :
	    so->so_proto->pr_usrreqs->pru_connect(so, (struct sockaddr *)&ss,
	    (socklen_t)uap->namelen, td);
out:
	fdrop(fp, td);
	return (error);
}

int
sys_listen(struct thread *td, struct listen_args *uap)
{
	struct socket *so;
	struct file *fp;
	int backlog = uap->backlog, error;

	if ((error = getsock(td, uap->s, &fp, &so)) != 0)
		return (error);
	if ((unsigned)backlog > SOMAXCONN)
		backlog = SOMAXCONN;
	if (so->so_proto->pr_usrreqs->pru_listen == NULL)
		error = EOPNOTSUPP;
	else if ((error = so->so_proto->pr_usrreqs->pru_listen(so, backlog, td)) == 0) {
		mtx_lock(&so->so_mtx);
		so->so_options |= SOF_ACCEPTCONN;
		so->so_qlimit = backlog;
		mtx_unlock(&so->so_mtx);
		sorwakeup(so);
	}
	fdrop(fp, td);
	return (error);
}

/* The next connection on head's queue (SOF_ACCEPTCONN), waiting unless nonblock. */
static int
soaccept_wait(struct socket *head, int nonblock, struct socket **sop)
{
	uint64_t deadline = sbdeadline(&head->so_rcv);
	struct socket *so;
	int error = 0;

	mtx_lock(&head->so_mtx);
	for (;;) {
		if (!(head->so_options & SOF_ACCEPTCONN)) {
			error = EINVAL;
			break;
		}
		if ((so = TAILQ_FIRST(&head->so_comp)) != NULL) {
			TAILQ_REMOVE(&head->so_comp, so, so_list);
			head->so_qlen--;
			so->so_head = NULL;
			*sop = so;
			break;
		}
		if (nonblock) {
			error = EAGAIN;
			break;
		}
		if ((error = sosleep(head, &head->so_mtx, &head->so_comp, "accept", deadline)) != 0)
			break;
	}
	mtx_unlock(&head->so_mtx);
	if (error == 0) {
		sowwakeup(head);	/* room on the queue for a waiting connect */
		mtx_lock(&so->so_mtx);
		so->so_state &= ~SS_ISCONFIRMING;
		mtx_unlock(&so->so_mtx);
	}
	return (error);
}

static int
kern_accept4(struct thread *td, int s, struct sockaddr *uname, int *unamelen, int flags)
{
	struct sockaddr_storage ss;
	struct socket *head, *so;
	struct file *fp;
	socklen_t len = 0;
	int fd, error;

	if (flags & ~(SOCK_CLOEXEC | SOCK_NONBLOCK))
		return (EINVAL);
	if ((error = getsock(td, s, &fp, &head)) != 0)
		return (error);
	if (head->so_proto->pr_usrreqs->pru_accept == NULL ||
	    !(head->so_proto->pr_flags & PR_CONNREQUIRED)) {
		fdrop(fp, td);
		return (EOPNOTSUPP);
	}
	error = soaccept_wait(head, (fp->f_flag & FNONBLOCK) != 0, &so);
	fdrop(fp, td);
	if (error != 0)
		return (error);
	memset(&ss, 0, sizeof(ss));
	/* head may be gone already (its descriptor was let go): ask so's protocol. */
	error = so->so_proto->pr_usrreqs->pru_accept(so, (struct sockaddr *)&ss, &len);
	/* Linux: an address that cannot be written loses the connection. */
	if (error == 0 && uname != NULL)
		error = putsockaddr(&ss, len, uname, unamelen);
	if (error != 0) {
		soclose(so);
		return (error);
	}
	if ((error = sofinstall(td, so, flags, &fd)) != 0)
		return (error);
	td->td_retval[0] = (uint64_t)fd;
	return (0);
}

int
sys_accept(struct thread *td, struct accept_args *uap)
{
	return (kern_accept4(td, uap->s, uap->name, uap->anamelen, 0));
}

int
sys_accept4(struct thread *td, struct accept4_args *uap)
{
	return (kern_accept4(td, uap->s, uap->name, uap->anamelen, uap->flags));
}

/* --- names ------------------------------------------------------------------------- */

static int
kern_getname(struct thread *td, int s, struct sockaddr *uaddr, int *ulen, int peer)
{
	struct sockaddr_storage ss;
	struct socket *so;
	struct file *fp;
	socklen_t len = sizeof(sa_family_t);
	int error;

	if ((error = getsock(td, s, &fp, &so)) != 0)
		return (error);
	memset(&ss, 0, sizeof(ss));
	ss.ss_family = (sa_family_t)so->so_family;
	if (peer)
		error = so->so_proto->pr_usrreqs->pru_peeraddr == NULL ? ENOTCONN :
		    so->so_proto->pr_usrreqs->pru_peeraddr(so, (struct sockaddr *)&ss, &len);
	else if (so->so_proto->pr_usrreqs->pru_sockaddr != NULL)
		error = so->so_proto->pr_usrreqs->pru_sockaddr(so, (struct sockaddr *)&ss, &len);
	fdrop(fp, td);
	if (error == 0)
		error = putsockaddr(&ss, len, uaddr, ulen);
	return (error);
}

int
sys_getsockname(struct thread *td, struct getsockname_args *uap)
{
	return (kern_getname(td, uap->fdes, uap->asa, uap->alen, 0));
}

int
sys_getpeername(struct thread *td, struct getpeername_args *uap)
{
	return (kern_getname(td, uap->fdes, uap->asa, uap->alen, 1));
}

/* --- options, shutdown ------------------------------------------------------------- */

int
sys_setsockopt(struct thread *td, struct setsockopt_args *uap)
{
	struct sockopt sopt;
	struct socket *so;
	struct file *fp;
	int error;

	if ((error = getsock(td, uap->s, &fp, &so)) != 0)
		return (error);
	if (uap->valsize < 0)
		error = EINVAL;
	else {
		sopt.sopt_dir = SOPT_SET;
		sopt.sopt_level = uap->level;
		sopt.sopt_name = uap->name;
		sopt.sopt_val = (void *)(uintptr_t)uap->val;
		sopt.sopt_valsize = (socklen_t)uap->valsize;
		sopt.sopt_td = td;
		error = sosetopt(so, &sopt);
	}
	fdrop(fp, td);
	return (error);
}

int
sys_getsockopt(struct thread *td, struct getsockopt_args *uap)
{
	struct sockopt sopt;
	struct socket *so;
	struct file *fp;
	int len, error;

	if ((error = getsock(td, uap->s, &fp, &so)) != 0)
		return (error);
	if (uap->level != SOL_SOCKET && so->so_proto->pr_usrreqs->pru_ctloutput == NULL) {
		error = EOPNOTSUPP;
		goto out;
	}
	if ((error = copyin(uap->avalsize, &len, sizeof(len))) != 0)
		goto out;
	if (len < 0) {
		error = EINVAL;
		goto out;
	}
	sopt.sopt_dir = SOPT_GET;
	sopt.sopt_level = uap->level;
	sopt.sopt_name = uap->name;
	sopt.sopt_val = uap->val;
	sopt.sopt_valsize = (socklen_t)len;
	sopt.sopt_td = td;
	if ((error = sogetopt(so, &sopt)) == 0) {
		len = (int)sopt.sopt_valsize;
		error = copyout(&len, uap->avalsize, sizeof(len));
	}
out:
	fdrop(fp, td);
	return (error);
}

int
sys_shutdown(struct thread *td, struct shutdown_args *uap)
{
	struct socket *so;
	struct file *fp;
	int error;

	if ((error = getsock(td, uap->s, &fp, &so)) != 0)
		return (error);
	if (uap->how < SHUT_RD || uap->how > SHUT_RDWR)
		error = EINVAL;
	else if (so->so_proto->pr_usrreqs->pru_shutdown == NULL)
		error = EOPNOTSUPP;
	else {
		if (uap->how != SHUT_WR)
			socantrcvmore(so);
		if (uap->how != SHUT_RD)
			socantsendmore(so);
		error = so->so_proto->pr_usrreqs->pru_shutdown(so, uap->how);
	}
	fdrop(fp, td);
	return (error);
}

/* --- sending ----------------------------------------------------------------------- */

/*
 * The user's control messages copied in and checked as Linux's __scm_send
 * walks them: each header whole and its cmsg_len within what is left
 * (EINVAL); more than optmem_max is ENOBUFS.
 */
static int
getsockctl(uint64_t uctl, uint64_t len, void **ctlp)
{
	struct l_cmsghdr *cm;
	size_t off;
	void *ctl;
	int error;

	*ctlp = NULL;
	if (len == 0)
		return (0);
	if (len > INT32_MAX)
		return (ENOBUFS);
	if (len > SOCK_CTLMAX)
		return (ENOBUFS);
	ctl = malloc(len, M_SOCKET, M_WAITOK);
	if ((error = copyin((void *)(uintptr_t)uctl, ctl, len)) != 0) {
		free(ctl, M_SOCKET);
		return (error);
	}
	for (off = 0; off + sizeof(*cm) <= len; off += L_CMSG_ALIGN(cm->cmsg_len)) {
		cm = (struct l_cmsghdr *)((char *)ctl + off);
		if (cm->cmsg_len < sizeof(*cm) || cm->cmsg_len > len - off) {
			free(ctl, M_SOCKET);
			return (EINVAL);
		}
	}
	*ctlp = ctl;
	return (0);
}

/* One sendmsg from a msghdr already copied in (sendmsg, sendmmsg). */
static int
kern_sendmsg(struct thread *td, struct file *fp, struct l_msghdr *mh, int flags, ssize_t *retp)
{
	struct socket *so = fp->f_data;
	struct sockaddr_storage ss;
	struct sockmsg m;
	struct uio *uio;
	int namelen = mh->msg_namelen, error;

	memset(&m, 0, sizeof(m));
	if (mh->msg_name != 0) {
		if (namelen < 0)
			return (EINVAL);
		if ((size_t)namelen > sizeof(ss))
			namelen = sizeof(ss);
		if ((error = getsockaddr((void *)(uintptr_t)mh->msg_name, namelen, &ss)) != 0)
			return (error);
		if (namelen > 0) {
			m.sm_addr = (struct sockaddr *)&ss;
			m.sm_addrlen = (socklen_t)namelen;
		}
	}
	if (mh->msg_iovlen > UIO_MAXIOV)
		return (EMSGSIZE);
	if ((error = copyinuio((struct l_iovec *)(uintptr_t)mh->msg_iov, (int)mh->msg_iovlen,
	    UIO_WRITE, &uio)) != 0)
		return (error);
	uio->uio_td = td;
	if ((error = getsockctl(mh->msg_control, mh->msg_controllen, &m.sm_ctl)) != 0) {
		free(uio, M_IOV);
		return (error);
	}
	m.sm_ctllen = m.sm_ctl != NULL ? mh->msg_controllen : 0;
	m.sm_uio = uio;
	m.sm_flags = flags;
	m.sm_nonblock = (flags & MSG_DONTWAIT) || (fp->f_flag & FNONBLOCK);
	error = sosend(so, &m, td, retp);
	if (m.sm_ctl != NULL)
		free(m.sm_ctl, M_SOCKET);
	free(uio, M_IOV);
	return (error);
}

int
sys_sendto(struct thread *td, struct sendto_args *uap)
{
	struct sockaddr_storage ss;
	struct iovec iov;
	struct uio uio;
	struct sockmsg m;
	struct socket *so;
	struct file *fp;
	ssize_t sent;
	size_t len = uap->len > MAX_RW_COUNT ? MAX_RW_COUNT : uap->len;
	int error;

	/* Linux checks the buffer's range before the descriptor (import_ubuf). */
	if (!user_range(uap->buf, len))
		return (EFAULT);
	if ((error = getsock(td, uap->s, &fp, &so)) != 0)
		return (error);
	memset(&m, 0, sizeof(m));
	if (uap->to != NULL) {
		if ((error = getsockaddr(uap->to, uap->tolen, &ss)) != 0)
			goto out;
		if (uap->tolen > 0) {
			m.sm_addr = (struct sockaddr *)&ss;
			m.sm_addrlen = (socklen_t)uap->tolen;
		}
	}
	iov.iov_base = (void *)(uintptr_t)uap->buf;
	iov.iov_len = len;
	uio.uio_iov = &iov;
	uio.uio_iovcnt = 1;
	uio.uio_offset = 0;
	uio.uio_resid = (ssize_t)len;
	uio.uio_segflg = UIO_USERSPACE;
	uio.uio_rw = UIO_WRITE;
	uio.uio_td = td;
	m.sm_uio = &uio;
	m.sm_flags = (int)uap->flags;
	m.sm_nonblock = (uap->flags & MSG_DONTWAIT) || (fp->f_flag & FNONBLOCK);
	if ((error = sosend(so, &m, td, &sent)) == 0)
		td->td_retval[0] = (uint64_t)sent;
out:
	fdrop(fp, td);
	return (error);
}

int
sys_sendmsg(struct thread *td, struct sendmsg_args *uap)
{
	struct l_msghdr mh;
	struct socket *so;
	struct file *fp;
	ssize_t sent;
	int error;

	if ((error = getsock(td, uap->s, &fp, &so)) != 0)
		return (error);
	if ((error = copyin(uap->msg, &mh, sizeof(mh))) == 0 &&
	    (error = kern_sendmsg(td, fp, &mh, (int)uap->flags, &sent)) == 0)
		td->td_retval[0] = (uint64_t)sent;
	fdrop(fp, td);
	return (error);
}

int
sys_sendmmsg(struct thread *td, struct sendmmsg_args *uap)
{
	struct l_mmsghdr mm;
	struct socket *so;
	struct file *fp;
	unsigned vlen = uap->vlen > UIO_MAXIOV ? UIO_MAXIOV : uap->vlen, i;
	uint32_t len;
	ssize_t sent;
	int error;

	if ((error = getsock(td, uap->s, &fp, &so)) != 0)
		return (error);
	for (i = 0; i < vlen; i++) {
		if ((error = copyin(&uap->msg[i], &mm, sizeof(mm))) != 0)
			break;
		if ((error = kern_sendmsg(td, fp, &mm.msg_hdr, (int)uap->flags, &sent)) != 0)
			break;
		len = (uint32_t)sent;
		if ((error = copyout(&len, &uap->msg[i].msg_len, sizeof(len))) != 0)
			break;
	}
	fdrop(fp, td);
	/* Linux: the datagrams sent, or the first one's error. */
	if (i > 0) {
		td->td_retval[0] = i;
		return (0);
	}
	return (error);
}

/* --- receiving --------------------------------------------------------------------- */

/* One recvmsg into a msghdr already copied in; its outputs are written back to umh. */
static int
kern_recvmsg(struct thread *td, struct file *fp, struct l_msghdr *mh, struct l_msghdr *umh,
    int flags, ssize_t *retp)
{
	struct socket *so = fp->f_data;
	struct sorecv sr;
	struct uio *uio;
	uint64_t ctllen;
	int32_t oflags;
	int error;

	if (mh->msg_name != 0 && mh->msg_namelen < 0)
		return (EINVAL);
	if (mh->msg_iovlen > UIO_MAXIOV)
		return (EMSGSIZE);
	if ((error = copyinuio((struct l_iovec *)(uintptr_t)mh->msg_iov, (int)mh->msg_iovlen,
	    UIO_READ, &uio)) != 0)
		return (error);
	uio->uio_td = td;
	memset(&sr, 0, sizeof(sr));
	sr.sr_uio = uio;
	sr.sr_flags = flags;
	sr.sr_nonblock = (fp->f_flag & FNONBLOCK) != 0;
	sr.sr_ctlroom = mh->msg_control != 0 ? mh->msg_controllen : 0;
	if ((error = soreceive(so, &sr, td)) != 0)
		goto out;
	*retp = sr.sr_ret;
	if (mh->msg_name != 0 &&
	    (error = putsockaddr(&sr.sr_from, sr.sr_fromlen, (void *)(uintptr_t)mh->msg_name,
	    &umh->msg_namelen)) != 0)
		goto out;
	ctllen = 0;
	if (sr.sr_ctllen > 0 &&
	    (error = copyout(sr.sr_ctl, (void *)(uintptr_t)mh->msg_control, sr.sr_ctllen)) != 0)
		goto out;
	ctllen = sr.sr_ctllen;
	/* Linux hands MSG_CMSG_CLOEXEC back in msg_flags as it was given. */
	oflags = sr.sr_flags | (flags & MSG_CMSG_CLOEXEC);
	if ((error = copyout(&oflags, &umh->msg_flags, sizeof(oflags))) != 0)
		goto out;
	error = copyout(&ctllen, &umh->msg_controllen, sizeof(ctllen));
out:
	if (sr.sr_ctl != NULL)
		free(sr.sr_ctl, M_SOCKET);
	free(uio, M_IOV);
	return (error);
}

int
sys_recvfrom(struct thread *td, struct recvfrom_args *uap)
{
	struct iovec iov;
	struct uio uio;
	struct sorecv sr;
	struct socket *so;
	struct file *fp;
	size_t len = uap->len > MAX_RW_COUNT ? MAX_RW_COUNT : uap->len;
	int error;

	if (!user_range(uap->buf, len))
		return (EFAULT);
	if ((error = getsock(td, uap->s, &fp, &so)) != 0)
		return (error);
	iov.iov_base = uap->buf;
	iov.iov_len = len;
	uio.uio_iov = &iov;
	uio.uio_iovcnt = 1;
	uio.uio_offset = 0;
	uio.uio_resid = (ssize_t)len;
	uio.uio_segflg = UIO_USERSPACE;
	uio.uio_rw = UIO_READ;
	uio.uio_td = td;
	memset(&sr, 0, sizeof(sr));
	sr.sr_uio = &uio;
	sr.sr_flags = (int)uap->flags;
	sr.sr_nonblock = (fp->f_flag & FNONBLOCK) != 0;
	if ((error = soreceive(so, &sr, td)) == 0) {
		td->td_retval[0] = (uint64_t)sr.sr_ret;
		if (uap->from != NULL)
			error = putsockaddr(&sr.sr_from, sr.sr_fromlen, uap->from, uap->fromlenaddr);
	}
	if (sr.sr_ctl != NULL)
		free(sr.sr_ctl, M_SOCKET);
	fdrop(fp, td);
	return (error);
}

int
sys_recvmsg(struct thread *td, struct recvmsg_args *uap)
{
	struct l_msghdr mh;
	struct socket *so;
	struct file *fp;
	ssize_t got;
	int error;

	if ((error = getsock(td, uap->s, &fp, &so)) != 0)
		return (error);
	if ((error = copyin(uap->msg, &mh, sizeof(mh))) == 0 &&
	    (error = kern_recvmsg(td, fp, &mh, uap->msg, (int)uap->flags, &got)) == 0)
		td->td_retval[0] = (uint64_t)got;
	fdrop(fp, td);
	return (error);
}

int
sys_recvmmsg(struct thread *td, struct recvmmsg_args *uap)
{
	struct l_timespec ts;
	struct l_mmsghdr mm;
	struct socket *so;
	struct file *fp;
	unsigned vlen = uap->vlen > UIO_MAXIOV ? UIO_MAXIOV : uap->vlen, i;
	uint64_t deadline = 0;
	int flags = (int)uap->flags, error;
	uint32_t len;
	ssize_t got;

	if (uap->timeout != NULL) {
		if ((error = copyin(uap->timeout, &ts, sizeof(ts))) != 0)
			return (error);
		if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= 1000000000)
			return (EINVAL);
		deadline = ticks + (uint64_t)ts.tv_sec * (uint64_t)hz +
		    ((uint64_t)ts.tv_nsec * (uint64_t)hz + 999999999) / 1000000000;
	}
	if ((error = getsock(td, uap->s, &fp, &so)) != 0)
		return (error);
	for (i = 0; i < vlen; i++) {
		if ((error = copyin(&uap->msg[i], &mm, sizeof(mm))) != 0)
			break;
		if ((error = kern_recvmsg(td, fp, &mm.msg_hdr, &uap->msg[i].msg_hdr, flags,
		    &got)) != 0)
			break;
		len = (uint32_t)got;
		if ((error = copyout(&len, &uap->msg[i].msg_len, sizeof(len))) != 0)
			break;
		/* After the first, MSG_WAITFORONE takes only what is there. */
		if (flags & MSG_WAITFORONE)
			flags |= MSG_DONTWAIT;
		/* Linux checks the timeout only between datagrams. */
		if (deadline != 0 && ticks >= deadline) {
			i++;
			break;
		}
	}
	fdrop(fp, td);
	if (i > 0) {
		td->td_retval[0] = i;
		return (0);
	}
	return (error);
}
