#!/bin/sh
# Builds a GPT disk image with one EFI System Partition (FAT32) holding the
# files listed in esp.layout.  No root, no loop devices: sgdisk writes the
# partition table, mtools formats and fills the partition at its offset.
#
# usage: mkimage.sh LAYOUT BUILD_DIR OUTPUT
set -eu

layout=$1 build=$2 out=$3
SIZE_MB=64
PART_START=2048			# sectors: the partition starts at 1 MiB
OFF=$((PART_START * 512))

tmp=$out.tmp
rm -f "$tmp"
truncate -s ${SIZE_MB}M "$tmp"
sgdisk --clear --new=1:$PART_START:0 --typecode=1:ef00 \
	--change-name=1:"EFI System" "$tmp" >/dev/null
# The file system must fill its partition exactly: mformat left to itself
# sizes it to the rest of the image, over the backup GPT at the end.  The
# partition's size is what sgdisk chose (the disk minus both GPT copies).
last=$(sgdisk --info=1 "$tmp" | sed -n 's/^Last sector: \([0-9]*\).*/\1/p')
[ -n "$last" ] || { echo "mkimage: no partition 1 in $tmp" >&2; exit 1; }
PART_SECTORS=$((last - PART_START + 1))
# -H: hidden sectors, the partition's start (as a partitioning tool sets it).
mformat -i "$tmp@@$OFF" -T $PART_SECTORS -h 64 -s 32 -H $PART_START \
	-F -v SANPO-ESP ::

# mmd -D s: an existing directory is not an error.
mkdir_p() {
	dir=""
	for part in $(echo "$1" | tr '/' ' '); do
		dir="$dir/$part"
		mmd -D s -i "$tmp@@$OFF" "::$dir" 2>/dev/null || true
	done
}

grep -v '^[[:space:]]*\(#\|$\)' "$layout" | while read -r dest src; do
	src=$(echo "$src" | sed "s|\$BUILD|$build|g")
	case "$dest" in
	*/)	mkdir_p "$dest" ;;
	*)	mkdir_p "$(dirname "$dest")"
		[ -f "$src" ] || { echo "mkimage: $src (for $dest) is missing" >&2; exit 1; }
		mcopy -o -i "$tmp@@$OFF" "$src" "::$dest" ;;
	esac
done
mv "$tmp" "$out"
echo "image: $out (${SIZE_MB} MiB GPT, ESP at $OFF bytes, $PART_SECTORS sectors)"
