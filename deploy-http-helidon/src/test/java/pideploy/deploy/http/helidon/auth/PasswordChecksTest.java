package pideploy.deploy.http.helidon.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

class PasswordChecksTest {
    @Test
    void checksOnItsOwnThreadsAndRefusesWhenTheQueueIsFull() throws Exception {
        String slow = PasswordHash.hash("a slow password".toCharArray(), 3_000_000);
        String fast = PasswordHash.hash("a quick password".toCharArray(), 2_000);
        // Callers on threads of their own: the common pool may have a single thread on a small machine.
        try (PasswordChecks checks = new PasswordChecks(1, 1);
                ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            assertThat(checks.verify("a quick password".toCharArray(), fast)).hasValue(true);
            assertThat(checks.verify("wrong".toCharArray(), fast)).hasValue(false);
            CompletableFuture<Optional<Boolean>> running =
                    CompletableFuture.supplyAsync(() -> checks.verify("a slow password".toCharArray(), slow), callers);
            Thread.sleep(300);
            CompletableFuture<Optional<Boolean>> queued =
                    CompletableFuture.supplyAsync(() -> checks.verify("a slow password".toCharArray(), slow), callers);
            Thread.sleep(300);
            assertThat(checks.verify("a quick password".toCharArray(), fast))
                    .as("the only thread is busy and the queue full")
                    .isEmpty();
            assertThat(running.get()).hasValue(true);
            assertThat(queued.get()).hasValue(true);
            assertThat(checks.verify("a quick password".toCharArray(), fast)).hasValue(true);
        }
    }
}
