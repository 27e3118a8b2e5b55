package org.iscsilab.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.iscsilab.protocol.url.IscsiUrl;

/** Stands in for the reference target behind the {@link EmbeddedTarget.Launcher} seam. */
public final class FakeEmbeddedTarget implements EmbeddedTarget {

  private static volatile boolean stopped;
  private final FakeTarget fake;

  private FakeEmbeddedTarget(FakeTarget fake) {
    this.fake = fake;
  }

  static boolean stopped() {
    return stopped;
  }

  @Override
  public IscsiUrl url() {
    return IscsiUrl.parse(fake.url());
  }

  @Override
  public void close() {
    try {
      fake.close();
      stopped = true;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Registered in src/test/resources/META-INF/services. */
  public static final class Launcher implements EmbeddedTarget.Launcher {
    @Override
    public String name() {
      return "fake embedded target";
    }

    @Override
    public EmbeddedTarget start() throws IOException {
      stopped = false;
      return new FakeEmbeddedTarget(FakeTarget.conforming());
    }
  }
}
