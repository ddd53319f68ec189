package pideploy.deploy.persistence.postgresql;

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

/** The repositories of one PostgreSQL transaction, all on the transaction's connection. */
record PostgresTransaction(Connection c, SecretSeal seal) implements FleetTransaction {
    @Override
    public VenueRepository venues() {
        return new PostgresVenueRepository(c);
    }

    @Override
    public ProductRepository products() {
        return new PostgresProductRepository(c);
    }

    @Override
    public PoolRepository pool() {
        return new PostgresPoolRepository(c);
    }

    @Override
    public DeviceRepository devices() {
        return new PostgresDeviceRepository(c);
    }

    @Override
    public BatchRepository batches() {
        return new PostgresBatchRepository(c);
    }

    @Override
    public ImageRepository images() {
        return new PostgresImageRepository(c);
    }

    @Override
    public DeploymentRepository deployments() {
        return new PostgresDeploymentRepository(c);
    }

    @Override
    public ReportRepository reports() {
        return new PostgresReportRepository(c);
    }

    @Override
    public ProfileRepository profiles() {
        return new PostgresProfileRepository(c, seal);
    }

    @Override
    public HookRepository hooks() {
        return new PostgresHookRepository(c);
    }
}
