package pideploy.installer.core.transfer;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import pideploy.installer.core.fixtures.FaultyBytes;
import pideploy.installer.core.fixtures.InMemoryDeploymentServer;
import pideploy.installer.core.port.ConfigRequest;
import pideploy.installer.core.port.DeploymentConfig;
import pideploy.installer.core.port.DeploymentServer;
import pideploy.installer.core.port.ImageRequest;
import pideploy.installer.core.port.ImageStream;
import pideploy.installer.core.port.ServerReply;
import pideploy.installer.core.port.StatusReport;

/** The in-memory server plus a transfer form: its index and data file, with Range, cuts, corruption and errors on cue. */
final class RangedServer implements DeploymentServer {
    private final InMemoryDeploymentServer raw;
    private final RangedFormFixtures.Form form;
    private final DeploymentConfig config;
    private final List<ImageRequest> dataRequests = new CopyOnWriteArrayList<>();
    private final AtomicInteger indexFetches = new AtomicInteger();
    private final FaultyBytes served;
    private volatile byte[] indexBytes;

    RangedServer(InMemoryDeploymentServer raw, DeploymentConfig rawConfig, RangedFormFixtures.Form form) {
        this.raw = raw;
        this.form = form;
        this.indexBytes = form.indexBytes();
        this.served = new FaultyBytes(form.data(), "\"data-1\"", 48 * 1024);
        this.config = new DeploymentConfig(
                rawConfig.deploymentId(),
                rawConfig.hostname(),
                rawConfig.productType(),
                rawConfig.venueCode(),
                rawConfig.imageUrl(),
                rawConfig.imageSize(),
                rawConfig.imageChecksum(),
                rawConfig.imageVersion(),
                rawConfig.customizationMethod(),
                List.of(form.offer()));
    }

    RangedServer cutDataAfter(long bytes) {
        served.cutAfter(bytes, 1);
        return this;
    }

    RangedServer throwInDataAfter(long bytes, Supplier<? extends Error> error) {
        served.throwAfter(bytes, error);
        return this;
    }

    RangedServer corruptDataAt(long offset) {
        served.corruptAt(offset);
        return this;
    }

    RangedServer servingIndex(byte[] bytes) {
        indexBytes = bytes;
        return this;
    }

    List<ImageRequest> dataRequests() {
        return List.copyOf(dataRequests);
    }

    int indexFetches() {
        return indexFetches.get();
    }

    InMemoryDeploymentServer raw() {
        return raw;
    }

    @Override
    public ServerReply<DeploymentConfig> requestConfig(ConfigRequest request) {
        return raw.requestConfig(request).flatMap(c -> new ServerReply.Accepted<>(config));
    }

    @Override
    public ServerReply<String> reportStatus(StatusReport report) {
        return raw.reportStatus(report);
    }

    @Override
    public ServerReply<byte[]> fetchIndex(String indexUrl) {
        indexFetches.incrementAndGet();
        return indexUrl.equals(RangedFormFixtures.INDEX_URL)
                ? new ServerReply.Accepted<>(indexBytes.clone())
                : new ServerReply.Rejected<>(404, "NOT_FOUND", indexUrl);
    }

    @Override
    public ServerReply<ImageStream> openImage(ImageRequest request) {
        if (!request.imageUrl().equals(RangedFormFixtures.DATA_URL)) {
            return raw.openImage(request);
        }
        dataRequests.add(request);
        return new ServerReply.Accepted<>(served.open(request.firstByte()));
    }
}
