package pideploy.deploy.server.cli.archfixture;

import pideploy.deploy.http.helidon.auth.PasswordHash;

/** Breaks the admin-CLI rule: hashes a password with the HTTP adapter's PBKDF2 instead of calling the use case. */
public final class HashesPasswordsItself {
    String hash(String password) {
        return PasswordHash.hash(password.toCharArray());
    }
}
