package org.iscsilab.target;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.iscsilab.protocol.auth.ChapCredentials;
import org.iscsilab.protocol.pdu.DataSegment;
import org.iscsilab.protocol.pdu.LoginRequest;
import org.iscsilab.protocol.pdu.LoginResponse;
import org.iscsilab.protocol.pdu.LoginStatus;
import org.iscsilab.protocol.pdu.Reject;
import org.iscsilab.protocol.pdu.ScsiCommand;
import org.iscsilab.protocol.pdu.Stage;
import org.iscsilab.protocol.pdu.TextRequest;
import org.iscsilab.protocol.pdu.TextResponse;
import org.junit.jupiter.api.Test;

@org.junit.jupiter.api.extension.ExtendWith(org.iscsilab.testfixtures.pdu.NettyLeakDetection.class)
class LoginTest {

  private static Map<String, String> kv(String... pairs) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      m.put(pairs[i], pairs[i + 1]);
    }
    return m;
  }

  @Test
  void firstLoginResponseCarriesTargetPortalGroupTag() {
    try (IscsiTarget t = TargetFixture.builder().start(); TestInitiator i = TestInitiator.connect(t.address())) {
      LoginResponse r = i.loginStep(Stage.SECURITY_NEGOTIATION, Stage.LOGIN_OPERATIONAL_NEGOTIATION, true,
          kv("InitiatorName", TestInitiator.NAME, "TargetName", IscsiTarget.DEFAULT_IQN, "AuthMethod", "None"));
      assertThat(r.status()).isEqualTo(LoginStatus.SUCCESS);
      assertThat(TestInitiator.parse(r.data())).containsEntry("TargetPortalGroupTag", "1");
      assertThat(r.transit()).isTrue();
    }
  }

  @Test
  void fullLoginAssignsATsihAndEntersFullFeaturePhase() {
    try (IscsiTarget t = TargetFixture.builder().start(); TestInitiator i = TestInitiator.connect(t.address())) {
      LoginResponse r = i.login();
      assertThat(r.status()).isEqualTo(LoginStatus.SUCCESS);
      assertThat(r.tsih()).isNotZero();
      assertThat(r.nextStage()).isEqualTo(Stage.FULL_FEATURE_PHASE);
      assertThat(t.sessionCount()).isEqualTo(1);
    }
  }

  @Test
  void unknownTargetNameIsNotFound() {
    try (IscsiTarget t = TargetFixture.builder().start(); TestInitiator i = TestInitiator.connect(t.address())) {
      TestInitiator.Login l = new TestInitiator.Login();
      l.target = "iqn.2026-11.org.iscsilab:nobody";
      assertThat(i.login(l).status()).isEqualTo(LoginStatus.NOT_FOUND);
      assertThat(i.awaitClosed(TestInitiator.WAIT)).isTrue();
    }
  }

  @Test
  void missingInitiatorNameIsMissingParameter() {
    try (IscsiTarget t = TargetFixture.builder().start(); TestInitiator i = TestInitiator.connect(t.address())) {
      LoginResponse r = i.loginStep(Stage.SECURITY_NEGOTIATION, Stage.LOGIN_OPERATIONAL_NEGOTIATION, true,
          kv("TargetName", IscsiTarget.DEFAULT_IQN, "AuthMethod", "None"));
      assertThat(r.status()).isEqualTo(LoginStatus.MISSING_PARAMETER);
    }
  }

  @Test
  void versionMinAboveZeroIsUnsupportedVersion() {
    try (IscsiTarget t = TargetFixture.builder().start(); TestInitiator i = TestInitiator.connect(t.address())) {
      i.send(LoginRequest.builder().versionMin(1).versionMax(2).data(TestInitiator.keys(kv("InitiatorName",
          TestInitiator.NAME, "TargetName", IscsiTarget.DEFAULT_IQN))).build());
      assertThat(i.receive(LoginResponse.class).status()).isEqualTo(LoginStatus.UNSUPPORTED_VERSION);
    }
  }

  @Test
  void initiatorNotOnTheAccessListIsAuthorizationFailure() {
    try (IscsiTarget t = TargetFixture.builder().allowInitiator("iqn.2026-11.org.iscsilab:someone-else").start();
         TestInitiator i = TestInitiator.connect(t.address())) {
      assertThat(i.login().status()).isEqualTo(LoginStatus.AUTHORIZATION_FAILURE);
    }
  }

  @Test
  void oneWayChapWithTheRightSecretLogsIn() {
    try (IscsiTarget t = TargetFixture.builder().chap("alice", "alice-secret-123").start();
         TestInitiator i = TestInitiator.connect(t.address())) {
      TestInitiator.Login l = new TestInitiator.Login();
      l.chap = ChapCredentials.of("alice", "alice-secret-123");
      assertThat(i.login(l).status()).isEqualTo(LoginStatus.SUCCESS);
    }
  }

  @Test
  void chapWithAWrongSecretIsAuthenticationFailure() {
    try (IscsiTarget t = TargetFixture.builder().chap("alice", "alice-secret-123").start();
         TestInitiator i = TestInitiator.connect(t.address())) {
      TestInitiator.Login l = new TestInitiator.Login();
      l.chap = ChapCredentials.of("alice", "wrong-secret-4567");
      assertThat(i.login(l).status()).isEqualTo(LoginStatus.AUTHENTICATION_FAILURE);
    }
  }

  @Test
  void mutualChapAuthenticatesTheTargetToo() {
    try (IscsiTarget t = TargetFixture.builder().chap("alice", "alice-secret-123")
        .mutualChap("target", "target-secret-456").start(); TestInitiator i = TestInitiator.connect(t.address())) {
      TestInitiator.Login l = new TestInitiator.Login();
      l.chap = ChapCredentials.of("alice", "alice-secret-123");
      l.mutual = ChapCredentials.of("target", "target-secret-456");
      assertThat(i.login(l).status()).isEqualTo(LoginStatus.SUCCESS);
    }
  }

  @Test
  void skippingAuthenticationWhenChapIsRequiredFails() {
    try (IscsiTarget t = TargetFixture.builder().chap("alice", "alice-secret-123").start();
         TestInitiator i = TestInitiator.connect(t.address())) {
      assertThat(i.login().status()).isEqualTo(LoginStatus.AUTHENTICATION_FAILURE);
    }
  }

  @Test
  void discoverySendTargetsAllListsTargetAndAddressWithPortalGroupTag() {
    try (IscsiTarget t = TargetFixture.builder().start(); TestInitiator i = TestInitiator.connect(t.address())) {
      TestInitiator.Login l = new TestInitiator.Login();
      l.discovery = true;
      assertThat(i.login(l).status()).isEqualTo(LoginStatus.SUCCESS);
      i.send(new TextRequest(true, true, false, 0, 9, -1, i.cmdSN, i.expStatSN,
          TestInitiator.keys(kv("SendTargets", "All"))));
      TextResponse r = i.receive(TextResponse.class);
      assertThat(r.finalFlag()).isTrue();
      assertThat(r.data().asText()).contains("TargetName=" + IscsiTarget.DEFAULT_IQN)
          .contains("TargetAddress=127.0.0.1:" + t.address().getPort() + ",1");
    }
  }

  @Test
  void discoverySessionRejectsScsiCommands() {
    try (IscsiTarget t = TargetFixture.builder().start(); TestInitiator i = TestInitiator.connect(t.address())) {
      TestInitiator.Login l = new TestInitiator.Login();
      l.discovery = true;
      i.login(l);
      i.send(ScsiCommand.builder().cdb(new byte[6]).initiatorTaskTag(5).cmdSN(i.cmdSN).build());
      assertThat(i.receive(Reject.class).data().length()).isEqualTo(48);
    }
  }

  @Test
  void loginTextBeyond64KiBIsRefused() {
    try (IscsiTarget t = TargetFixture.builder().start(); TestInitiator i = TestInitiator.connect(t.address())) {
      byte[] chunk = new byte[8192];
      java.util.Arrays.fill(chunk, (byte) 'a');
      LoginResponse r = null;
      for (int k = 0; k < 9 && r == null; k++) {
        i.send(LoginRequest.builder().continueFlag(true).data(DataSegment.of(chunk)).build());
        r = i.receive(LoginResponse.class);
        if (r.status().isSuccess()) {
          r = null;
        }
      }
      assertThat(r).isNotNull();
      assertThat(r.status().statusClass()).isEqualTo(2);
      assertThat(i.awaitClosed(TestInitiator.WAIT)).isTrue();
    }
  }

  @Test
  void unknownTsihIsSessionDoesNotExist() {
    try (IscsiTarget t = TargetFixture.builder().start(); TestInitiator i = TestInitiator.connect(t.address())) {
      i.tsih = 0x1234;
      assertThat(i.login().status()).isEqualTo(LoginStatus.SESSION_DOES_NOT_EXIST);
    }
  }

  @Test
  void loginWithTheSameIsidReinstatesTheSession() {
    try (IscsiTarget t = TargetFixture.builder().start(); TestInitiator first = TestInitiator.connect(t.address());
         TestInitiator second = TestInitiator.connect(t.address())) {
      first.login();
      assertThat(second.login().status()).isEqualTo(LoginStatus.SUCCESS);
      assertThat(first.awaitClosed(TestInitiator.WAIT)).isTrue();
    }
  }

  @Test
  void secondConnectionJoinsTheSessionUpToMaxConnections() {
    try (IscsiTarget t = TargetFixture.builder().limits(SessionLimits.DEFAULTS.withMaxConnections(2)).start();
         TestInitiator a = TestInitiator.connect(t.address()); TestInitiator b = TestInitiator.connect(t.address());
         TestInitiator c = TestInitiator.connect(t.address())) {
      a.login(new TestInitiator.Login().op("MaxConnections", "2"));
      b.tsih = a.tsih;
      b.isid = a.isid;
      b.cmdSN = a.cmdSN;
      b.cid = 1;
      assertThat(b.login(new TestInitiator.Login()).status()).isEqualTo(LoginStatus.SUCCESS);
      c.tsih = a.tsih;
      c.isid = a.isid;
      c.cmdSN = a.cmdSN;
      // CIDs 0 and 1 are taken: a third connection is one too many.
      c.send(LoginRequest.builder().stages(Stage.SECURITY_NEGOTIATION, Stage.LOGIN_OPERATIONAL_NEGOTIATION)
          .isid(a.isid).tsih(a.tsih).cid(5).data(TestInitiator.keys(kv("InitiatorName", TestInitiator.NAME,
              "TargetName", IscsiTarget.DEFAULT_IQN, "AuthMethod", "None"))).build());
      assertThat(c.receive(LoginResponse.class).status()).isEqualTo(LoginStatus.TOO_MANY_CONNECTIONS);
    }
  }

  @Test
  void idleConnectionIsClosedAfterTheLoginTimeout() {
    SessionLimits quick = SessionLimits.DEFAULTS.withTimers(Duration.ZERO, Duration.ZERO, Duration.ofMillis(200));
    try (IscsiTarget t = TargetFixture.builder().limits(quick).start();
         TestInitiator i = TestInitiator.connect(t.address())) {
      assertThat(i.awaitClosed(TestInitiator.WAIT)).isTrue();
    }
  }

  @Test
  void firstPduOtherThanLoginClosesTheConnection() {
    try (IscsiTarget t = TargetFixture.builder().start(); TestInitiator i = TestInitiator.connect(t.address())) {
      i.send(ScsiCommand.builder().cdb(new byte[6]).build());
      assertThat(i.awaitClosed(TestInitiator.WAIT)).isTrue();
    }
  }

  @Test
  void sessionsBeyondTheLimitAreOutOfResources() {
    try (IscsiTarget t = TargetFixture.builder().limits(SessionLimits.DEFAULTS.withMaxSessions(1)).start();
         TestInitiator a = TestInitiator.connect(t.address()); TestInitiator b = TestInitiator.connect(t.address())) {
      assertThat(a.login().status()).isEqualTo(LoginStatus.SUCCESS);
      b.isid = a.isid + 1;
      assertThat(b.login().status()).isEqualTo(LoginStatus.OUT_OF_RESOURCES);
    }
  }

  @Test
  void shutdownAsksLoggedInInitiatorsToLogOut() {
    IscsiTarget t = TargetFixture.builder().start();
    try (TestInitiator i = TestInitiator.connect(t.address())) {
      i.login();
      Thread closer = new Thread(() -> t.close(Duration.ofSeconds(5)));
      closer.start();
      org.iscsilab.protocol.pdu.AsyncMessage m = i.receive(org.iscsilab.protocol.pdu.AsyncMessage.class);
      assertThat(m.asyncEvent()).isEqualTo(org.iscsilab.protocol.pdu.AsyncEvent.LOGOUT_REQUESTED);
      i.send(new org.iscsilab.protocol.pdu.LogoutRequest(true, org.iscsilab.protocol.pdu.LogoutReason.CLOSE_SESSION,
          0x61, 0, i.cmdSN, i.expStatSN));
      assertThat(i.receive(org.iscsilab.protocol.pdu.LogoutResponse.class).response())
          .isEqualTo(org.iscsilab.protocol.pdu.LogoutResponseCode.CLOSED_SUCCESSFULLY);
      assertThat(i.awaitClosed(TestInitiator.WAIT)).isTrue();
      try {
        closer.join(TestInitiator.WAIT.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      assertThat(closer.isAlive()).isFalse();
    } finally {
      t.close();
    }
  }

  @Test
  void targetAliasIsDeclaredWhenConfigured() {
    TargetDefinition d = new TargetDefinition("iqn.2026-11.org.iscsilab:aliased", "lab disk",
        java.util.Map.of(0, org.iscsilab.target.backend.LunSpec.parse("16MiB")), java.util.Optional.empty(),
        java.util.Optional.empty(), java.util.List.of(), 1);
    try (IscsiTarget t = IscsiTarget.builder().listen("127.0.0.1", 0).target(d).start();
         TestInitiator i = TestInitiator.connect(t.address())) {
      TestInitiator.Login l = new TestInitiator.Login();
      l.target = d.name();
      assertThat(i.login(l).status()).isEqualTo(LoginStatus.SUCCESS);
      assertThat(i.negotiated).containsEntry("TargetAlias", "lab disk");
    }
  }

  @Test
  void responseTextLongerThanOnePduIsSentInPiecesWithTheCBit() {
    String big = "x".repeat(12000);
    org.iscsilab.target.quirk.Quirk padding = new org.iscsilab.target.quirk.Quirk() {
      @Override
      public String name() {
        return "padding";
      }

      @Override
      public java.util.List<org.iscsilab.protocol.text.KeyValue> onLoginAnswer(
          org.iscsilab.target.quirk.QuirkContext ctx, int stage, java.util.List<org.iscsilab.protocol.text.KeyValue> k) {
        java.util.List<org.iscsilab.protocol.text.KeyValue> out = new java.util.ArrayList<>(k);
        if (stage == 0) {
          out.add(org.iscsilab.protocol.text.KeyValue.of("X-org.iscsilab-padding", big));
        }
        return out;
      }
    };
    try (IscsiTarget t = TargetFixture.builder().quirk(padding).start();
         TestInitiator i = TestInitiator.connect(t.address())) {
      i.send(LoginRequest.builder().stages(Stage.SECURITY_NEGOTIATION, Stage.LOGIN_OPERATIONAL_NEGOTIATION)
          .isid(i.isid).data(TestInitiator.keys(kv("InitiatorName", TestInitiator.NAME, "TargetName",
              IscsiTarget.DEFAULT_IQN, "AuthMethod", "None"))).build());
      LoginResponse first = i.receive(LoginResponse.class);
      i.expStatSN = first.statSN() + 1;
      assertThat(first.continueFlag()).isTrue();
      assertThat(first.transit()).isFalse();
      assertThat(first.data().length()).isEqualTo(8192);
      i.send(LoginRequest.builder().stages(Stage.SECURITY_NEGOTIATION, Stage.LOGIN_OPERATIONAL_NEGOTIATION)
          .isid(i.isid).cmdSN(i.cmdSN).expStatSN(i.expStatSN).build());
      LoginResponse rest = i.receive(LoginResponse.class);
      assertThat(rest.continueFlag()).isFalse();
      assertThat(rest.transit()).isTrue();
      byte[] all = new byte[first.data().length() + rest.data().length()];
      first.data().copyTo(0, all, 0, first.data().length());
      rest.data().copyTo(0, all, first.data().length(), rest.data().length());
      assertThat(new String(all, java.nio.charset.StandardCharsets.UTF_8)).contains("TargetPortalGroupTag=1")
          .contains("X-org.iscsilab-padding=" + big);
    }
  }

  @Test
  void targetsAreReachableOnlyThroughTheirPortalGroup() {
    java.util.Map<Integer, org.iscsilab.target.backend.LunSpec> luns =
        java.util.Map.of(0, org.iscsilab.target.backend.LunSpec.parse("16MiB"));
    TargetDefinition one = new TargetDefinition("iqn.2026-11.org.iscsilab:one", "", luns, java.util.Optional.empty(),
        java.util.Optional.empty(), java.util.List.of(), 1);
    TargetDefinition two = new TargetDefinition("iqn.2026-11.org.iscsilab:two", "", luns, java.util.Optional.empty(),
        java.util.Optional.empty(), java.util.List.of(), 2);
    try (IscsiTarget t = IscsiTarget.builder().listen(new java.net.InetSocketAddress("127.0.0.1", 0), 1)
        .listen(new java.net.InetSocketAddress("127.0.0.1", 0), 2).target(one).target(two).start()) {
      java.net.InetSocketAddress groupOne = t.addresses().get(0);
      java.net.InetSocketAddress groupTwo = t.addresses().get(1);
      try (TestInitiator i = TestInitiator.connect(groupOne)) {
        TestInitiator.Login l = new TestInitiator.Login();
        l.target = two.name();
        assertThat(i.login(l).status()).isEqualTo(LoginStatus.NOT_FOUND);
      }
      try (TestInitiator i = TestInitiator.connect(groupTwo)) {
        TestInitiator.Login l = new TestInitiator.Login();
        l.target = two.name();
        assertThat(i.login(l).status()).isEqualTo(LoginStatus.SUCCESS);
        assertThat(i.negotiated).containsEntry("TargetPortalGroupTag", "2");
      }
      try (TestInitiator i = TestInitiator.connect(groupOne)) {
        TestInitiator.Login l = new TestInitiator.Login();
        l.discovery = true;
        i.login(l);
        i.send(new TextRequest(true, true, false, 0, 9, -1, i.cmdSN, i.expStatSN,
            TestInitiator.keys(kv("SendTargets", "All"))));
        String text = i.receive(TextResponse.class).data().asText();
        assertThat(text).contains("TargetAddress=127.0.0.1:" + groupOne.getPort() + ",1")
            .contains("TargetAddress=127.0.0.1:" + groupTwo.getPort() + ",2");
      }
    }
  }

  @Test
  void securityStageStraightToFullFeaturePhaseKeepsDefaultLimits() {
    try (IscsiTarget t = TargetFixture.builder().start(); TestInitiator i = TestInitiator.connect(t.address())) {
      LoginResponse r = i.loginStep(Stage.SECURITY_NEGOTIATION, Stage.FULL_FEATURE_PHASE, true,
          kv("InitiatorName", TestInitiator.NAME, "TargetName", IscsiTarget.DEFAULT_IQN, "AuthMethod", "None"));
      assertThat(r.status()).isEqualTo(LoginStatus.SUCCESS);
      assertThat(r.nextStage()).isEqualTo(Stage.FULL_FEATURE_PHASE);
      assertThat(r.tsih()).isNotZero();
      // 8 KiB both ways by default: a 16 KiB read arrives in two Data-In PDUs.
      assertThat(i.read(TargetFixture.read10(0, 32), 16384).dataIns()).hasSize(2);
    }
  }

  @Test
  void operationalStageFirstWithoutSecurityStageLogsIn() {
    try (IscsiTarget t = TargetFixture.builder().start(); TestInitiator i = TestInitiator.connect(t.address())) {
      LoginResponse r = i.loginStep(Stage.LOGIN_OPERATIONAL_NEGOTIATION, Stage.FULL_FEATURE_PHASE, true,
          kv("InitiatorName", TestInitiator.NAME, "TargetName", IscsiTarget.DEFAULT_IQN));
      assertThat(r.status()).isEqualTo(LoginStatus.SUCCESS);
      assertThat(TestInitiator.parse(r.data())).containsEntry("TargetPortalGroupTag", "1");
    }
  }
}
