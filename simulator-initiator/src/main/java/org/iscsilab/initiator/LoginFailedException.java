package org.iscsilab.initiator;

import java.util.Optional;
import org.iscsilab.protocol.pdu.LoginStatus;

/**
 * A login that did not reach full feature phase: refused by the target (status class and detail
 * spelled out), or abandoned by the initiator because the target broke a negotiation rule.
 */
public final class LoginFailedException extends InitiatorException {
  private final LoginStatus status;

  public LoginFailedException(String message, LoginStatus status) {
    super(message);
    this.status = status;
  }

  /** The target's status, when it refused the login. */
  public Optional<LoginStatus> status() {
    return Optional.ofNullable(status);
  }

  /** A refusal as the CLI prints it, e.g. "login refused: Initiator Error: Not found (0x0203) — target iqn.x does not exist on 127.0.0.1:3260". */
  static LoginFailedException refused(LoginStatus status, String target, String portal) {
    String why = switch ((status.statusClass() << 8) | status.statusDetail()) {
      case 0x0203 -> " — target " + target + " does not exist on " + portal;
      case 0x0201 -> " — the target did not accept the CHAP credentials (or requires CHAP) on " + portal;
      case 0x0202 -> " — this initiator is not allowed to log in to " + target + " on " + portal;
      case 0x0204 -> " — target " + target + " was removed from " + portal;
      case 0x0207 -> " — the target says a mandatory key was missing";
      case 0x0101, 0x0102 -> " — the target redirected the login (" + target + " on " + portal + ")";
      default -> " — target " + target + " on " + portal;
    };
    return new LoginFailedException("login refused: " + status + why, status);
  }
}
