package pideploy.deploy.core.usecase;

import java.util.Objects;
import java.util.function.Function;
import pideploy.deploy.core.operator.AccountRefusal;

/** What an operator use case did: done with a value, or refused with the reason (ADR-0100). */
public sealed interface AccountResult<T> {
    record Done<T>(T value) implements AccountResult<T> {
        public Done {
            Objects.requireNonNull(value, "value");
        }
    }

    record Refused<T>(AccountRefusal reason) implements AccountResult<T> {
        public Refused {
            Objects.requireNonNull(reason, "reason");
        }
    }

    static <T> AccountResult<T> done(T value) {
        return new Done<>(value);
    }

    static <T> AccountResult<T> refused(AccountRefusal reason) {
        return new Refused<>(reason);
    }

    /** The value, or the exception {@code refusal} makes of the reason. */
    default T orElseThrow(Function<AccountRefusal, ? extends RuntimeException> refusal) {
        return switch (this) {
            case Done<T> d -> d.value();
            case Refused<T> r -> throw refusal.apply(r.reason());
        };
    }
}
