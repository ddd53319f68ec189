package pideploy.deploy.core.archfixture;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import pideploy.disk.image.archfixture.SectorMath;

/**
 * Keeps every rule, and uses what a real core does (records, a sealed outcome, a switch over it, arrays, collections,
 * an injected clock, System.Logger, disk-image), so the bite tests also show the rules have no false alarms.
 */
public record FollowsTheRules(Clock clock, List<String> names, byte[] head) {
    private static final System.Logger LOG = System.getLogger(FollowsTheRules.class.getName());

    /** Outcome of a pretend use case. */
    public sealed interface Outcome {
        /** Success. */
        record Done(Instant at) implements Outcome {}

        /** Refusal. */
        record Refused(String reason) implements Outcome {}
    }

    public FollowsTheRules {
        names = List.copyOf(names);
        head = head.clone();
    }

    Outcome act() {
        if (names.isEmpty()) {
            return new Outcome.Refused("no names");
        }
        return new Outcome.Done(Instant.now(clock));
    }

    String describe() {
        String text = switch (act()) {
            case Outcome.Done done -> "done at " + done.at() + ", sector " + SectorMath.sectorOf(head.length);
            case Outcome.Refused refused -> "refused: " + refused.reason();
        };
        LOG.log(System.Logger.Level.INFO, text);
        return text;
    }

    Optional<String> first() {
        if (names.isEmpty()) {
            throw new IllegalStateException("names: empty; add one first");
        }
        return names.stream().findFirst();
    }
}
