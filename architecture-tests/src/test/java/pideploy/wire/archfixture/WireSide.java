package pideploy.wire.archfixture;

import java.util.Locale;

/** Keeps the wire rules: a protocol name in plain Java. */
public enum WireSide {
    STARTED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
