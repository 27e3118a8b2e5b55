package org.iscsilab.conformance;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.UnaryOperator;
import org.iscsilab.initiator.IscsiSession;
import org.iscsilab.initiator.LoginSpec;
import org.iscsilab.initiator.SessionConfig;
import org.iscsilab.protocol.pdu.LoginRequest;
import org.iscsilab.protocol.pdu.Stage;

/**
 * What a conformance test gets to work with, one per test (a parameter of the test method): the
 * target, the settings, connections that are closed when the test ends — whatever its verdict,
 * so the next test starts afresh — and the PDU exchanges attached to the report if it fails.
 *
 * <pre>{@code
 * @Test @Clause(value = "RFC 7143 §13.9", level = Level.MUST)
 * void firstLoginResponseCarriesTargetPortalGroupTag(ConformanceContext ctx) throws IOException {
 *   RawConnection c = ctx.connect();
 *   c.send(ctx.firstLogin().build());
 *   LoginResponse r = c.expect(LoginResponse.class);
 *   assertThat(Keys.of(r)).containsKey("TargetPortalGroupTag");
 * }
 * }</pre>
 *
 * <p>Tests that need a logged-in session use {@link #session()} (the reference initiator's
 * high-level API); tests that put exact bytes on the wire use {@link #connect()}.
 */
public final class ConformanceContext implements AutoCloseable {

  private final TargetUnderTest target;
  private final SuiteSettings settings;
  private final List<PduExchange> exchanges = new ArrayList<>();
  private final Deque<AutoCloseable> resources = new ArrayDeque<>();
  private int connections;
  private boolean closed;

  public ConformanceContext(TargetUnderTest target, SuiteSettings settings) {
    this.target = target;
    this.settings = settings;
  }

  public TargetUnderTest target() {
    return target;
  }

  public SuiteSettings settings() {
    return settings;
  }

  /** How long to wait for one expected PDU ({@value SuiteSettings#RESPONSE_TIMEOUT}). */
  public Duration responseTimeout() {
    return settings.responseTimeout();
  }

  /** The InitiatorName the suite uses ({@value SuiteSettings#INITIATOR_NAME}). */
  public String initiatorName() {
    return settings.initiatorName();
  }

  /**
   * A new TCP connection to the target's portal, closed at the end of the test, its PDUs
   * recorded as evidence.
   */
  public RawConnection connect() throws IOException {
    int n;
    synchronized (this) {
      if (closed) {
        throw new IllegalStateException("the test is over; its connections are closed");
      }
      n = ++connections;
    }
    PduLog log = new PduLog("connection " + n + " to " + target.url().portal());
    attach(log);
    RawConnection c = RawConnection.open(target, settings.responseTimeout(), log);
    return closeAtEnd(c);
  }

  /**
   * A Normal session to the target through the reference initiator, logged in (with the URL's CHAP
   * credentials and digest preferences), closed at the end of the test, its PDU history attached as evidence. Waits for
   * each PDU at most the response timeout.
   *
   * @throws org.iscsilab.initiator.InitiatorException (a diagnosis) when the login fails
   */
  public IscsiSession session() {
    return session(c -> c);
  }

  /** As {@link #session()}, with the configuration adjusted by {@code tune} (queue depth, keys…). */
  public IscsiSession session(UnaryOperator<SessionConfig> tune) {
    LoginSpec login = LoginSpec.normal(initiatorName(), target.targetName()).withTimeout(responseTimeout());
    if (target.chap().isPresent()) {
      login = login.withChap(target.chap().get());
    }
    if (target.mutualChap().isPresent()) {
      login = login.withMutualChap(target.mutualChap().get());
    }
    if (target.url().headerDigest().isPresent() || target.url().dataDigest().isPresent()) {
      // ?header_digest=crc32c&data_digest=crc32c in the URL, as libiscsi
      login = login.withDigests(
          target.url().headerDigest().map(org.iscsilab.protocol.url.DigestPreference::offer).orElse("None"),
          target.url().dataDigest().map(org.iscsilab.protocol.url.DigestPreference::offer).orElse("None"));
    }
    SessionConfig config = tune.apply(SessionConfig.of(target.url().host(), target.url().port(), login)
        .withConnectTimeout(responseTimeout()).withTaskTimeout(responseTimeout()));
    int n;
    synchronized (this) {
      n = ++connections;
    }
    IscsiSession s;
    try {
      s = IscsiSession.open(config);
    } catch (org.iscsilab.initiator.InitiatorException e) {
      throw new SessionSetupFailed("could not log in the session this test needs: " + e.getMessage(), e);
    }
    closeAtEnd(s);
    attach(new SessionHistory(s, "session " + n + " to " + target.url().portal()));
    return s;
  }

