package org.iscsilab.conformance;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import org.iscsilab.protocol.url.IscsiUrl;

/** Turns a URL (or its absence) into the target of a run. */
public final class SuiteTargets {

  /** The target of a run and what to stop at the end (the embedded target, if started). */
  public record Resolved(TargetUnderTest target, Optional<EmbeddedTarget> embedded) implements AutoCloseable {
    @Override
    public void close() {
      embedded.ifPresent(EmbeddedTarget::close);
    }
  }

  private SuiteTargets() {}

  /**
   * Parses {@code url}; without one, starts the embedded reference target.
   *
   * @throws SuiteCannotRun for a malformed URL, a URL without target and LUN, or no embedded target
   */
  public static Resolved resolve(Optional<String> url) throws SuiteCannotRun {
    if (url.isPresent()) {
      return new Resolved(TargetUnderTest.of(parse(url.get()), false), Optional.empty());
    }
    EmbeddedTarget started = startEmbedded();
    return new Resolved(TargetUnderTest.of(started.url(), true), Optional.of(started));
  }

  /** Parses a full {@code iscsi://} URL with target and LUN. */
  public static IscsiUrl parse(String url) throws SuiteCannotRun {
    try {
      return IscsiUrl.parse(url);
    } catch (IllegalArgumentException e) {
      throw new SuiteCannotRun("not a usable target URL: " + e.getMessage()
          + " (expected iscsi://[USER[%SECRET]@]HOST[:PORT]/TARGET-IQN/LUN)", e);
    }
  }

  private static EmbeddedTarget startEmbedded() throws SuiteCannotRun {
    List<EmbeddedTarget.Launcher> launchers = new ArrayList<>();
    try {
      ServiceLoader.load(EmbeddedTarget.Launcher.class).forEach(launchers::add);
    } catch (java.util.ServiceConfigurationError e) {
      throw new SuiteCannotRun("the embedded reference target cannot be loaded: " + e.getMessage(), e);
    }
    if (launchers.isEmpty()) {
      throw new SuiteCannotRun("no URL given and the embedded reference target is not available in this build yet; "
          + "give the URL of a target to judge: iscsi-lab suite iscsi://HOST[:PORT]/TARGET-IQN/LUN");
    }
    EmbeddedTarget.Launcher l = launchers.get(0);
    try {
      return l.start();
    } catch (Exception e) {
      throw new SuiteCannotRun("the embedded " + l.name() + " did not start: " + e.getMessage(), e);
    }
  }
}
