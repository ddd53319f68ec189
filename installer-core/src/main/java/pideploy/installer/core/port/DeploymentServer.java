package pideploy.installer.core.port;

/**
 * The deployment server's device API (docs/protocol.md). Implementations never throw for network or
 * HTTP failures: they return {@link ServerReply.Unreachable} for connection problems, timeouts and 5xx, and
 * {@link ServerReply.Rejected} for 4xx, with the error body's code and message. Thread-safe.
 */
public interface DeploymentServer {

    /** {@code POST /api/config}: who this device is and which image it gets. */
    ServerReply<DeploymentConfig> requestConfig(ConfigRequest request);

    /** {@code POST /api/status}; the accepted value is the hostname the server echoes. */
    ServerReply<String> reportStatus(StatusReport report);

    /**
     * {@code GET} the image from {@code request.firstByte()}; the accepted stream is the caller's to close. A 416 or
     * 412 comes back as {@link ServerReply.Rejected}.
     */
    ServerReply<ImageStream> openImage(ImageRequest request);

    /**
     * {@code GET} a transfer form's index file ({@link TransferForm#indexUrl()}), whole, as bytes; the caller checks
     * them against {@link TransferForm#indexSha256()}. Adapters that predate transfer forms keep this default,
     * which answers 404 so the workflow takes the raw image.
     */
    default ServerReply<byte[]> fetchIndex(String indexUrl) {
        return new ServerReply.Rejected<>(404, "NOT_FOUND", "this server adapter cannot fetch " + indexUrl);
    }
}
