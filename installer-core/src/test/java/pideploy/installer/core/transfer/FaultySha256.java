package pideploy.installer.core.transfer;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.MessageDigestSpi;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.Security;
import java.util.List;
import java.util.Map;
import pideploy.installer.core.fixtures.ThreadFault;

/**
 * A security provider, put first while a test runs, whose SHA-256 is the JDK's own except that it throws the fault's
 * {@link Error} on the fault's thread: the hashing stages take their digests from {@code MessageDigest.getInstance}
 * and have no other seam. JVM-wide, so only for tests that do not run in parallel (none do).
 */
final class FaultySha256 extends Provider {
    private static final String NAME = "PiDeployFaultySha256";

    private FaultySha256(ThreadFault fault) {
        super(NAME, "1", "SHA-256 that fails on one thread");
        putService(new Service(this, "MessageDigest", "SHA-256", Spi.class.getName(), List.of(), Map.of()) {
            @Override
            public Object newInstance(Object constructorParameter) throws NoSuchAlgorithmException {
                return new Spi(MessageDigest.getInstance("SHA-256", Security.getProvider("SUN")), fault);
            }
        });
    }

    /** Puts the provider first; closing takes it out again. */
    static AutoCloseable install(ThreadFault fault) {
        Security.insertProviderAt(new FaultySha256(fault), 1);
        return () -> Security.removeProvider(NAME);
    }

    private static final class Spi extends MessageDigestSpi {
        private final MessageDigest real;
        private final ThreadFault fault;

        Spi(MessageDigest real, ThreadFault fault) {
            this.real = real;
            this.fault = fault;
        }

        @Override
        protected int engineGetDigestLength() {
            return real.getDigestLength();
        }

        @Override
        protected void engineUpdate(byte input) {
            fault.strike();
            real.update(input);
        }

        @Override
        protected void engineUpdate(byte[] input, int offset, int len) {
            fault.strike();
            real.update(input, offset, len);
        }

        @Override
        protected void engineUpdate(ByteBuffer input) {
            fault.strike();
            real.update(input);
        }

        @Override
        protected byte[] engineDigest() {
            return real.digest();
        }

        @Override
        protected void engineReset() {
            real.reset();
        }
    }
}