  /** {@link #session()} could not log in: the diagnosis names the login, not the clause under test. */
  public static final class SessionSetupFailed extends RuntimeException implements Diagnosed {
    SessionSetupFailed(String diagnosis, Throwable cause) {
      super(diagnosis, cause);
    }

    @Override
    public String diagnosis() {
      return getMessage();
    }
  }

  /**
   * A valid first Login Request for a Normal session: security stage with transit to operational
   * negotiation, InitiatorName, TargetName, SessionType=Normal, AuthMethod=None, a fresh ISID.
   * Change what the test is about, e.g. {@code .versionMin(5).versionMax(5)}.
   */
  public LoginRequest.Builder firstLogin() {
    return LoginRequest.builder()
        .stages(Stage.SECURITY_NEGOTIATION, Stage.LOGIN_OPERATIONAL_NEGOTIATION)
        .isid(freshIsid())
        .data(Keys.of("InitiatorName", initiatorName(), "TargetName", target.targetName(),
            "SessionType", "Normal", "AuthMethod", "None"));
  }

  /** A random-qualifier ISID (RFC 7143 §11.12.5, type 0b10 "random"), distinct per call. */
  public static long freshIsid() {
    long qualifier = ThreadLocalRandom.current().nextLong(1L << 38);
    return (0x2L << 46) | qualifier;
  }

  /** Registers {@code resource} to be closed when the test ends (latest first). */
  public synchronized <T extends AutoCloseable> T closeAtEnd(T resource) {
    if (closed) {
      closeQuietly(resource);
      throw new IllegalStateException("the test is over; its resources are closed");
    }
    resources.push(resource);
    return resource;
  }

  /** Attaches a PDU exchange to the report of this test if it fails. */
  public synchronized void attach(PduExchange exchange) {
    exchanges.add(exchange);
  }

  public synchronized List<PduExchange> exchanges() {
    return List.copyOf(exchanges);
  }

  /** All attached exchanges as text, or empty if none was recorded. */
  public String evidence() {
    StringBuilder sb = new StringBuilder();
    for (PduExchange e : exchanges()) {
      String text;
      try {
        text = e.render();
      } catch (RuntimeException ex) {
        text = e.title() + ": cannot be rendered: " + ex;
      }
      sb.append(text);
      if (!text.endsWith("\n")) {
        sb.append('\n');
      }
      sb.append('\n');
    }
    return sb.toString().strip();
  }

  /** The last event of any exchange, for the diagnosis of a test that ran out of time. */
  public Optional<String> lastEvent() {
    Optional<String> last = Optional.empty();
    for (PduExchange e : exchanges()) {
      Optional<String> l = e.lastEvent();
      if (l.isPresent()) {
        last = Optional.of(e.title() + ": " + l.get().strip());
      }
    }
    return last;
  }

  /** Closes every registered resource, latest first; idempotent. */
  @Override
  public void close() {
    List<AutoCloseable> toClose;
    synchronized (this) {
      closed = true;
      toClose = new ArrayList<>(resources);
      resources.clear();
    }
    toClose.forEach(ConformanceContext::closeQuietly);
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      // a resource that fails to close must not change the verdict
    }
  }
}
