package pideploy.deploy.core.deployment;

/**
 * The SD card a deployment wrote, as the installer read it from sysfs. Each part may be empty; each is at
 * most 64 printable characters.
 *
 * @param cid    card identification register, hex
 * @param name   product name
 * @param manfid manufacturer id
 */
public record CardIdentity(String cid, String name, String manfid) {
    public CardIdentity {
        cid = check("card_cid", cid);
        name = check("card_name", name);
        manfid = check("card_manfid", manfid);
    }

    private static String check(String field, String value) {
        String v = value == null ? "" : value.strip();
        if (v.length() > 64 || !v.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
            throw new IllegalArgumentException(
                    "%s must be at most 64 printable ASCII characters, got '%s'".formatted(field, v));
        }
        return v;
    }

    public boolean isEmpty() {
        return cid.isEmpty() && name.isEmpty() && manfid.isEmpty();
    }
}
