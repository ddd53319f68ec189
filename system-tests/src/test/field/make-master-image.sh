#!/usr/bin/env bash
# Builds the field proof's Pi-OS-shaped master image from Debian packages (docs/adr/0041-field-proof-rig.md):
# an MBR card image with a FAT32 boot partition (kernel, initrd, cmdline.txt, config.txt, as the Pi firmware
# reads them) and an ext4 root made by mmdebstrap (systemd, openssh-server, e2fsprogs for the online resize,
# wget for the phone-home). The root is amd64 so the written card boots in qemu-system-x86_64 at twice the speed
# of an aarch64 guest; the firmware's way of booting (kernel, initrd and command line from the FAT partition)
# is what the proof keeps.
#
# The image is made like a captured golden card: a fixed machine-id, SSH host keys already generated, hostname
# "raspberrypi". Each normal boot prints one "PIDEPLOY-FIELD ..." line on the serial console with what the test
# asserts (hostname, machine-id, host key, root size, command line), after the phone-home if one is installed,
# then powers off.
#
# Usage: make-master-image.sh OUT_DIR   (writes OUT_DIR/master.img; reused when present; needs root, network)
set -euo pipefail
out=${1:?usage: make-master-image.sh OUT_DIR}
mkdir -p "$out"
out=$(cd "$out" && pwd)
image=$out/master.img
if [ -s "$image" ] && [ -s "$out/master.ok" ]; then echo "master image cached: $image"; exit 0; fi
rm -f "$image" "$out/master.ok"
suite=${PIDEPLOY_FIELD_SUITE:-bookworm}
mirror=${PIDEPLOY_DEBIAN_MIRROR:-http://deb.debian.org/debian}
work=$out/build
rm -rf "$work"
mkdir -p "$work"
root=$work/root
disk_id=5049445a  # "PIDZ": the MBR disk identifier, so root=PARTUUID=5049445a-02 names the root partition

started=$(date +%s)
echo "mmdebstrap $suite amd64 into $root"
mmdebstrap --variant=minbase --mode=root --format=directory --arch=amd64 \
    --include=systemd,systemd-sysv,udev,dbus,openssh-server,e2fsprogs,wget,kmod,linux-image-amd64,initramfs-tools,zstd \
    --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-exclude=/usr/share/man/*' \
    --dpkgopt='path-exclude=/usr/share/locale/*' --dpkgopt='path-exclude=/usr/share/info/*' \
    --setup-hook='mkdir -p "$1/etc/initramfs-tools/conf.d" "$1/etc/initramfs-tools/hooks"' \
    --setup-hook='echo MODULES=list > "$1/etc/initramfs-tools/conf.d/field"' \
    --setup-hook='printf "%s\n" "#!/bin/sh" "[ \"\$1\" = prereqs ] && exit 0" ". /usr/share/initramfs-tools/hook-functions" "manual_add_modules virtio_pci virtio_blk ext4 vfat nls_cp437 nls_ascii" > "$1/etc/initramfs-tools/hooks/field"; chmod 755 "$1/etc/initramfs-tools/hooks/field"' \
    "$suite" "$root" "$mirror"
echo "mmdebstrap took $(( $(date +%s) - started )) s"

# The golden card's own identity, which every clone must lose.
echo raspberrypi > "$root/etc/hostname"
printf '127.0.0.1\tlocalhost\n127.0.1.1\traspberrypi\n' > "$root/etc/hosts"
echo 0123456789abcdef0123456789abcdef > "$root/etc/machine-id"
ls "$root"/etc/ssh/ssh_host_ed25519_key.pub >/dev/null
cat > "$root/etc/fstab" <<FSTAB
PARTUUID=$disk_id-02  /              ext4  defaults,noatime  0 1
PARTUUID=$disk_id-01  /boot/firmware vfat  defaults          0 2
FSTAB
mkdir -p "$root/boot/firmware"
echo 'root:pideploy' | chroot "$root" chpasswd

# Wired network by DHCP (QEMU's user-mode network answers), so network-online.target means something.
cat > "$root/etc/systemd/network/10-wired.network" <<NET
[Match]
Name=en* eth*

[Network]
DHCP=ipv4
NET
ln -sf /lib/systemd/system/systemd-networkd.service "$root/etc/systemd/system/multi-user.target.wants/systemd-networkd.service"
mkdir -p "$root/etc/systemd/system/network-online.target.wants"
ln -sf /lib/systemd/system/systemd-networkd-wait-online.service \
    "$root/etc/systemd/system/network-online.target.wants/systemd-networkd-wait-online.service"

# The test's eyes inside the guest: one line on the console per normal boot, then power off.
cat > "$root/usr/local/sbin/pideploy-field-report" <<'REPORT'
#!/bin/sh
key=$(cut -d' ' -f2 /etc/ssh/ssh_host_ed25519_key.pub 2>/dev/null | sha256sum | cut -c1-16)
root_bytes=$(df -B1 --output=size / | tail -n 1 | tr -d ' ')
hosts=$(grep '^127\.0\.1\.1' /etc/hosts | tr -s '\t ' ' ' | cut -d' ' -f2)
runs=$(grep -c 'pideploy firstrun: done' /var/log/pideploy-firstrun.log 2>/dev/null || echo 0)
phone=$(test -e /etc/systemd/system/pideploy-phone-home.service && echo installed || echo gone)
echo "PIDEPLOY-FIELD hostname=$(hostname) etc_hostname=$(cat /etc/hostname) hosts=$hosts" \
     "machine_id=$(cat /etc/machine-id) ssh_key=$key root_bytes=$root_bytes firstrun_runs=$runs phone_home=$phone" \
     "proc_cmdline_hook=$(grep -c systemd.run= /proc/cmdline)" \
     "boot_cmdline=$(tr ' ' ',' < /boot/firmware/cmdline.txt)" > /dev/ttyS0
systemctl --no-block poweroff
REPORT
chmod 755 "$root/usr/local/sbin/pideploy-field-report"
cat > "$root/etc/systemd/system/pideploy-field-report.service" <<'UNIT'
[Unit]
Description=PiDeploy field proof: report this boot on the console
After=network-online.target pideploy-phone-home.service
Wants=network-online.target

[Service]
Type=oneshot
ExecStart=/usr/local/sbin/pideploy-field-report

[Install]
WantedBy=multi-user.target
UNIT
ln -sf /etc/systemd/system/pideploy-field-report.service \
    "$root/etc/systemd/system/multi-user.target.wants/pideploy-field-report.service"

# Boot partition as the firmware reads it.
boot=$work/boot
mkdir -p "$boot"
# Pi OS names: the Pi 5 firmware loads kernel_2712.img and, with auto_initramfs=1, initramfs_2712.
cp "$root"/boot/vmlinuz-* "$boot/kernel_2712.img"
cp "$root"/boot/initrd.img-* "$boot/initramfs_2712"
printf 'console=ttyS0,115200 root=PARTUUID=%s-02 rootfstype=ext4 fsck.repair=yes rootwait' "$disk_id" \
    > "$boot/cmdline.txt"
cat > "$boot/config.txt" <<CONFIG
# Raspberry Pi OS-shaped config.txt of the field proof's master image
dtparam=audio=on
auto_initramfs=1
arm_64bit=1

[pi5]
dtoverlay=vc4-kms-v3d-pi5

[all]
CONFIG

# Kernel modules the booted root does not need would only lengthen every transfer.
kver=$(ls "$root/lib/modules")
for big in drivers/gpu drivers/media drivers/net/wireless drivers/net/ethernet drivers/infiniband \
           drivers/staging drivers/scsi drivers/hid drivers/usb drivers/iio drivers/input sound net/wireless \
           drivers/bluetooth net/bluetooth drivers/md drivers/isdn drivers/mtd drivers/nfc drivers/edac; do
    rm -rf "$root/lib/modules/$kver/kernel/$big"
done
chroot "$root" depmod "$kver"
rm -rf "$root"/var/cache/apt/* "$root"/var/lib/apt/lists/* "$root"/boot/initrd.img-* "$root"/boot/vmlinuz-*

# The card: 4 MiB gap, 128 MiB FAT32 boot, ext4 root sized to its content plus room for first-boot writes.
used_mib=$(du -sm "$root" | cut -f1)
root_mib=$(( used_mib + used_mib / 4 + 64 ))
boot_mib=128
mkfs.vfat -F 32 -n bootfs -C "$work/boot.part" $(( boot_mib * 1024 )) >/dev/null
mcopy -i "$work/boot.part" "$boot"/* ::/
mkfs.ext4 -q -L rootfs -d "$root" -E root_owner=0:0 "$work/root.part" "${root_mib}M"
total_mib=$(( 4 + boot_mib + root_mib ))
truncate -s "${total_mib}M" "$image.part"
sfdisk -q "$image.part" <<TABLE
label: dos
label-id: 0x$disk_id
start=8192, size=$(( boot_mib * 2048 )), type=c
start=$(( 8192 + boot_mib * 2048 )), size=$(( root_mib * 2048 )), type=83
TABLE
dd if="$work/boot.part" of="$image.part" bs=1M seek=4 conv=notrunc,sparse status=none
dd if="$work/root.part" of="$image.part" bs=1M seek=$(( 4 + boot_mib )) conv=notrunc,sparse status=none
mv "$image.part" "$image"
cut -d' ' -f2 "$root/etc/ssh/ssh_host_ed25519_key.pub" | sha256sum | cut -c1-16 > "$out/master.ssh-key"
cat "$root/etc/machine-id" > "$out/master.machine-id"
rm -rf "$work"
echo "$total_mib MiB (root content $used_mib MiB) in $(( $(date +%s) - started )) s" > "$out/master.ok"
echo "master image ready: $image ($(cat "$out/master.ok"))"
