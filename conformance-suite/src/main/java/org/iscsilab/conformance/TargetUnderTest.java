package org.iscsilab.conformance;

import java.net.InetSocketAddress;
import java.util.Optional;
import org.iscsilab.protocol.auth.ChapCredentials;
import org.iscsilab.protocol.url.IscsiUrl;

/**
 * The target being judged: where it is, which node and LUN, and the credentials to log in.
 * Resolved once per run (from {@code iscsilab.target}, or the embedded reference target) and
 * injected into test methods and constructors.
 *
 * <p>Seam: when the reference initiator lands, sessions are opened through
 * {@link ConformanceContext} with this target's URL; nothing here changes.
 */
public interface TargetUnderTest {

  /** The URL, secrets included (use {@link #description()} for anything printed). */
  IscsiUrl url();

  /** Whether this is the embedded reference target started by the suite. */
  boolean embedded();

  /** The URL without secrets, for reports. */
  default String description() {
    return url().toString();
  }

  default InetSocketAddress portal() {
    return InetSocketAddress.createUnresolved(url().host(), url().port());
  }

  /** The target node name (IQN) from the URL. */
  default String targetName() {
    return url().targetName().orElseThrow(() -> new IllegalStateException("the URL names no target: " + description()));
  }

  default int lun() {
    return url().lun().orElse(0);
  }

  /** The initiator's CHAP credentials, when the URL carries them. */
  default Optional<ChapCredentials> chap() {
    return url().hasChap() ? Optional.of(ChapCredentials.of(url().user().orElseThrow(), url().secret().orElseThrow()))
        : Optional.empty();
  }

  /** The credentials the target must present for mutual CHAP, when the URL carries them. */
  default Optional<ChapCredentials> mutualChap() {
    return url().hasMutualChap()
        ? Optional.of(ChapCredentials.of(url().targetUser().orElseThrow(), url().targetSecret().orElseThrow()))
        : Optional.empty();
  }

  /** A target given by URL. */
  static TargetUnderTest of(IscsiUrl url, boolean embedded) {
    return new UrlTarget(url, embedded);
  }

  /** The plain implementation. */
  record UrlTarget(IscsiUrl url, boolean embedded) implements TargetUnderTest {
    @Override
    public String toString() {
      return description();
    }
  }
}
