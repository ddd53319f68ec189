/**
 * System tests and the benchmark of the block-map + zstd transfer (issue 7): the real installer over the
 * {@code zstd-ranges-v1} form and over the raw image, against the real server or a contract-faithful front.
 */
package pideploy.system.transfer;
