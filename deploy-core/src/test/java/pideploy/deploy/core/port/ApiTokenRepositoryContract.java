package pideploy.deploy.core.port;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static pideploy.deploy.core.fixture.FleetFixtures.T0;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import pideploy.deploy.core.operator.ApiToken;

/** Contract of {@link ApiTokenRepository}. */
public abstract class ApiTokenRepositoryContract {
    private ApiTokenRepository tokens;

    /** A fresh, empty repository per test. */
    protected abstract ApiTokenRepository newRepository();

    @BeforeEach
    void create() {
        tokens = newRepository();
    }

    private static ApiToken token(String id, char hashDigit, String user, int second) {
        return new ApiToken(id, String.valueOf(hashDigit).repeat(64), user, "label of " + id, T0.plusSeconds(second));
    }

    @Test
    void findsNothingForAnUnknownHash() {
        assertThat(tokens.findByHash("a".repeat(64))).isEmpty();
        assertThat(tokens.listOf("admin")).isEmpty();
    }

    @Test
    void keepsEveryFieldOfAnAddedToken() {
        ApiToken t = token("aaaa1111", 'a', "admin", 0);
        tokens.add(t);

        assertThat(tokens.findByHash(t.tokenHash())).contains(t);
    }

    @Test
    void rejectsASecondTokenWithTheSameIdOrHash() {
        tokens.add(token("aaaa1111", 'a', "admin", 0));

        assertThatThrownBy(() -> tokens.add(token("aaaa1111", 'b', "admin", 1)))
                .isInstanceOf(DuplicateKeyException.class);
        assertThatThrownBy(() -> tokens.add(token("bbbb2222", 'a', "zoe", 1)))
                .isInstanceOf(DuplicateKeyException.class);
    }

    @Test
    void listsTheTokensOfOneUserOldestFirst() {
        tokens.add(token("cccc3333", 'c', "admin", 20));
        tokens.add(token("aaaa1111", 'a', "admin", 10));
        tokens.add(token("bbbb2222", 'b', "zoe", 5));

        assertThat(tokens.listOf("admin")).extracting(ApiToken::id).containsExactly("aaaa1111", "cccc3333");
    }

    @Test
    void revokesOnlyTheNamedTokenOfThatUser() {
        tokens.add(token("aaaa1111", 'a', "admin", 0));
        tokens.add(token("bbbb2222", 'b', "zoe", 0));

        assertThat(tokens.delete("admin", "bbbb2222")).isFalse();
        assertThat(tokens.delete("admin", "aaaa1111")).isTrue();
        assertThat(tokens.delete("admin", "aaaa1111")).isFalse();
        assertThat(tokens.findByHash("a".repeat(64))).isEmpty();
        assertThat(tokens.findByHash("b".repeat(64))).isPresent();
    }

    @Test
    void revokesEveryTokenOfAUser() {
        tokens.add(token("aaaa1111", 'a', "admin", 0));
        tokens.add(token("cccc3333", 'c', "admin", 1));
        tokens.add(token("bbbb2222", 'b', "zoe", 0));

        assertThat(tokens.deleteAllOf("admin")).isEqualTo(2);
        assertThat(tokens.listOf("admin")).isEmpty();
        assertThat(tokens.listOf("zoe")).hasSize(1);
    }
}
