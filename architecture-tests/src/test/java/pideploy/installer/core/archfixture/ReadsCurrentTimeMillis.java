package pideploy.installer.core.archfixture;

/** Breaks the clock rule with System.currentTimeMillis(). */
public final class ReadsCurrentTimeMillis {
    long stamp() {
        return System.currentTimeMillis();
    }
}
