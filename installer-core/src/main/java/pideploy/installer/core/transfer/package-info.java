/**
 * The block-map + compressed transfer ({@code zstd-ranges-v1}, docs/protocol.md and ADR-0028/0029): choosing it when the
 * server offers it, fetching and checking its index, streaming the compressed segments with resume, decompressing,
 * hashing and writing them on separate threads, discarding unmapped ranges where the card can, and reading every
 * segment back for verification. The workflow calls it instead of the raw stream; it depends only on the ports.
 */
package pideploy.installer.core.transfer;
