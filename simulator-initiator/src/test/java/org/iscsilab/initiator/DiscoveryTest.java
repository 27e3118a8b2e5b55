package org.iscsilab.initiator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DiscoveryTest {

  @Test
  void sendTargetsTextGroupsAddressesUnderTheirTarget() {
    byte[] text = ("TargetName=iqn.a:1\0TargetAddress=10.0.0.1:3260,1\0TargetAddress=[::1]:3260,2\0"
        + "TargetName=iqn.a:2\0").getBytes(StandardCharsets.UTF_8);
    assertThat(Discovery.parse(text)).containsExactly(
        new Discovery.DiscoveredTarget("iqn.a:1", java.util.List.of("10.0.0.1:3260,1", "[::1]:3260,2")),
        new Discovery.DiscoveredTarget("iqn.a:2", java.util.List.of()));
  }

  @Test
  void malformedSendTargetsTextIsAProtocolErrorNamingTheClause() {
    assertThatThrownBy(() -> Discovery.parse("TargetName".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(TargetProtocolException.class).hasMessageContaining("RFC 7143 §6.1");
  }
}
