package org.iscsilab.conformance.proof;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.iscsilab.conformance.SuiteRunner;
import org.iscsilab.reports.CaseResult;
import org.iscsilab.reports.Verdict;
import org.iscsilab.testfixtures.peers.IstgtPeer;
import org.iscsilab.testfixtures.peers.TgtPeer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The login, negotiation and discovery areas against tgt (plain and with CHAP) and istgt on
 * loopback. Every test ends with a verdict, no run hangs; the reports land in
 * target/peer-runs/ for reading. Takes minutes (istgt logins are slow), so it runs only when asked:
 *
 * <pre>
 * ./mvnw -pl conformance-suite -am verify -Pinterop -Dtest=None -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dit.test=LoginAreasPeerIT -Discsilab.peers.login=true
 * </pre>
 */
@EnabledIfSystemProperty(named = "iscsilab.peers.login", matches = "true")
class LoginAreasPeerIT {

  private static final Path OUT = Path.of("target", "peer-runs");
  private static final List<String> AREAS = List.of("login", "negotiation", "discovery");

  private static SuiteRunner.Outcome judge(String url, String name) throws Exception {
    return SuiteRunner.run(SuiteRunner.Options.defaults().withTarget(url).withOut(OUT.resolve(name))
        .withTags(AREAS, List.of()).withTimeouts(Duration.ofSeconds(30), Duration.ofSeconds(3)), null);
  }

  private static void everyTestHasAVerdict(SuiteRunner.Outcome o) {
    assertThat(o.summary().results()).hasSizeGreaterThan(100).allSatisfy(c -> assertThat(c.verdict())
        .isIn(Verdict.PASS, Verdict.FAIL, Verdict.WARNING, Verdict.NOT_SUPPORTED));
    o.summary().findings().forEach(f -> assertThat(f.diagnosis()).as(f.test()).isNotBlank());
  }

  private static CaseResult named(SuiteRunner.Outcome o, String name) {
    return o.summary().results().stream().filter(c -> c.name().startsWith(name)).findFirst().orElseThrow();
  }

  @Test
  void tgt() throws Exception {
    try (TgtPeer tgt = TgtPeer.startWithDefaultTarget()) {
      everyTestHasAVerdict(judge(tgt.url(TgtPeer.DISK_LUN), "tgt"));
    }
  }

  @Test
  void tgtWithChap() throws Exception {
    try (TgtPeer tgt = TgtPeer.startWithDefaultTarget()) {
      tgt.requireChap(TgtPeer.DEFAULT_TID, LoginProofRuns.USER, LoginProofRuns.SECRET);
      String url = tgt.url(TgtPeer.DISK_LUN).replace("iscsi://", "iscsi://" + LoginProofRuns.USER + "%"
          + LoginProofRuns.SECRET + "@");
      everyTestHasAVerdict(judge(url, "tgt-chap"));
    }
  }

  @Test
  void tgtWithMutualChap() throws Exception {
    try (TgtPeer tgt = TgtPeer.startWithDefaultTarget()) {
      tgt.requireChap(TgtPeer.DEFAULT_TID, LoginProofRuns.USER, LoginProofRuns.SECRET);
      tgt.mutualChap(TgtPeer.DEFAULT_TID, "targetuser", "targetsecret1234");
      String url = tgt.url(TgtPeer.DISK_LUN).replace("iscsi://", "iscsi://" + LoginProofRuns.USER + "%"
          + LoginProofRuns.SECRET + "@") + "?target_user=targetuser&target_password=targetsecret1234";
      everyTestHasAVerdict(judge(url, "tgt-mutual-chap"));
    }
  }

  @Test
  void istgt() throws Exception {
    try (IstgtPeer istgt = IstgtPeer.start()) {
      SuiteRunner.Outcome o = judge(istgt.url(), "istgt");
      everyTestHasAVerdict(o);
      assertThat(named(o, "closesConnectionAfterRefusingUnknownTsih").verdict()).isNotEqualTo(Verdict.PASS);
    }
  }
}
