package pideploy.installer.core.port;

import java.util.Objects;

/** An SD card's identity as the MMC layer reports it (sysfs {@code cid}, {@code name}, {@code manfid}). */
public record CardIdentity(String cid, String name, String manufacturerId) {
    public CardIdentity {
        Objects.requireNonNull(cid, "cid");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(manufacturerId, "manufacturerId");
    }
}
