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

    /**
     * What a new batch gets unless the operator says otherwise: 5 of the last 10. A bad card or two in a storm does
     * not stop the batch; a bad image or a broken switch port fails every device and stops it within ten.
     */
    public static final CircuitBreaker DEFAULT = new CircuitBreaker(5, 10);

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
     * Reads {@code N/M} ({@code 5/10}) or {@code off} (empty), as the command line and the pages write it.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static Optional<CircuitBreaker> parse(String text) {
        String t = text == null ? "" : text.strip();
        if (t.equalsIgnoreCase("off")) {
            return Optional.empty();
        }
        String[] parts = t.split("/", -1);
        try {
            if (parts.length == 2) {
                return Optional.of(
                        new CircuitBreaker(Integer.parseInt(parts[0].strip()), Integer.parseInt(parts[1].strip())));
            }
        } catch (NumberFormatException e) {
            // falls through to the message below
        }
        throw new IllegalArgumentException(
                "breaker must be N/M (pause after N failures of the last M finished deployments, e.g. 5/10) or off,"
                        + " got '%s'".formatted(text));
    }

    /** {@code "5 of 10"}: how the API, the command line and the pages show the rule. */
    public String describe() {
        return failures + " of " + window;
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
