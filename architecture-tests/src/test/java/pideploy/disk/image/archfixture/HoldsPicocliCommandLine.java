package pideploy.disk.image.archfixture;

import picocli.CommandLine;

/** Breaks the disk-image allow-list with a framework type. */
public final class HoldsPicocliCommandLine {
    CommandLine commandLine;
}
