/**
 * Pure-Java readers and writers of disk-image formats over byte channels, with no dependency beyond the JDK.
 *
 * <p>Used on both sides of PiDeploy: the server inspects master images when they are registered (partition table,
 * boot-partition files, block maps), and the installer edits the boot partition of a freshly written card (files on
 * FAT, growing the root partition) without mounting anything. Sub-packages: {@code partition} (MBR/GPT),
 * {@code fat} (FAT16/32 in-place editor), {@code ext4} (allocation bitmaps) and {@code bmap} (bmaptool block maps).
 */
package pideploy.disk.image;
