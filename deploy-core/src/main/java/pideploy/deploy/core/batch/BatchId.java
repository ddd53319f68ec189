package pideploy.deploy.core.batch;

/** A batch's store-assigned id, positive. */
public record BatchId(long value) {
    public BatchId {
        if (value <= 0) {
            throw new IllegalArgumentException("batch id must be a positive number, got " + value);
        }
    }

    public static BatchId parse(String text) {
        try {
            return new BatchId(Long.parseLong(text.strip()));
        } catch (NumberFormatException | NullPointerException e) {
            throw new IllegalArgumentException("batch id must be a positive number, got '%s'".formatted(text));
        }
    }

    @Override
    public String toString() {
        return Long.toString(value);
    }
}
