package pideploy.deploy.core.archfixture;

import pideploy.wire.archfixture.WireSide;

/** Keeps the core's allow-list while using the wire module, as the core's transfer preparation does. */
public final class SpeaksTheWire {
    String status() {
        return WireSide.STARTED.wireName();
    }
}
