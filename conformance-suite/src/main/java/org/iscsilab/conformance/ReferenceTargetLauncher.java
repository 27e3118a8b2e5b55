package org.iscsilab.conformance;

import java.net.InetSocketAddress;
import org.iscsilab.protocol.url.IscsiUrl;
import org.iscsilab.target.IscsiTarget;
import org.iscsilab.target.backend.LunSpec;

/**
 * Starts the reference target in this JVM for {@code iscsi-lab suite} without a URL: one target
 * ({@value IscsiTarget#DEFAULT_IQN}) on a free loopback port, LUN 0 = 1 GiB of sparse memory (as
 * {@code iscsi-lab target} by default). Registered in META-INF/services.
 */
public final class ReferenceTargetLauncher implements EmbeddedTarget.Launcher {

  @Override
  public String name() {
    return "iscsi-lab reference target";
  }

  @Override
  public EmbeddedTarget start() {
    IscsiTarget target = IscsiTarget.builder().listen("127.0.0.1", 0).lun(0, LunSpec.parse("1GiB")).start();
    InetSocketAddress a = target.address();
    IscsiUrl url = IscsiUrl.parse("iscsi://127.0.0.1:" + a.getPort() + "/" + IscsiTarget.DEFAULT_IQN + "/0");
    return new EmbeddedTarget() {
      @Override
      public IscsiUrl url() {
        return url;
      }

      @Override
      public void close() {
        target.close();
      }
    };
  }
}
