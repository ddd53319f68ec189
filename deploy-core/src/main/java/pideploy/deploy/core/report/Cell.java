package pideploy.deploy.core.report;

/** One value of a report row, typed so that JSON keeps numbers as numbers and CSV leaves absent values empty. */
public sealed interface Cell {
    record Text(String value) implements Cell {}

    record Whole(long value) implements Cell {}

    record Decimal(double value) implements Cell {}

    /** No value: a rate of nothing, the median of an empty sample. */
    record Empty() implements Cell {}

    static Cell of(java.util.OptionalDouble v) {
        return v.isPresent() ? new Decimal(v.getAsDouble()) : new Empty();
    }
}
