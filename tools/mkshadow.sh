#!/bin/sh
# mkshadow.sh PASSWD PASSWORDS: /etc/shadow on stdout for every user of
# PASSWD, with a SHA-512 crypt hash ($6$, random salt) of the password that
# PASSWORDS (user:password lines, # comments) gives it, else '*' (locked).
# The image is a test image: its passwords are public (README), the hashes
# are made at build time so that none is committed.
set -eu
passwd=$1 passwords=$2
lastchg=20000	# days since 1970 of the last change: fixed (the salts are not)
while IFS=: read -r name _; do
	[ -n "$name" ] || continue
	pw=$(sed -n "s/^$name://p" "$passwords" | head -n 1)
	if [ -n "$pw" ]; then
		hash=$(printf '%s\n' "$pw" | openssl passwd -6 -stdin)
	else
		hash='*'
	fi
	echo "$name:$hash:$lastchg:0:99999:7:::"
done < "$passwd"
