package pideploy.deploy.server.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import pideploy.deploy.core.operator.AccountRefusal;
import pideploy.deploy.core.operator.Actor;
import pideploy.deploy.core.operator.ApiToken;
import pideploy.deploy.core.operator.PasswordPolicy;
import pideploy.deploy.core.operator.Role;
import pideploy.deploy.core.operator.TokenLifetime;
import pideploy.deploy.core.operator.User;
import pideploy.deploy.core.usecase.AddOperator;
import pideploy.deploy.core.usecase.ChangePassword;
import pideploy.deploy.core.usecase.IssueToken;
import pideploy.deploy.server.Fleet;

/**
 * {@code pideploy user add NAME [--role admin|operator|viewer] --password-stdin | list | passwd NAME --password-stdin |
 * role NAME ROLE | token NAME [--label L] [--role R] [--expires 30d|never] | tokens NAME | revoke-token NAME ID}.
 * Roles: ADR-0043; token scopes and expiry: ADR-0051. Each runs the core's operator use case (ADR-0100) as
 * {@code cli:<os user>}, an admin, so the rules and audit entries are those of the HTTP API.
 */
@Command(
        name = "user",
        description = "Manage operator accounts and their API tokens.",
        mixinStandardHelpOptions = true,
        subcommands = {
            UserCommand.Add.class,
            UserCommand.ListUsers.class,
            UserCommand.Passwd.class,
            UserCommand.SetRole.class,
            UserCommand.Token.class,
            UserCommand.Tokens.class,
            UserCommand.RevokeToken.class
        })
public final class UserCommand {

    /** Who the command line acts as: the OS user, with every right (they can open the data directory anyway). */
    static Actor actor() {
        return Actor.commandLine(System.getProperty("user.name", "unknown"));
    }

    /** What a refusal becomes on the command line: a failure with the use case's own message. */
    static RuntimeException failure(AccountRefusal refusal) {
        return refusal instanceof AccountRefusal.RoleAboveOwner r
                ? new IllegalArgumentException("invalid role: " + r.message())
                : new CommandFailure(refusal.message());
    }

    /** One account as {@code user list} prints it. */
    record AccountRow(String username, Instant createdAt, String role) {
        static AccountRow of(User u) {
            return new AccountRow(u.username(), u.createdAt(), u.role().wire());
        }
    }

    /** One API token as {@code user tokens} prints it, never its secret. */
    record TokenRow(
            String id,
            String username,
            String label,
            Instant createdAt,
            String role,
            Instant expiresAt,
            Instant lastUsedAt) {
        static TokenRow of(ApiToken t) {
            return new TokenRow(
                    t.id(),
                    t.username(),
                    t.label(),
                    t.createdAt(),
                    t.role().wire(),
                    t.expiresAt().orElse(null),
                    t.lastUsedAt().orElse(null));
        }
    }

    /** Reads the password from standard input (first line), so it appears neither in ps nor in shell history. */
    static String readPassword(boolean stdin, java.io.InputStream in) {
        if (!stdin) {
            throw new IllegalArgumentException("give the password on standard input with --password-stdin");
        }
        try {
            String line = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
            if (line == null) {
                throw new IllegalArgumentException("standard input is empty; give the password on its first line");
            }
            return line;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the password from standard input", e);
        }
    }

    /** NAME and the password from standard input, as {@code add} and {@code passwd} take them. */
    static final class Credentials {
        @Parameters(paramLabel = "NAME")
        String name;

        @Option(names = "--password-stdin", description = "Read the password from standard input.")
        boolean stdin;

        String username() {
            return AdminCommand.parse("username", name, User::validateUsername);
        }

        String password() {
            String password = readPassword(stdin, System.in);
            PasswordPolicy.problem(username(), password).ifPresent(p -> {
                throw new IllegalArgumentException(p);
            });
            return password;
        }
    }

    @Command(name = "add", description = "Add an operator account.", mixinStandardHelpOptions = true)
    static final class Add extends AdminCommand {
        @Mixin
        Credentials credentials;

        @Option(names = "--role", paramLabel = "ROLE", description = "admin, operator (the default) or viewer.")
        String role = AddOperator.DEFAULT_ROLE.wire();

        @Override
        void run(Fleet fleet) {
            String username = credentials.username();
            Role r = parse("role", role, Role::parse);
            String password = credentials.password();
            fleet.operators().addOperator().add(actor(), username, password, r).orElseThrow(UserCommand::failure);
            out().println("added user " + username + " with role " + r.wire());
        }
    }

