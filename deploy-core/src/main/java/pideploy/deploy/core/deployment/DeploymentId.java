package pideploy.deploy.core.deployment;

/** A deployment's store-assigned id, positive. */
public record DeploymentId(long value) {
    public DeploymentId {
        if (value <= 0) {
            throw new IllegalArgumentException("deployment id must be a positive number, got " + value);
        }
    }

    public static DeploymentId parse(String text) {
        try {
            return new DeploymentId(Long.parseLong(text.strip()));
        } catch (NumberFormatException | NullPointerException e) {
            throw new IllegalArgumentException("deployment id must be a positive number, got '%s'".formatted(text));
        }
    }

    @Override
    public String toString() {
        return Long.toString(value);
    }
}
