/**
 * Fast transfer forms of registered images ("zstd-ranges-v1", docs/adr/0025; its format is in docs/protocol.md): the
 * image's block map as a bmaptool {@code .bmap}, its mapped ranges cut into segments of at most 4 MiB, each compressed
 * into an independent frame ({@code .zranges}), and a JSON index of the segments ({@code .zranges.json}, written by
 * the wire module's {@code ZrangesIndex}). Prepared once per image, in the background after registration, with its
 * state (pending, preparing, ready, failed) kept in a store so a restart finishes what was interrupted.
 */
package pideploy.deploy.core.transfer;
