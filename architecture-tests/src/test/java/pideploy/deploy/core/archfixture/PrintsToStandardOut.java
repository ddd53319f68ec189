package pideploy.deploy.core.archfixture;

/** Breaks the standard-streams rule: a core prints instead of logging or returning an outcome. */
public final class PrintsToStandardOut {
    void announce(String hostname) {
        System.out.println("assigned " + hostname);
    }
}
