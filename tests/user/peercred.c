/*
 * SO_PEERCRED and SCM_CREDENTIALS as the reader's user namespace sees them
 * (tests/boot/test_sock_conformance.py runs it as root, as alice, and as
 * alice in `unshare -U` with and without a mapping): one line,
 * "peercred uid=U gid=G scm uid=U gid=G pid=self|other".
 */
#define _GNU_SOURCE
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "say.h"

int
main(void)
{
	char cbuf[CMSG_SPACE(sizeof(struct ucred))], c;
	struct iovec iov = { &c, 1 };
	struct ucred pc, sc;
	struct msghdr mh;
	struct cmsghdr *cm;
	socklen_t len = sizeof(pc);
	int sv[2], on = 1;

	memset(&sc, 0xff, sizeof(sc));
	if (socketpair(AF_UNIX, SOCK_DGRAM, 0, sv) < 0 ||
	    getsockopt(sv[0], SOL_SOCKET, SO_PEERCRED, &pc, &len) < 0 ||
	    setsockopt(sv[1], SOL_SOCKET, SO_PASSCRED, &on, sizeof(on)) < 0 ||
	    send(sv[0], "x", 1, 0) != 1) {
		say("peercred: failed");
		return (1);
	}
	memset(&mh, 0, sizeof(mh));
	mh.msg_iov = &iov;
	mh.msg_iovlen = 1;
	mh.msg_control = cbuf;
	mh.msg_controllen = sizeof(cbuf);
	if (recvmsg(sv[1], &mh, 0) == 1 && (cm = CMSG_FIRSTHDR(&mh)) != NULL &&
	    cm->cmsg_type == SCM_CREDENTIALS)
		memcpy(&sc, CMSG_DATA(cm), sizeof(sc));
	say("peercred uid=%u gid=%u scm uid=%u gid=%u pid=%s", pc.uid, pc.gid, sc.uid, sc.gid,
	    sc.pid == getpid() && pc.pid == getpid() ? "self" : "other");
	return (0);
}
