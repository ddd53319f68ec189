package pideploy.deploy.persistence.sqlite.archfixture;

import pideploy.deploy.server.archfixture.PrintsInCommandLine;

/** Breaks the adapter rule: an adapter sees its composition root. */
public final class ReachesIntoServerRoot {
    PrintsInCommandLine server;
}
