package org.iscsilab.testfixtures.peers;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Free TCP ports on 127.0.0.1, found by binding port 0 and releasing it. Another process can take
 * the port between the release and the peer's bind, so peers start through {@link #withRetry}.
 */
public final class FreePort {
    private static final Logger LOG = LoggerFactory.getLogger(FreePort.class);
    public static final InetAddress LOOPBACK;
    /** Ports already handed out by this JVM: never hand one out twice. */
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();
    public static final int DEFAULT_ATTEMPTS = 5;

    static {
        try {
            LOOPBACK = InetAddress.getByAddress("localhost", new byte[] {127, 0, 0, 1});
        } catch (UnknownHostException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private FreePort() {
    }

    /** A port that was free on 127.0.0.1 a moment ago and that this JVM has not handed out before. */
    public static int pick() {
        for (int i = 0; i < 100; i++) {
            int port;
            try (ServerSocket s = new ServerSocket()) {
                s.setReuseAddress(false);
                s.bind(new InetSocketAddress(LOOPBACK, 0));
                port = s.getLocalPort();
            } catch (IOException e) {
                throw new PeerException("cannot bind a free port on 127.0.0.1: " + e.getMessage(), e);
            }
            if (HANDED_OUT.add(port)) {
                return port;
            }
        }
        throw new PeerException("no fresh free port on 127.0.0.1 after 100 tries");
    }

    /**
     * Calls {@code start} with fresh ports until it does not throw {@link PortInUseException},
     * at most {@code attempts} times.
     */
    public static <T> T withRetry(int attempts, IntFunction<T> start) {
        PortInUseException last = null;
        for (int i = 0; i < attempts; i++) {
            int port = pick();
            try {
                return start.apply(port);
            } catch (PortInUseException e) {
                LOG.info("port {} was taken before the peer could bind it; retrying", port);
                last = e;
            }
        }
        throw new PeerException("no free port after " + attempts + " attempts", last);
    }

    /** Thrown by a starting peer whose listening port was taken (EADDRINUSE). */
    public static final class PortInUseException extends PeerException {
        private static final long serialVersionUID = 1L;

        public PortInUseException(String message) {
            super(message);
        }
    }
}
