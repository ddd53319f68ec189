package pideploy.installer.core.archfixtureping;

import pideploy.installer.core.archfixturepong.Pong;

/** Half of a cycle between feature packages. */
public final class Ping {
    Pong reply;
}
