# /etc/programs.sh: sourced by /etc/profile and /etc/rc.  Sanpo's own
# programs (real files in the bin directories: ifconfig, route, arp...)
# before busybox's applets of the same name: Debian's busybox is built
# as a "standalone shell", whose ash runs its own applet for a name it
# knows whatever PATH holds, so each such program is named by an alias.
# busybox's applet stays reachable as `busybox ifconfig`.  Set-user-ID
# files are left alone: /bin/su is a copy of busybox itself.
for _p in /sbin/* /usr/sbin/* /bin/* /usr/bin/*; do
	[ -f "$_p" ] && [ ! -L "$_p" ] && [ ! -u "$_p" ] && \
		[ "$_p" != /bin/busybox ] && alias "${_p##*/}=$_p"
done
unset _p
