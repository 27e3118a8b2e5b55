package org.iscsilab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iscsilab.cli.CliResult.run;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.iscsilab.protocol.codec.FramingLimits;
import org.iscsilab.protocol.codec.PduFramer;
import org.iscsilab.protocol.pdu.DataSegment;
import org.iscsilab.protocol.pdu.LoginResponse;
import org.iscsilab.protocol.pdu.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SuiteCommandTest {

  @TempDir Path dir;

  private static int closedPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @Test
  void anUnreachableTargetIsOneLineAndExitCode2() throws Exception {
    int port = closedPort();
    CliResult r = run("suite", "iscsi://127.0.0.1:" + port + "/iqn.2026-11.org.iscsilab:x/0", "--out", dir.toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).startsWith("iscsi-lab suite: target unreachable: cannot connect to 127.0.0.1:" + port)
        .doesNotContain("\tat ").hasLineCount(1);
  }

  @Test
  void aMalformedUrlIsExitCode2() {
    CliResult r = run("suite", "iscsi://127.0.0.1:99999/iqn.x/0");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).startsWith("iscsi-lab suite: not a usable target URL: ").hasLineCount(1);
  }

  @Test
  void withoutUrlItJudgesTheEmbeddedReferenceTarget() {
    Path out = dir.resolve("embedded");
    CliResult r = run("suite", "--out", out.toString());
    assertThat(r.exit()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).contains("judging the embedded reference target at iscsi://127.0.0.1:", "No MUST-level failure.");
    assertThat(out.resolve("summary.json")).exists();
  }

  @Test
  void listPrintsTheSelectedTestsWithoutTouchingATarget() {
    CliResult r = run("suite", "--list", "--include", "login", "--exclude", "should");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("login", "MUST", "RFC 7143 §13.9", "LoginParametersTest#firstLoginResponseCarriesTargetPortalGroupTag")
        .doesNotContain("SHOULD", "nop ");
  }

  @Test
  void anOutputDirectoryThatCannotBeMadeIsExitCode2() throws Exception {
    Path file = Files.writeString(dir.resolve("a-file"), "x");
    CliResult r = run("suite", "iscsi://127.0.0.1/iqn.2026-11.org.iscsilab:x/0", "--out", file.resolve("sub").toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).startsWith("iscsi-lab suite: cannot write the reports to " + file.resolve("sub")).hasLineCount(1);
  }

  @Test
  void aBadDurationIsExitCode2() {
    CliResult r = run("suite", "iscsi://127.0.0.1/iqn.x/0", "--test-timeout", "soon");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("--test-timeout must be a duration");
  }

  @Test
  void helpNamesTheOptionsOfTheContract() {
    CliResult r = run("suite", "--help");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("--out", "--include", "--exclude", "--destructive", "URL");
  }

  @Test
  void aMustViolationIsExitCode1AndTheReportsAreWritten() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
      Thread t = new Thread(() -> acceptEverything(server), "yes-man target");
      t.setDaemon(true);
      t.start();
      Path out = dir.resolve("out");
      CliResult r = run("suite", "iscsi://127.0.0.1:" + server.getLocalPort() + "/iqn.2026-11.org.iscsilab:x/0",
          "--out", out.toString(), "--include", "login", "--response-timeout", "500ms");
      assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(1);
      assertThat(r.out()).contains("FAIL", "RFC 7143 §13.9", "MUST-level failure");
      assertThat(out.resolve("summary.json")).exists();
      assertThat(out.resolve("junit")).isDirectoryContaining("glob:**/TEST-*.xml");
      assertThat(out.resolve("allure-results")).isDirectoryContaining("glob:**/*-result.json");
      assertThat(Files.readString(out.resolve("summary.json"))).contains("\"mustFailures\"");
    }
  }

  /** A target that says yes to every Login Request, without TargetPortalGroupTag, and never hangs up. */
  private static void acceptEverything(ServerSocket server) {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        Thread c = new Thread(() -> answer(s), "yes-man connection");
        c.setDaemon(true);
        c.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private static void answer(Socket s) {
    try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
      while (true) {
        byte[] bhs = in.readNBytes(48);
        if (bhs.length < 48) {
          return;
        }
        int dsl = ((bhs[5] & 0xff) << 16) | ((bhs[6] & 0xff) << 8) | (bhs[7] & 0xff);
        in.readNBytes(dsl + PduFramer.padding(dsl));
        int itt = ((bhs[16] & 0xff) << 24) | ((bhs[17] & 0xff) << 16) | ((bhs[18] & 0xff) << 8) | (bhs[19] & 0xff);
        LoginResponse r = LoginResponse.builder().transit(true).currentStage(Stage.SECURITY_NEGOTIATION)
            .nextStage(Stage.LOGIN_OPERATIONAL_NEGOTIATION).initiatorTaskTag(itt)
            .data(DataSegment.ofText("AuthMethod=None\0")).build();
        out.write(PduFramer.encode(r, FramingLimits.LOGIN));
        out.flush();
      }
    } catch (IOException e) {
      // the suite hung up
    }
  }
}
