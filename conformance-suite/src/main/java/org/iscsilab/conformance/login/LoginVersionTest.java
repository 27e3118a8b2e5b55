package org.iscsilab.conformance.login;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.iscsilab.conformance.Area;
import org.iscsilab.conformance.Clause;
import org.iscsilab.conformance.ConformanceContext;
import org.iscsilab.conformance.Level;
import org.iscsilab.conformance.ProtocolArea;
import org.iscsilab.conformance.RawConnection;
import org.iscsilab.protocol.pdu.LoginResponse;
import org.iscsilab.protocol.pdu.LoginStatus;
import org.junit.jupiter.api.Test;

/** Version-max / Version-min / Version-active (RFC 7143 §11.12.4, §11.13.2). */
@Area(ProtocolArea.LOGIN)
class LoginVersionTest {

  /** No iSCSI version 0x7f exists; RFC 7143 is version 0x00. */
  private static final int UNSUPPORTED_VERSION = 0x7f;

  private static LoginResponse loginWithUnsupportedVersion(ConformanceContext ctx) throws IOException {
    RawConnection c = ctx.connect();
    c.send(ctx.firstLogin().versionMax(UNSUPPORTED_VERSION).versionMin(UNSUPPORTED_VERSION).build());
    return c.expect(LoginResponse.class);
  }

  @Test
  @Clause(value = "RFC 7143 §11.13.2", level = Level.MUST)
  void rejectsLoginWithUnsupportedVersionRange(ConformanceContext ctx) throws IOException {
    LoginResponse r = loginWithUnsupportedVersion(ctx);
    assertThat(r.status().statusClass())
        .as("Status-Class of the answer to Version-min = Version-max = 0x7f (got %s)", r.status())
        .isEqualTo(LoginStatus.INITIATOR_ERROR.statusClass());
  }

  @Test
  @Clause(value = "RFC 7143 §11.13.5", level = Level.SHOULD)
  void answersUnsupportedVersionRangeWithUnsupportedVersionStatus(ConformanceContext ctx) throws IOException {
    LoginResponse r = loginWithUnsupportedVersion(ctx);
    assertThat(r.status()).as("status of the answer to an unsupported version range").isEqualTo(LoginStatus.UNSUPPORTED_VERSION);
  }
}
