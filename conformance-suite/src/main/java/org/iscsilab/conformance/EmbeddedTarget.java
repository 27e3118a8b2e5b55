package org.iscsilab.conformance;

import org.iscsilab.protocol.url.IscsiUrl;

/**
 * The reference target running in this JVM for a suite run without a URL.
 *
 * <p>Seam for the target module: an implementation of {@link Launcher} that starts
 * {@code org.iscsilab.target.IscsiTarget} on a free loopback port, registered in
 * {@code META-INF/services/org.iscsilab.conformance.EmbeddedTarget$Launcher}. Until one is on the
 * class path, {@code iscsi-lab suite} without a URL says so and exits 2.
 */
public interface EmbeddedTarget extends AutoCloseable {

  /** Where it listens, with its IQN and LUN (and CHAP secrets if it requires them). */
  IscsiUrl url();

  /** Stops it; sessions are closed. */
  @Override
  void close();

  /** Starts an embedded target; found with {@link java.util.ServiceLoader}. */
  interface Launcher {
    /** A short name for messages ("iscsi-lab reference target"). */
    String name();

    EmbeddedTarget start() throws Exception;
  }
}
