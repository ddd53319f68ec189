/**
 * Block maps of disk images: which 4 KiB blocks must be copied, with a SHA-256 per mapped range, and the
 * bmaptool {@code .bmap} 2.0 XML format to exchange them. Blocks are only ever left unmapped when they are free
 * blocks of a filesystem this module parses (see docs/adr/0021-block-map-safety-rule.md).
 */
package pideploy.disk.image.bmap;
