package org.iscsilab.testfixtures.peers;

import java.util.Objects;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a peer once per test class and stops it after the last test, even when tests fail;
 * a failing test gets the peer's log tail in the test log.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final PeerExtension<TgtPeer> TGT = PeerExtension.of(TgtPeer::startWithDefaultTarget);
 * ... TGT.get().url(TgtPeer.DISK_LUN) ...
 * }</pre>
 */
public final class PeerExtension<T extends AutoCloseable> implements BeforeAllCallback, AfterAllCallback, TestWatcher {
    private static final Logger LOG = LoggerFactory.getLogger(PeerExtension.class);
    private final Supplier<T> starter;
    private T peer;

    private PeerExtension(Supplier<T> starter) {
        this.starter = starter;
    }

    public static <T extends AutoCloseable> PeerExtension<T> of(Supplier<T> starter) {
        return new PeerExtension<>(Objects.requireNonNull(starter));
    }

    public T get() {
        if (peer == null) {
            throw new IllegalStateException("peer not started: register the extension on a static field");
        }
        return peer;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        peer = starter.get();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        T p = peer;
        peer = null;
        if (p != null) {
            p.close();
        }
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        if (peer instanceof TgtPeer t) {
            LOG.error("{} failed; {} log tail:\n{}", context.getDisplayName(), t, t.logTail());
        } else if (peer instanceof IstgtPeer i) {
            LOG.error("{} failed; {} log tail:\n{}", context.getDisplayName(), i, i.logTail());
        }
    }
}
