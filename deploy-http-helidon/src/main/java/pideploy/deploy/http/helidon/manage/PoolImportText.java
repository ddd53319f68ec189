package pideploy.deploy.http.helidon.manage;

/** How an imported list of pool numbers appears in the audit log: one line, bounded, whatever was pasted. */
public final class PoolImportText {
    /** Longest list kept in an audit entry; the import's counts say the rest. */
    static final int MAX = 300;

    private PoolImportText() {}

    /** The list on one line (line breaks become {@code ", "}), cut at {@value #MAX} characters. */
    public static String forAudit(String numbers) {
        String one =
                numbers.strip().replaceAll("[ \\t]*[\\r\\n]+[ \\t,]*", ", ").replaceAll(",(, )+", ", ");
        return one.length() <= MAX ? one : one.substring(0, MAX) + "…";
    }
}
