package pideploy.deploy.core.port;

import static org.assertj.core.api.Assertions.assertThat;
import static pideploy.deploy.core.fixture.FleetFixtures.T0;

import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import pideploy.deploy.core.operator.AuditEntry;
import pideploy.deploy.core.operator.AuditQuery;
import pideploy.deploy.core.operator.NewAuditEntry;

/** Contract of {@link AuditLog}. */
public abstract class AuditLogContract {
    private AuditLog log;

    /** A fresh, empty log per test. */
    protected abstract AuditLog newLog();

    @BeforeEach
    void create() {
        log = newLog();
    }

    @Test
    void appendsWithIncreasingIdsAndKeepsEveryField() {
        AuditEntry a = log.append(new NewAuditEntry(T0, "admin", "pool.import", "CORO/KXP2", "1-50: 50 imported"));
        AuditEntry b = log.append(new NewAuditEntry(T0.plusSeconds(1), "cli", "venue.add", "LEMA", ""));

        assertThat(b.id()).isGreaterThan(a.id());
        assertThat(a).isEqualTo(new AuditEntry(a.id(), T0, "admin", "pool.import", "CORO/KXP2", "1-50: 50 imported"));
        assertThat(log.query(AuditQuery.latest(10))).containsExactly(b, a);
    }

    @Test
    void filtersByActorAndTimeAndPages() {
        AuditEntry a = log.append(new NewAuditEntry(T0, "admin", "x", "", ""));
        AuditEntry b = log.append(new NewAuditEntry(T0.plusSeconds(10), "bob", "y", "", ""));
        AuditEntry c = log.append(new NewAuditEntry(T0.plusSeconds(20), "admin", "z", "", ""));

        assertThat(log.query(new AuditQuery(Optional.of("admin"), Optional.empty(), 10, 0)))
                .containsExactly(c, a);
        assertThat(log.query(new AuditQuery(Optional.empty(), Optional.of(T0.plusSeconds(10)), 10, 0)))
                .containsExactly(c, b);
        assertThat(log.query(new AuditQuery(Optional.empty(), Optional.empty(), 1, 1)))
                .containsExactly(b);
    }

    @Test
    void isEmptyAtFirst() {
        assertThat(log.query(AuditQuery.latest(5))).isEmpty();
    }
}
