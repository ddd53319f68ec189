/**
 * The server's compression adapter: zstd adapter of the deploy core's
 * {@link pideploy.deploy.core.transfer.port.SegmentCompressor} (one independent zstd frame per segment, with zstd-jni,
 * no long mode and a window of at most 8 MiB, docs/adr/0026), and the {@link pideploy.deploy.core.port.ImageDecoder}
 * that unpacks compressed master images at registration (docs/adr/0055).
 */
package pideploy.deploy.transfer.zstd;
