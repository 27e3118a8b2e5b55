package org.iscsilab.conformance;

/**
 * The target declined an optional feature the test needs (ImmediateData=No, no CHAP, a single
 * connection per session): the verdict is {@code not-supported}, which is never a failure.
 *
 * <pre>{@code
 * NotSupported.unless(response.keys().get("ImmediateData").equals("Yes"), "target declined ImmediateData");
 * }</pre>
 */
public class NotSupported extends RuntimeException {

  public NotSupported(String whatWasDeclined) {
    super(whatWasDeclined, null, false, false);
  }

  /** Throws unless {@code supported}. */
  public static void unless(boolean supported, String whatWasDeclined) {
    if (!supported) {
      throw new NotSupported(whatWasDeclined);
    }
  }
}
