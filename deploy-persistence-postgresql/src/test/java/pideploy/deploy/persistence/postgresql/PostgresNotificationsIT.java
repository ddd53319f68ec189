package pideploy.deploy.persistence.postgresql;

import static org.assertj.core.api.Assertions.assertThat;
import static pideploy.deploy.core.fixture.FleetFixtures.CORO;
import static pideploy.deploy.core.fixture.FleetFixtures.KXP2;

import java.io.ByteArrayInputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import pideploy.deploy.core.fake.InMemoryImageStore;
import pideploy.deploy.core.fixture.FleetFixtures;
import pideploy.deploy.core.image.ImageVersion;
import pideploy.deploy.core.operator.NewAuditEntry;
import pideploy.deploy.core.port.EventPublisher;
import pideploy.deploy.core.port.FleetTransaction;
import pideploy.deploy.core.usecase.ConfigAnswer;
import pideploy.deploy.core.usecase.ConfigRequest;
import pideploy.deploy.core.usecase.CoreSettings;
import pideploy.deploy.core.usecase.DeployCore;
import pideploy.deploy.core.usecase.ImportPoolCommand;
import pideploy.deploy.core.usecase.RegisterImageCommand;

/**
 * LISTEN/NOTIFY between two adapters on one database (ADR-0097): what server A commits is announced to server B with
 * the event's sequence, server A's own listener hears nothing of its own writes, a rolled-back write announces nothing,
 * and a command-line change (an audit entry by {@code cli:…}) is announced by what it did.
 */
class PostgresNotificationsIT {
    @RegisterExtension
    static final PostgresExtension POSTGRES = new PostgresExtension();

    /** Collects what a listener is told. */
    static final class Heard implements PostgresNotifications.Listener {
        final BlockingQueue<Object> got = new LinkedBlockingQueue<>();

        @Override
        public void eventsCommitted(List<Long> sequences) {
            sequences.forEach(got::add);
        }

        @Override
        public void commandLineChanged(String what) {
            got.add(what);
        }

        @Override
        public void resumed() {
            got.add("resumed");
        }
    }

    @Test
    void anotherServersCommittedEventsAreAnnouncedAndOwnOnesAreNot() throws Exception {
        LocalPostgres.TestDatabase database = POSTGRES.freshDatabase();
        try (PostgresDatabase a = PostgresDatabase.open(database.settings());
                PostgresDatabase b = PostgresDatabase.open(database.settings())) {
            Heard heardByA = new Heard();
            Heard heardByB = new Heard();
            try (PostgresNotifications la = a.listen(heardByA);
                    PostgresNotifications lb = b.listen(heardByB)) {
                DeployCore coreA = core(a);
                FleetFixtures.seed(a.fleetStore());
                coreA.registerImage()
                        .register(new RegisterImageCommand(
                                KXP2,
                                ImageVersion.of("1.0"),
                                "i.img",
                                new ByteArrayInputStream(new byte[4096]),
                                "",
                                Optional.empty(),
                                true));
                coreA.importPool().importNumbers(ImportPoolCommand.parse(CORO, KXP2, "1-10"));

                ConfigAnswer answer =
                        coreA.answerConfig().answer(ConfigRequest.of(KXP2, CORO, FleetFixtures.device(1)));
                assertThat(answer).isInstanceOf(ConfigAnswer.Assigned.class);
                long committed = a.fleetStore()
                        .read((FleetTransaction tx) -> tx.deployments().lastEventSequence());

                assertThat(heardByB.got.poll(15, TimeUnit.SECONDS))
                        .as("server B hears server A's deployment event")
                        .isEqualTo(committed);

                // A write that fails after inserting nothing committed: still nothing to hear (NOTIFY is
                // transactional).
                try {
                    a.fleetStore().write(tx -> {
                        throw new IllegalStateException("rolled back");
                    });
                } catch (IllegalStateException expected) {
                    // the work's own exception, as the contract says
                }

                b.auditLog().append(new NewAuditEntry(Instant.now(), "cli:root", "pool.import", "CORO/KXP2", "1-10"));
                // An operator's change through a server's API is not announced (its pages get it from that server).
                b.auditLog().append(new NewAuditEntry(Instant.now(), "admin", "venue.add", "ZETA", ""));
                assertThat(heardByA.got.poll(15, TimeUnit.SECONDS))
                        .as("a command-line change is announced; server A's own event is not")
                        .isEqualTo("pool.import CORO/KXP2");
                assertThat(heardByB.got.poll(15, TimeUnit.SECONDS)).isEqualTo("pool.import CORO/KXP2");
                b.auditLog().append(new NewAuditEntry(Instant.now(), "cli:root", "venue.add", "ETA", ""));
                assertThat(heardByA.got.poll(15, TimeUnit.SECONDS)).isEqualTo("venue.add ETA");
                assertThat(heardByA.got).isEmpty();
                assertThat(heardByB.got.poll(15, TimeUnit.SECONDS)).isEqualTo("venue.add ETA");
                assertThat(heardByB.got).isEmpty();
            }
        }
    }

    private static DeployCore core(PostgresDatabase db) {
        return DeployCore.create(
                db.fleetStore(),
                new InMemoryImageStore(),
                EventPublisher.NONE,
                Clock.systemUTC(),
                CoreSettings.DEFAULTS);
    }
}
