/**
 * Reads the allocation bitmaps of an ext2/3/4 filesystem to tell which blocks are in use, for building block maps
 * (only the free blocks of a filesystem we understand may be skipped when copying an image).
 */
package pideploy.disk.image.ext4;
