/**
 * What the installer writes onto the card's FAT boot partition so the device boots once as itself: the
 * firstrun.sh script and its cmdline.txt hook (Raspberry Pi Imager's systemd.run mechanism) or a cloud-init NoCloud
 * seed, written in place with disk-image's FAT editor, without mounting, and read back.
 */
package pideploy.installer.core.customize;
