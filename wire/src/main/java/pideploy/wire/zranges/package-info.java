/**
 * The index of the {@code zstd-ranges-v1} transfer form ({@code <image>.zranges.json}, docs/protocol.md): one record,
 * one canonical writer (the bytes the server stores and hashes) and one strict parser (what the installer trusts).
 */
package pideploy.wire.zranges;
