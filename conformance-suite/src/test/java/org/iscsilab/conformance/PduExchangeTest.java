package org.iscsilab.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.iscsilab.protocol.codec.PduHistory;
import org.iscsilab.protocol.pdu.LoginRequest;
import org.iscsilab.protocol.pdu.LoginResponse;
import org.iscsilab.protocol.pdu.LoginStatus;
import org.iscsilab.reports.Verdict;
import org.junit.jupiter.api.Test;

class PduExchangeTest {

  @Test
  void aCodecHistoryRendersAsEvidence() {
    PduHistory h = new PduHistory(16);
    h.onOutbound(LoginRequest.builder().initiatorTaskTag(7).build(), 1_000_000L);
    h.onInbound(LoginResponse.builder().initiatorTaskTag(7).status(LoginStatus.NOT_FOUND).build(), 3_000_000L);
    PduExchange e = PduExchange.of("target-side tap", h);
    assertThat(e.render()).startsWith("target-side tap").contains("->  Login Request", "<-  Login Response", "0x00000007");
    assertThat(e.lastEvent()).hasValueSatisfying(l -> assertThat(l).startsWith("<- Login Response"));
  }

  @Test
  void theSuitesOwnLogShowsKeysAndTheLastEvent() {
    PduLog log = new PduLog("connection 1 to 127.0.0.1:3260");
    assertThat(log.lastEvent()).isEmpty();
    log.sent(LoginRequest.builder().data(Keys.of("InitiatorName", "iqn.2026-11.org.iscsilab:x")).build());
    log.note("gave up waiting");
    assertThat(log.render()).contains("→ Login Request", "keys: InitiatorName=iqn.2026-11.org.iscsilab:x", "· gave up waiting");
    assertThat(log.lastEvent()).hasValueSatisfying(l -> assertThat(l).endsWith("· gave up waiting"));
  }

  @Test
  void aContextGathersEvidenceFromEverySourceAndClosesItsResources() {
    ConformanceContext ctx = new ConformanceContext(
        TargetUnderTest.of(org.iscsilab.protocol.url.IscsiUrl.parse("iscsi://127.0.0.1/iqn.2026-11.org.iscsilab:x/0"), false),
        SuiteSettings.defaults());
    PduLog a = new PduLog("first");
    a.note("one");
    ctx.attach(a);
    ctx.attach(new PduExchange() {
      @Override
      public String title() {
        return "broken source";
      }

      @Override
      public String render() {
        throw new IllegalStateException("gone");
      }
    });
    boolean[] closed = {false};
    ctx.closeAtEnd(() -> closed[0] = true);
    assertThat(ctx.evidence()).contains("first", "· one", "broken source: cannot be rendered");
    assertThat(ctx.lastEvent()).isEqualTo(Optional.of("first: " + a.lastEvent().orElseThrow().strip()));
    ctx.close();
    assertThat(closed[0]).isTrue();
    assertThat(Verdicts.describe(new NoResponse("no NOP-In after 10 s"))).isEqualTo("no NOP-In after 10 s");
    assertThat(List.of(Verdict.values())).hasSize(5);
  }
}
