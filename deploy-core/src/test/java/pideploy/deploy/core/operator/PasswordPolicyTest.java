package pideploy.deploy.core.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PasswordPolicyTest {
    @Test
    void refusesShortPasswordsSuchAsTheEightDigitsTheIssueTried() {
        assertThat(PasswordPolicy.problem("admin", "12345678"))
                .hasValueSatisfying(p -> assertThat(p).contains("8 characters").contains("at least 12"));
        assertThat(PasswordPolicy.problem("admin", "")).isPresent();
        assertThatThrownBy(() -> PasswordPolicy.require("PIDEPLOY_ADMIN_PASSWORD", "admin", "12345678"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("PIDEPLOY_ADMIN_PASSWORD: the password has 8 characters");
    }

    @Test
    void refusesTheUsernameAndRepeatedCharacters() {
        assertThat(PasswordPolicy.problem("operator-anna", "Operator-Anna"))
                .hasValueSatisfying(p -> assertThat(p).contains("must not be the username operator-anna"));
        assertThat(PasswordPolicy.problem("operator-anna", "anna-rotarepo")).isPresent();
        assertThat(PasswordPolicy.problem("bob", "aaaaaaaaaaaaaaaa")).isPresent();
        assertThat(PasswordPolicy.problem("bob", "abababababababab")).isPresent();
    }

    @Test
    void acceptsPassphrasesAndLongPasswords() {
        assertThat(PasswordPolicy.problem("admin", "correct horse battery")).isEmpty();
        assertThat(PasswordPolicy.problem("admin", "k8Fq2mZpL0xw")).isEmpty();
        assertThat(PasswordPolicy.problem("admin", "x".repeat(1025))).isPresent();
    }
}
