#!/bin/sh
# Installs what Sanpo needs to build and test, from Debian's packages by
# name, and fetches the Lua 5.4 source from Debian's lua5.4 source package
# into a cache outside the source tree (checksum-pinned).
#
# Idempotent and quiet when everything is present: `make deps`, and `make
# run` / `make test` call it first.  Needs root (or sudo) only when something
# is missing.
set -eu

# One list of Debian package names, by purpose.
PKGS_BUILD="gcc libc6-dev make binutils gnu-efi"
PKGS_IMAGE="gdisk mtools dosfstools"
PKGS_RUN="qemu-system-x86 ovmf"
PKGS_TEST="python3 python3-pytest python3-pexpect python3-pytest-xdist rng-tools5 lua5.4 python3-pyte"
PKGS_CRYPTO="python3-cryptography-vectors python3-cryptography libssl-dev openssl"
PKGS_NET="iproute2 iputils-ping python3-scapy tshark"
PKGS_FUZZ="clang libclang-rt-14-dev"	# libFuzzer + ASan runtimes for clang 14
PKGS_DEBUG="gdb"
# User space: musl-gcc builds Sanpo's programs; busybox-static is copied into
# the root file system; GNU cpio checks the archive writer in the tests;
# tests/user's static programs are musl too.
PKGS_USER="musl-tools busybox-static cpio openssl"	# openssl: /etc/shadow's hashes
PKGS="$PKGS_BUILD $PKGS_IMAGE $PKGS_RUN $PKGS_TEST $PKGS_CRYPTO $PKGS_NET $PKGS_FUZZ $PKGS_DEBUG $PKGS_USER"

LUA_ORIG=lua5.4_5.4.4.orig.tar.gz
LUA_SHA256=164c7849653b80ae67bec4b7473b884bf5cc8d2dca05653475ec2ed27b9ebf61
CACHE=${SANPO_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/sanpo}

say() { echo "deps: $*"; }
die() { echo "deps: error: $*" >&2; exit 1; }

as_root() {
	if [ "$(id -u)" = 0 ]; then "$@"
	elif command -v sudo >/dev/null 2>&1; then sudo "$@"
	else die "need root to run: $* (install the packages above by hand)"
	fi
}

missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
		missing="$missing $p"
done

apt_updated=no
apt_update() {
	[ $apt_updated = yes ] && return 0
	as_root apt-get update -qq >/dev/null || die "apt-get update failed"
	apt_updated=yes
}

if [ -n "$missing" ]; then
	say "installing:$missing"
	apt_update
	as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
		--no-install-recommends $missing >/dev/null ||
		die "apt-get install failed for:$missing"
fi

# --- Lua 5.4 source, from Debian's lua5.4 source package -----------------
verify_lua() {
	echo "$LUA_SHA256  $CACHE/$LUA_ORIG" | sha256sum -c --status 2>/dev/null
}

if ! verify_lua; then
	# apt-get source needs deb-src entries for the configured suites.
	if ! grep -rqs '^Types:.*deb-src\|^deb-src ' /etc/apt/sources.list /etc/apt/sources.list.d/; then
		src=/etc/apt/sources.list.d/debian.sources
		[ -f "$src" ] || die "no $src to derive a deb-src entry from"
		say "adding deb-src entries (sanpo-deb-src.sources)"
		sed 's/^Types: deb$/Types: deb-src/' "$src" |
			as_root tee /etc/apt/sources.list.d/sanpo-deb-src.sources >/dev/null
		apt_updated=no
	fi
	apt_update
	mkdir -p "$CACHE"
	tmp=$(mktemp -d "$CACHE/fetch.XXXXXX")
	say "fetching Debian source package lua5.4"
	(cd "$tmp" && apt-get source --download-only lua5.4 >/dev/null 2>&1) ||
		{ rm -rf "$tmp"; die "apt-get source lua5.4 failed"; }
	[ -f "$tmp/$LUA_ORIG" ] ||
		{ ls "$tmp" >&2; rm -rf "$tmp"; die "$LUA_ORIG not in the source package"; }
	mv "$tmp/$LUA_ORIG" "$CACHE/$LUA_ORIG"
	mv "$tmp"/lua5.4_*.debian.tar.* "$CACHE/" 2>/dev/null || true
	rm -rf "$tmp"
	verify_lua || { rm -f "$CACHE/$LUA_ORIG"; die "$LUA_ORIG: SHA-256 mismatch (expected $LUA_SHA256)"; }
	say "Lua source cached at $CACHE/$LUA_ORIG (SHA-256 verified)"
fi
exit 0
