package pideploy.installer.core.archfixture;

import pideploy.installer.cli.archfixture.CliSide;

/** Breaks the dependency rule: a core sees its composition root. */
public final class ReachesIntoInstallerCli {
    CliSide cli;
}
