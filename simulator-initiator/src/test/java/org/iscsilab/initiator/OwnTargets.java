package org.iscsilab.initiator;

import java.net.InetSocketAddress;
import java.time.Duration;
import org.iscsilab.target.IscsiTarget;
import org.iscsilab.target.backend.LunSpec;
import org.iscsilab.target.quirk.Quirks;

/** The reference target in-process on a free loopback port, and a session configuration for it. */
final class OwnTargets {

  private OwnTargets() {}

  /** Started, with one memory LUN 0 of {@code lunSize} and the given target quirks. */
  static IscsiTarget start(String lunSize, String... quirks) {
    IscsiTarget.Builder b = IscsiTarget.builder().listen("127.0.0.1", 0).lun(0, LunSpec.parse(lunSize));
    for (String q : quirks) {
      b.quirk(Quirks.create(q));
    }
    IscsiTarget t = b.build();
    t.start();
    return t;
  }

  /** A normal session to the target's default IQN with the default initiator name. */
  static SessionConfig config(IscsiTarget t, Duration taskTimeout) {
    InetSocketAddress a = t.address();
    return SessionConfig.of(a.getHostString(), a.getPort(),
        LoginSpec.normal(LoginSpec.DEFAULT_INITIATOR_NAME, IscsiTarget.DEFAULT_IQN))
        .withTaskTimeout(taskTimeout);
  }
}
