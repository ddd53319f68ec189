package pideploy.deploy.core.archfixture;

import java.io.IOException;

/** Breaks the no-process rule: a core asks a port; the adapter behind it may run filefrag, sfdisk or dd. */
public final class RunsAProgram {
    Process run() throws IOException {
        return new ProcessBuilder("filefrag", "-e", "image.img").start();
    }
}
