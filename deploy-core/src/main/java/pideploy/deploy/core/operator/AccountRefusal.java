package pideploy.deploy.core.operator;

/**
 * Why an operator use case did not do what it was asked (ADR-0100). Each says what is wrong and what to do; the HTTP
 * adapter maps each to its status and code, the admin command line prints {@link #message()}.
 */
public sealed interface AccountRefusal {
    /** What is wrong and what to do, for a person. */
    String message();

    record NoSuchUser(String username) implements AccountRefusal {
        public String message() {
            return "user %s does not exist".formatted(username);
        }
    }

    record AlreadyExists(String username) implements AccountRefusal {
        public String message() {
            return "user %s exists already".formatted(username);
        }
    }

    /** The fleet would be left without an admin. */
    record LastAdmin(String username, String what) implements AccountRefusal {
        public String message() {
            return "user %s is the last admin and cannot be %s; make another account admin first"
                    .formatted(username, what);
        }
    }

    /** The fleet would be left without any account. */
    record LastUser(String username) implements AccountRefusal {
        public String message() {
            return "user %s is the last account and cannot be removed".formatted(username);
        }
    }

    /** The actor's role does not allow it. */
    record NotAllowed(String message) implements AccountRefusal {}

    /** One's own password change needs the current password. */
    record OldPasswordMissing() implements AccountRefusal {
        public String message() {
            return "old_password is required to change your own password";
        }
    }

    record WrongPassword(String username) implements AccountRefusal {
        public String message() {
            return "old_password is not the current password of " + username;
        }
    }

    /** The new password breaks {@link PasswordPolicy}; {@code problem} says how. */
    record WeakPassword(String problem) implements AccountRefusal {
        public String message() {
            return "invalid password: " + problem;
        }
    }

    /** A token may do at most what its owner may (ADR-0051). */
    record RoleAboveOwner(String owner, Role ownerRole, Role requested) implements AccountRefusal {
        public String message() {
            return "role %s is above the role %s of %s; a token can have at most its owner's role"
                    .formatted(requested.wire(), ownerRole.wire(), owner);
        }
    }

    record NoSuchToken(String username, String id) implements AccountRefusal {
        public String message() {
            return "user %s has no API token %s".formatted(username, id);
        }
    }
}
