/**
 * An in-place editor for FAT16 and FAT32 volumes inside a byte channel (an image file or a block device) at a byte
 * offset, without mounting: read, create, replace and delete files in the root directory, with VFAT long names.
 * This is what the installer uses to write a device's identity onto the boot partition, and what the server uses to
 * look at a master image's {@code cmdline.txt}. See docs/adr/0020-own-fat-implementation.md.
 */
package pideploy.disk.image.fat;
