package org.iscsilab.peers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.iscsilab.testfixtures.peers.FreePort;
import org.iscsilab.testfixtures.peers.PeerException;
import org.junit.jupiter.api.Test;

class FreePortTest {

    @Test
    void handsOutBindablePortsNeverTwice() throws IOException {
        List<Integer> ports = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ports.add(FreePort.pick());
        }
        assertThat(new HashSet<>(ports)).hasSize(20);
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(FreePort.LOOPBACK, ports.get(0)));
        }
    }

    @Test
    void retriesWhileThePortIsInUseThenGivesUp() {
        List<Integer> tried = new ArrayList<>();
        int port = FreePort.withRetry(3, p -> {
            tried.add(p);
            if (tried.size() < 3) {
                throw new FreePort.PortInUseException("taken");
            }
            return p;
        });
        assertThat(tried).hasSize(3).endsWith(port);

        assertThatThrownBy(() -> FreePort.withRetry(2, p -> {
            throw new FreePort.PortInUseException("taken");
        })).isInstanceOf(PeerException.class).hasMessageContaining("2 attempts");
    }
}
