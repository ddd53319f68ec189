package pideploy.deploy.server.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import pideploy.deploy.core.operator.User;
import pideploy.deploy.core.port.DuplicateKeyException;
import pideploy.deploy.http.helidon.auth.PasswordHash;
import pideploy.deploy.http.helidon.manage.UserApi;
import pideploy.deploy.http.helidon.view.Views;
import pideploy.deploy.server.Fleet;

/** {@code pideploy user add NAME --password-stdin | list | passwd NAME --password-stdin}. */
@Command(name = "user", description = "Manage operator accounts.", mixinStandardHelpOptions = true,
        subcommands = {UserCommand.Add.class, UserCommand.ListUsers.class, UserCommand.Passwd.class})
public final class UserCommand {

    /** Reads the password from standard input (first line), so it appears neither in ps nor in shell history. */
    static String readPassword(boolean stdin, java.io.InputStream in) {
        if (!stdin) {
            throw new IllegalArgumentException("give the password on standard input with --password-stdin");
        }
        try {
            String line = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
            if (line == null || line.length() < UserApi.MIN_PASSWORD_LENGTH) {
                throw new IllegalArgumentException("password must have at least %d characters"
                        .formatted(UserApi.MIN_PASSWORD_LENGTH));
            }
            return line;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the password from standard input", e);
        }
    }

    @Command(name = "add", description = "Add an operator account.", mixinStandardHelpOptions = true)
    static final class Add extends AdminCommand {
        @Parameters(paramLabel = "NAME")
        String name;
        @Option(names = "--password-stdin", description = "Read the password from standard input.")
        boolean stdin;

        @Override
        void run(Fleet fleet) {
            String username = parse("username", name, User::validateUsername);
            String password = readPassword(stdin, System.in);
            try {
                fleet.db().users().add(new User(username, PasswordHash.hash(password.toCharArray()), Instant.now()));
            } catch (DuplicateKeyException e) {
                throw new CommandFailure("user %s exists already".formatted(username));
            }
            audit("user.add", username, "");
            out().println("added user " + username);
        }
    }

    @Command(name = "passwd", description = "Change an operator's password.", mixinStandardHelpOptions = true)
    static final class Passwd extends AdminCommand {
        @Parameters(paramLabel = "NAME")
        String name;
        @Option(names = "--password-stdin", description = "Read the password from standard input.")
        boolean stdin;

        @Override
        void run(Fleet fleet) {
            String username = parse("username", name, User::validateUsername);
            String password = readPassword(stdin, System.in);
            if (!fleet.db().users().updatePasswordHash(username, PasswordHash.hash(password.toCharArray()))) {
                throw new CommandFailure("user %s does not exist".formatted(username));
            }
            audit("user.password", username, "");
            out().println("changed the password of " + username
                    + " (a running server accepts it at once; sessions last until they expire)");
        }
    }

    @Command(name = "list", description = "List operator accounts.", mixinStandardHelpOptions = true)
    static final class ListUsers extends AdminCommand {
        @Mixin
        Output output;

        @Override
        void run(Fleet fleet) {
            output.print(out(), fleet.db().users().list().stream().map(Views.UserView::of).toList(),
                    List.of("username", "created_at"));
        }
    }
}
