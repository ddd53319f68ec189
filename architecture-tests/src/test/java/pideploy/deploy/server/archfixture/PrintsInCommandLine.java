package pideploy.deploy.server.archfixture;

/** Keeps the standard-streams rule: a command-line class may print. */
public final class PrintsInCommandLine {
    void printPassword(String password) {
        System.out.println("admin password: " + password);
    }
}
