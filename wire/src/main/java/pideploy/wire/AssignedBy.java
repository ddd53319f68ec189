package pideploy.wire;

/**
 * The config answer's {@code assigned_by}: which assignment rule gave the device its hostname, so a device that got
 * another product or venue than it asked for can say why (docs/protocol.md).
 */
public enum AssignedBy {
    /** The device already held this hostname (a retry, a reboot, a second attempt); what it asked for is ignored. */
    HELD("held"),
    /** The highest-priority active batch chose venue and product. */
    BATCH("batch"),
    /** The venue and product named in the request. */
    REQUEST("request");

    private final String wireName;

    AssignedBy(String wireName) {
        this.wireName = wireName;
    }

    /** {@code held}, {@code batch} or {@code request}. */
    public String wireName() {
        return wireName;
    }

    /**
     * The rule with this wire name, ignoring case and surrounding blanks.
     *
     * @throws IllegalArgumentException naming the allowed values, for anything else (also {@code null})
     */
    public static AssignedBy parse(String text) {
        return WireNames.parse(AssignedBy.class, AssignedBy::wireName, "assigned_by", text);
    }
}
