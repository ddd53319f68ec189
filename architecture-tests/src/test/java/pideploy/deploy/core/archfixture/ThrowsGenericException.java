package pideploy.deploy.core.archfixture;

/** Breaks the generic-exception rule. */
public final class ThrowsGenericException {
    void refuse() {
        throw new RuntimeException("pool exhausted");
    }
}
