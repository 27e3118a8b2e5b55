package org.iscsilab.peers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.iscsilab.testfixtures.peers.PeerException;
import org.iscsilab.testfixtures.peers.Polling;
import org.iscsilab.testfixtures.peers.ProcessRunner;
import org.iscsilab.testfixtures.peers.ToolResult;
import org.junit.jupiter.api.Test;

class ProcessRunnerTest {

    @Test
    void capturesBothStreamsAndTheExitCode() {
        ToolResult r = ProcessRunner.run(Duration.ofSeconds(10), "sh", "-c", "echo out; echo err >&2; exit 3");
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.stdout()).isEqualTo("out\n");
        assertThat(r.stderr()).isEqualTo("err\n");
        assertThat(r.timedOut()).isFalse();
        assertThat(r.ok()).isFalse();
    }

    @Test
    void largeOutputOnBothStreamsDoesNotDeadlock() {
        ToolResult r = ProcessRunner.run(Duration.ofSeconds(20), "sh", "-c",
                "head -c 3000000 /dev/zero | tr '\\0' a; head -c 3000000 /dev/zero | tr '\\0' b >&2");
        assertThat(r.ok()).isTrue();
        assertThat(r.stdout()).hasSize(3_000_000);
        assertThat(r.stderr()).hasSize(3_000_000);
    }

    @Test
    void timeoutKillsTheWholeProcessTree() {
        ToolResult r = ProcessRunner.run(Duration.ofMillis(500), "sh", "-c", "sleep 60 & echo $!; wait");
        assertThat(r.timedOut()).isTrue();
        assertThat(r.exitCode()).isEqualTo(-1);
        assertThat(r.duration()).isLessThan(Duration.ofSeconds(10));
        long grandchild = Long.parseLong(r.stdout().strip());
        assertThat(Polling.await(Duration.ofSeconds(5),
                () -> ProcessHandle.of(grandchild).map(h -> !h.isAlive()).orElse(true))).isTrue();
    }

    @Test
    void nothingWaitsForATerminal() {
        ToolResult r = ProcessRunner.run(Duration.ofSeconds(5), "sh", "-c", "cat; echo done");
        assertThat(r.ok()).isTrue();
        assertThat(r.stdout()).isEqualTo("done\n");
    }

    @Test
    void requireOkNamesTheCommandAndTheOutputTails() {
        ToolResult r = ProcessRunner.run(Duration.ofSeconds(5), "sh", "-c", "echo boom >&2; exit 7");
        assertThatThrownBy(r::requireOk).isInstanceOf(PeerException.class)
                .hasMessageContaining("sh -c echo boom >&2; exit 7").hasMessageContaining("exited 7")
                .hasMessageContaining("boom");
    }
}
