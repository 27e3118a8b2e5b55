package org.iscsilab.conformance.proof;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iscsilab.conformance.proof.LoginProofRuns.run;
import static org.iscsilab.conformance.proof.LoginProofRuns.test;

import java.util.List;
import org.iscsilab.protocol.pdu.LoginResponse;
import org.iscsilab.protocol.pdu.Pdu;
import org.iscsilab.reports.CaseResult;
import org.iscsilab.reports.Verdict;
import org.iscsilab.target.quirk.Quirk;
import org.iscsilab.target.quirk.QuirkContext;
import org.iscsilab.target.quirk.Quirks;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.DiscoverySelector;

/**
 * The login tests catch a reference target that breaks their rule, and pass it when it does not:
 * each quirk breaks exactly one rule, named or written here against the public {@link Quirk} seam.
 */
class LoginQuirkProofTest {

  private static final DiscoverySelector TPGT_WITHOUT_TRANSIT =
      test("login.LoginSessionTest", "firstLoginResponseWithoutTransitCarriesTargetPortalGroupTag", "ctx");
  private static final DiscoverySelector CHAP_ALGORITHM_LIST =
      test("login.LoginChapTest", "choosesFromChapAlgorithmList", "ctx");
  private static final DiscoverySelector ITT_ECHO =
      test("login.LoginIdentifiersTest", "loginResponseEchoesInitiatorTaskTag", "ctx");
  private static final DiscoverySelector TSIH_ONLY_IN_FINAL =
      test("login.LoginIdentifiersTest", "assignsNonZeroTsihOnlyInTheFinalLoginResponse", "ctx");

  private static CaseResult only(List<CaseResult> results) {
    assertThat(results).hasSize(1);
    return results.get(0);
  }

  @Test
  void missingTargetPortalGroupTagFailsTheTpgtTest() throws Exception {
    assertThat(only(run(null, TPGT_WITHOUT_TRANSIT)).verdict()).isEqualTo(Verdict.PASS);
    CaseResult r = only(run(Quirks.create("no-target-portal-group-tag"), TPGT_WITHOUT_TRANSIT));
    assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(r.clause()).isEqualTo("RFC 7143 §13.9");
    assertThat(r.message()).startsWith("the first Login Response (to a request naming TargetName, T=0) has no "
        + "TargetPortalGroupTag");
  }

  @Test
  void refusingAChapAlgorithmListFailsTheChapListTest() throws Exception {
    CaseResult ok = only(run(b -> b.chap(LoginProofRuns.USER, LoginProofRuns.SECRET), true, CHAP_ALGORITHM_LIST));
    assertThat(ok.verdict()).as(ok.message()).isEqualTo(Verdict.PASS);
    CaseResult r = only(run(b -> b.chap(LoginProofRuns.USER, LoginProofRuns.SECRET)
        .quirk(Quirks.create("refuse-chap-algorithm-list")), true, CHAP_ALGORITHM_LIST));
    assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(r.message()).contains("refused CHAP_A=200,7,5").contains("(C11)");
  }

  @Test
  void everyChapTestPassesOrIsNotSupportedAgainstACorrectChapTarget() throws Exception {
    List<CaseResult> rs = run(b -> b.chap(LoginProofRuns.USER, LoginProofRuns.SECRET), true,
        org.junit.platform.engine.discovery.DiscoverySelectors.selectClass(
            Class.forName("org.iscsilab.conformance.login.LoginChapTest")));
    assertThat(rs).hasSize(9).allSatisfy(c -> assertThat(c.verdict()).as(c.name() + ": " + c.message())
        .isIn(Verdict.PASS, Verdict.NOT_SUPPORTED));
    assertThat(rs).filteredOn(c -> c.verdict() == Verdict.PASS).hasSizeGreaterThanOrEqualTo(6);
  }

  @Test
  void reflectedAndOversizedChallengesAreJudgedAgainstAMutualChapTarget() throws Exception {
    List<CaseResult> rs = run(b -> b.chap(LoginProofRuns.USER, LoginProofRuns.SECRET)
            .mutualChap("targetuser", "targetsecret1234"), true, "?target_user=targetuser&target_password=targetsecret1234",
        test("login.LoginChapTest", "refusesReflectedChallenge", "ctx"),
        test("login.LoginChapTest", "refusesOversizedChallengeFromInitiator", "ctx"));
    assertThat(rs).hasSize(2).allSatisfy(c -> assertThat(c.verdict()).as(c.name() + ": " + c.message())
        .isEqualTo(Verdict.PASS));
  }

  /** Login Responses carry an ITT other than the request's. */
  private static final Quirk WRONG_ITT = new Quirk() {
    @Override
    public String name() {
      return "login-response-wrong-itt";
    }

    @Override
    public Pdu onSend(QuirkContext ctx, Pdu pdu) {
      if (pdu instanceof LoginResponse r) {
        return new LoginResponse(r.transit(), r.continueFlag(), r.currentStage(), r.nextStage(), r.versionMax(),
            r.versionActive(), r.isid(), r.tsih(), r.initiatorTaskTag() + 1, r.statSN(), r.expCmdSN(), r.maxCmdSN(),
            r.status(), r.data());
      }
      return pdu;
    }
  };

  /** Every Login Response of a new session already carries a TSIH, not only the final one. */
  private static final Quirk EARLY_TSIH = new Quirk() {
    @Override
    public String name() {
      return "tsih-before-final-response";
    }

    @Override
    public Pdu onSend(QuirkContext ctx, Pdu pdu) {
      if (pdu instanceof LoginResponse r && r.tsih() == 0 && r.status().isSuccess()) {
        return new LoginResponse(r.transit(), r.continueFlag(), r.currentStage(), r.nextStage(), r.versionMax(),
            r.versionActive(), r.isid(), 0x4242, r.initiatorTaskTag(), r.statSN(), r.expCmdSN(), r.maxCmdSN(),
            r.status(), r.data());
      }
      return pdu;
    }
  };

  @Test
  void wrongInitiatorTaskTagFailsTheEchoTest() throws Exception {
    assertThat(only(run(null, ITT_ECHO)).verdict()).isEqualTo(Verdict.PASS);
    CaseResult r = only(run(WRONG_ITT, ITT_ECHO));
    assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(r.message()).isEqualTo("the Login Response carries ITT 0x1234abce; the request's was 0x1234abcd");
  }

  @Test
  void tsihBeforeTheFinalResponseFailsTheTsihTest() throws Exception {
    assertThat(only(run(null, TSIH_ONLY_IN_FINAL)).verdict()).isEqualTo(Verdict.PASS);
    CaseResult r = only(run(EARLY_TSIH, TSIH_ONLY_IN_FINAL));
    assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(r.message()).startsWith("Login Response 1 of").contains("carries TSIH 0x4242");
  }
}
