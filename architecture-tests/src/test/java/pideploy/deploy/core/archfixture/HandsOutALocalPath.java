package pideploy.deploy.core.archfixture;

import java.nio.file.Path;

/** Breaks the no-path rule: a port that names a local path ties every store and caller to one disk (ADR-0064). */
public interface HandsOutALocalPath {
    Path where(String fileName);
}
