package org.iscsilab.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import org.iscsilab.protocol.pdu.LoginResponse;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Conformance tests with known outcomes, run by the suite's own tests through {@link SuiteRunner}.
 * Nested, so that neither surefire nor the suite's default selection ever runs them on their own.
 */
final class VerdictFixtures {

  private VerdictFixtures() {}

  @Area(ProtocolArea.LOGIN)
  static class Outcomes {
    @Test
    @Clause(value = "RFC 7143 §4.1", level = Level.MUST)
    void passes() {
      assertThat(1).isEqualTo(1);
    }

    @Test
    @Clause(value = "RFC 7143 §4.2", level = Level.MUST)
    void violatesMust() {
      assertThat("Unsupported version").as("status").isEqualTo("Success");
    }

    @Test
    @Clause(value = "RFC 7143 §4.3", level = Level.SHOULD)
    void violatesShould() {
      assertThat(0x0200).as("Status-Detail").isEqualTo(0x0205);
    }

    @Test
    @Clause(value = "RFC 7143 §4.4", level = Level.MAY)
    void violatesMay() {
      assertThat(false).as("optional behaviour").isTrue();
    }

    @Test
    @Clause(value = "RFC 7143 §4.5", level = Level.MUST)
    void targetDeclinesFeature() {
      NotSupported.unless(false, "the target declined ImmediateData");
    }

    @Test
    @Clause(value = "RFC 7143 §4.6", level = Level.MUST)
    void testOwnAssumptionFails() {
      Assumptions.assumeTrue(false, "needs two LUNs");
    }

    @Test
    @Clause(value = "RFC 7143 §4.2.1", level = Level.MUST)
    void breaksUnexpectedly() throws IOException {
      throw new IOException("Connection reset by peer");
    }

    @Test
    @Tag(SuiteTags.DESTRUCTIVE)
    @Clause(value = "SBC-3 §5.40", level = Level.MUST)
    void writesToTheLun() {
      assertThat(true).isTrue();
    }
  }

  /** Against a target that never answers. */
  @Area(ProtocolArea.LOGIN)
  static class Hangs {
    @Test
    @Clause(value = "RFC 7143 §11.13", level = Level.MUST)
    void loginResponseNeverComes(ConformanceContext ctx) throws IOException {
      RawConnection c = ctx.connect();
      c.send(ctx.firstLogin().initiatorTaskTag(0x1234).build());
      c.expect(LoginResponse.class);
    }
  }

  /** A session through the reference initiator against a target that never answers. */
  @Area(ProtocolArea.LOGIN)
  static class SessionHangs {
    @Test
    @Clause(value = "RFC 7143 §6.3", level = Level.MUST)
    void sessionLoginNeverAnswered(ConformanceContext ctx) {
      ctx.session();
    }
  }

  /** Allure steps and attachments from a test body, and a parameterized test. */
  @Area(ProtocolArea.NEGOTIATION)
  static class StepsAndParameters {
    @Test
    @Clause(value = "RFC 7143 §6.2", level = Level.MUST)
    void reportsItsSteps() {
      io.qameta.allure.Allure.step("offer MaxRecvDataSegmentLength=8192", () -> assertThat(8192).isPositive());
      io.qameta.allure.Allure.addAttachment("negotiated keys", "text/plain", "MaxRecvDataSegmentLength=8192");
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"None", "CRC32C"})
    @Clause(value = "RFC 7143 §13.1", level = Level.SHOULD)
    void offersDigest(String digest) {
      assertThat(digest).isEqualTo("None");
    }
  }

  /** A body that blocks beyond the per-test deadline. */
  @Area(ProtocolArea.NOP)
  static class Overruns {
    @Test
    @Clause(value = "RFC 7143 §11.18", level = Level.MUST)
    void blocksForever(ConformanceContext ctx) throws Exception {
      RawConnection c = ctx.connect();
      c.send(ctx.firstLogin().build());
      new CountDownLatch(1).await(); // released only by the deadline's interrupt
    }
  }

  /** A class without @Clause on a test: the checker must catch it (never run by the suite). */
  @Area(ProtocolArea.LOGIN)
  static class MissingClause {
    @Test
    void noClause() {}
  }
}