    @Command(name = "passwd", description = "Change an operator's password.", mixinStandardHelpOptions = true)
    static final class Passwd extends AdminCommand {
        @Mixin
        Credentials credentials;

        @Override
        void run(Fleet fleet) {
            String username = credentials.username();
            String password = credentials.password();
            // Sessions are in the database (ADR-0030): ending them here ends them in a running server too.
            ChangePassword.Changed changed = fleet.operators()
                    .changePassword()
                    .change(actor(), username, Optional.empty(), password)
                    .orElseThrow(UserCommand::failure);
            out().println("changed the password of " + username + " (a running server accepts it at once; "
                    + changed.endedSessions() + " browser sessions ended, " + changed.revokedTokens()
                    + " API tokens revoked)");
        }
    }

    @Command(name = "list", description = "List operator accounts.", mixinStandardHelpOptions = true)
    static final class ListUsers extends AdminCommand {
        @Mixin
        Output output;

        @Override
        void run(Fleet fleet) {
            output.print(
                    out(),
                    fleet.operators().list().users().stream()
                            .map(AccountRow::of)
                            .toList(),
                    List.of("username", "role", "created_at"));
        }
    }

    @Command(
            name = "role",
            description = "Change what an operator account may do: admin, operator or viewer.",
            mixinStandardHelpOptions = true)
    static final class SetRole extends AdminCommand {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Parameters(index = "1", paramLabel = "ROLE", description = "admin, operator or viewer.")
        String role;

        @Override
        void run(Fleet fleet) {
            String username = parse("username", name, User::validateUsername);
            Role r = parse("role", role, Role::parse);
            fleet.operators().setRole().set(actor(), username, r).orElseThrow(UserCommand::failure);
            out().println("user " + username + " now has role " + r.wire() + " (a running server applies it at once)");
        }
    }

    @Command(
            name = "token",
            description = "Make an API token for scripts (Authorization: Bearer); printed once.",
            mixinStandardHelpOptions = true)
    static final class Token extends AdminCommand {
        @Parameters(paramLabel = "NAME")
        String name;

        @Option(names = "--label", paramLabel = "TEXT", description = "What the token is for, to recognise it later.")
        String label = "";

        @Option(
                names = "--role",
                paramLabel = "ROLE",
                description = "admin, operator or viewer; at most the user's role, which is the default.")
        String role;

        @Option(
                names = "--expires",
                paramLabel = "WHEN",
                description = "How long it works: e.g. 30d or 12h, or never (default 90d).")
        String expires;

        @Override
        void run(Fleet fleet) {
            String username = parse("username", name, User::validateUsername);
            String text = parse("label", label, ApiToken::validateLabel);
            TokenLifetime lifetime =
                    expires == null ? TokenLifetime.DEFAULT : parse("expires", expires, TokenLifetime::parse);
            Optional<Role> r = role == null ? Optional.empty() : Optional.of(parse("role", role, Role::parse));
            IssueToken.Issued issued = fleet.operators()
                    .issueToken()
                    .issue(actor(), username, text, r, lifetime)
                    .orElseThrow(UserCommand::failure);
            out().println(issued.secret());
            PrintWriter err = spec.commandLine().getErr();
            err.printf(
                    "API token %s for %s; it is shown only this once. Use: Authorization: Bearer <token>%n",
                    issued.token().id(), username);
            err.flush();
        }
    }

    @Command(
            name = "tokens",
            description = "List a user's API tokens (never their secrets).",
            mixinStandardHelpOptions = true)
    static final class Tokens extends AdminCommand {
        @Parameters(paramLabel = "NAME")
        String name;

        @Mixin
        Output output;

        @Override
        void run(Fleet fleet) {
            String username = parse("username", name, User::validateUsername);
            output.print(
                    out(),
                    fleet.operators().list().tokensOf(actor(), username).orElseThrow(UserCommand::failure).stream()
                            .map(TokenRow::of)
                            .toList(),
                    List.of("id", "username", "label", "role", "created_at", "expires_at", "last_used_at"));
        }
    }

    @Command(
            name = "revoke-token",
            description = "Revoke one API token of a user at once.",
            mixinStandardHelpOptions = true)
    static final class RevokeToken extends AdminCommand {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Parameters(index = "1", paramLabel = "ID")
        String id;

        @Override
        void run(Fleet fleet) {
            String username = parse("username", name, User::validateUsername);
            fleet.operators().revokeToken().revoke(actor(), username, id).orElseThrow(UserCommand::failure);
            out().println("revoked API token " + id + " of " + username);
        }
    }
}
