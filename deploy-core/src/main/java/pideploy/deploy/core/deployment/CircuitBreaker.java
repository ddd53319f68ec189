package pideploy.deploy.core.deployment;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A batch's safety net (ADR-0058): the batch should pause itself when {@code failures} of its last {@code window}
 * finished deployments failed. Only finished deployments count (success, booted, failed): one still writing has not
 * told us anything yet, and counting it as good would hide a run of failures behind slow cards.
 *
 * @param failures how many failures trip it, 1..window
 * @param window   how many of the latest finished deployments are looked at, 1..1000
 */
public record CircuitBreaker(int failures, int window) {
    public static final int MAX_WINDOW = 1000;

    public CircuitBreaker {
        if (window < 1 || window > MAX_WINDOW) {
            throw new IllegalArgumentException(
                    "breaker window must be 1-%d deployments, got %d".formatted(MAX_WINDOW, window));
        }
        if (failures < 1 || failures > window) {
            throw new IllegalArgumentException(
                    "breaker failures must be 1-%d (at most the window), got %d".formatted(window, failures));
        }
    }

    /**
     * Why the batch should pause, if it should: "3 of the last 5 deployments failed (write 2, verify 1)".
     *
     * @param newestFirst the batch's deployments, newest first; unfinished ones are skipped
     */
    public Optional<String> tripReason(List<Deployment> newestFirst) {
        List<Deployment> finished = newestFirst.stream()
                .filter(d -> d.status().isFinished())
                .limit(window)
                .toList();
        List<Deployment> failed = finished.stream()
                .filter(d -> d.status() == DeploymentStatus.FAILED)
                .toList();
        if (failed.size() < failures) {
            return Optional.empty();
        }
        Map<FailureStep, Long> steps = failed.stream()
                .filter(d -> d.failureStep().isPresent())
                .collect(Collectors.groupingBy(
                        d -> d.failureStep().get(), () -> new EnumMap<>(FailureStep.class), Collectors.counting()));
        long unknown = failed.stream().filter(d -> d.failureStep().isEmpty()).count();
        String bySteps = steps.entrySet().stream()
                .map(e -> e.getKey().wireName() + " " + e.getValue())
                .collect(Collectors.joining(", "));
        if (unknown > 0) {
            bySteps = bySteps.isEmpty() ? "no step given " + unknown : bySteps + ", no step given " + unknown;
        }
        return Optional.of(
                "%d of the last %d deployments failed (%s)".formatted(failed.size(), finished.size(), bySteps));
    }
}
