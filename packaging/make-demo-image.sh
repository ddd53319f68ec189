#!/usr/bin/env bash
# Builds the tiny Raspberry-Pi-OS-like image that `pideploy demo` registers, and gzips it into the server's
# resources. Run it only to change that image; the result is committed. Needs sfdisk, mkfs.vfat, mtools, mkfs.ext4.
# Layout like Raspberry Pi OS: MBR, partition 1 FAT (boot, /boot/firmware) at 4 MiB, partition 2 ext4 (root).
set -euo pipefail
out=${1:-"$(dirname "$0")/../deploy-server/src/main/resources/demo/pideploy-demo.img.gz"}
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
img=$work/demo.img
truncate -s 48M "$img"
sfdisk --quiet "$img" <<'PT'
label: dos
label-id: 0x5eedcafe
start=8192, size=32768, type=c
start=40960, type=83
PT
# boot partition: 16 MiB FAT16 (mkfs picks FAT16 for this size; type 0x0c is what Pi OS uses and firmware accepts)
truncate -s 16M "$work/boot.fat"
mkfs.vfat -F 16 -n bootfs "$work/boot.fat" >/dev/null
printf 'console=serial0,115200 console=tty1 root=PARTUUID=5eedcafe-02 rootfstype=ext4 fsck.repair=yes rootwait quiet\n' > "$work/cmdline.txt"
printf '# PiDeploy demo image: not bootable, just shaped like Raspberry Pi OS\narm_64bit=1\n[pi5]\ndtoverlay=vc4-kms-v3d\n' > "$work/config.txt"
printf 'PiDeploy demo image (Raspberry Pi OS layout, no real OS inside)\n' > "$work/issue.txt"
mcopy -i "$work/boot.fat" "$work/cmdline.txt" "$work/config.txt" "$work/issue.txt" ::/
dd if="$work/boot.fat" of="$img" bs=512 seek=8192 conv=notrunc status=none
# root partition: ext4 with a few files a golden image would have
mkdir -p "$work/root/etc" "$work/root/home/pi"
echo raspberrypi > "$work/root/etc/hostname"
echo 5eedcafe5eedcafe5eedcafe5eedcafe > "$work/root/etc/machine-id"
printf 'PRETTY_NAME="PiDeploy demo (Debian GNU/Linux 12 bookworm layout)"\n' > "$work/root/etc/os-release"
size=$(( (48 * 1024 * 1024 - 40960 * 512) / 1024 ))
mkfs.ext4 -q -F -L rootfs -d "$work/root" -E root_owner=0:0 "$work/root.ext4" "${size}k"
dd if="$work/root.ext4" of="$img" bs=512 seek=40960 conv=notrunc status=none
fsck.fat -n "$work/boot.fat" >/dev/null
gzip -9 -n -c "$img" > "$out"
echo "wrote $out ($(stat -c %s "$out") bytes; image $(stat -c %s "$img") bytes, sha256 $(sha256sum "$img" | cut -c1-64))"
