package pideploy.deploy.persistence.sqlite;

import java.sql.Connection;
import pideploy.deploy.core.port.BatchRepository;
import pideploy.deploy.core.port.DeploymentRepository;
import pideploy.deploy.core.port.DeviceRepository;
import pideploy.deploy.core.port.FleetTransaction;
import pideploy.deploy.core.port.HookRepository;
import pideploy.deploy.core.port.ImageRepository;
import pideploy.deploy.core.port.PoolRepository;
import pideploy.deploy.core.port.ProductRepository;
import pideploy.deploy.core.port.ProfileRepository;
import pideploy.deploy.core.port.ReportRepository;
import pideploy.deploy.core.port.VenueRepository;
import pideploy.deploy.core.profile.SecretSeal;

/** The repositories of one SQLite transaction, all on the transaction's connection. */
record SqliteTransaction(Connection c, SecretSeal seal) implements FleetTransaction {
    @Override
    public VenueRepository venues() {
        return new SqliteVenueRepository(c);
    }

    @Override
    public ProductRepository products() {
        return new SqliteProductRepository(c);
    }

    @Override
    public PoolRepository pool() {
        return new SqlitePoolRepository(c);
    }

    @Override
    public DeviceRepository devices() {
        return new SqliteDeviceRepository(c);
    }

    @Override
    public BatchRepository batches() {
        return new SqliteBatchRepository(c);
    }

    @Override
    public ImageRepository images() {
        return new SqliteImageRepository(c);
    }

    @Override
    public DeploymentRepository deployments() {
        return new SqliteDeploymentRepository(c);
    }

    @Override
    public ReportRepository reports() {
        return new SqliteReportRepository(c);
    }

    @Override
    public ProfileRepository profiles() {
        return new SqliteProfileRepository(c, seal);
    }

    @Override
    public HookRepository hooks() {
        return new SqliteHookRepository(c);
    }
}
