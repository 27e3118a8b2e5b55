package org.iscsilab.testfixtures.peers;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Bounded polling of a real readiness condition. */
public final class Polling {
    private static final long INTERVAL_MS = 50;

    private Polling() {
    }

    /**
     * Polls {@code condition} until it holds or {@code timeout} passes.
     *
     * @return whether the condition held in time
     */
    public static boolean await(Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (condition.getAsBoolean()) {
                return true;
            }
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            try {
                Thread.sleep(INTERVAL_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PeerException("interrupted while waiting", e);
            }
        }
    }

    /** Like {@link #await} but throws a {@link PeerException} built by {@code failure} on timeout. */
    public static void require(Duration timeout, BooleanSupplier condition, Supplier<String> failure) {
        if (!await(timeout, condition)) {
            throw new PeerException(failure.get());
        }
    }

    /** Whether something accepts TCP connections on 127.0.0.1:port right now. */
    public static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(FreePort.LOOPBACK, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
