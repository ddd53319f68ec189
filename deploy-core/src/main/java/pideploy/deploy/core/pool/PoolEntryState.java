package pideploy.deploy.core.pool;

/** Where a pool entry is in its life: available, held by a device, or retired for good. */
public enum PoolEntryState {
    AVAILABLE,
    ASSIGNED,
    RETIRED;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static PoolEntryState parse(String text) {
        for (PoolEntryState s : values()) {
            if (s.wireName().equalsIgnoreCase(text == null ? "" : text.strip())) {
                return s;
            }
        }
        throw new IllegalArgumentException(
                "pool state must be available, assigned or retired, got '%s'".formatted(text));
    }
}
