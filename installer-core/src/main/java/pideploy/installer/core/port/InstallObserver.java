package pideploy.installer.core.port;

/**
 * Watches an installation for display (a live progress line on a terminal, log lines otherwise). Called from the
 * workflow's thread only; implementations must be quick and must not throw.
 */
public interface InstallObserver {

    /** A step begins; {@code detail} says what it is about, e.g. the image version and size. */
    void stepStarted(Step step, String detail);

    /**
     * A step has its answer, e.g. the hostname the config step got and why; shown on the step's own line. Observers
     * that only follow progress may ignore it.
     */
    default void stepResult(Step step, String detail) {}

    /** Progress within {@code step}, a few times a second; {@code bytesPerSecond} is the average so far. */
    void progress(Step step, long bytesDone, long bytesTotal, double bytesPerSecond);

    /** Something worth telling the operator that is not a failure, e.g. a resumed download. */
    void note(String message);

    /** Observes nothing. */
    static InstallObserver none() {
        return new InstallObserver() {
            @Override
            public void stepStarted(Step step, String detail) {}

            @Override
            public void progress(Step step, long bytesDone, long bytesTotal, double bytesPerSecond) {}

            @Override
            public void note(String message) {}
        };
    }
}
