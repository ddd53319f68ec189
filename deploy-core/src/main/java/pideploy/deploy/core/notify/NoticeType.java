package pideploy.deploy.core.notify;

import java.util.Arrays;

/** What a notice is about; {@link #wireName()} is its name in webhook bodies, settings and the delivery log. */
public enum NoticeType {
    DEPLOYMENT_FAILED("deployment.failed"),
    DEPLOYMENT_STALLED("deployment.stalled"),
    BREAKER_TRIPPED("batch.breaker_tripped"),
    BATCH_COMPLETED("batch.completed"),
    POOL_NEARLY_EMPTY("pool.nearly_empty"),
    /** Sent by an operator's "send test" to check a target; never raised by the fleet. */
    TEST("test");

    private final String wireName;

    NoticeType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** @throws IllegalArgumentException naming the allowed values */
    public static NoticeType parse(String name) {
        return Arrays.stream(values())
                .filter(t -> t.wireName.equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("notice type must be one of %s, got '%s'"
                        .formatted(
                                Arrays.stream(values())
                                        .map(NoticeType::wireName)
                                        .toList(),
                                name)));
    }
}
