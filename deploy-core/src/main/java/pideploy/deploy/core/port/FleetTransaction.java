package pideploy.deploy.core.port;

/** The repositories of one {@link FleetStore} transaction. Valid only inside that transaction. */
public interface FleetTransaction {
    VenueRepository venues();

    ProductRepository products();

    PoolRepository pool();

    DeviceRepository devices();

    BatchRepository batches();

    ImageRepository images();

    DeploymentRepository deployments();

    /** Read-only queries for reports. */
    ReportRepository reports();

    ProfileRepository profiles();

    /** Operator hooks and their versions (ADR-0094). */
    HookRepository hooks();
}
