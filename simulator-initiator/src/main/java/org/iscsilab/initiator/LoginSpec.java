package org.iscsilab.initiator;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.iscsilab.protocol.auth.ChapCredentials;
import org.iscsilab.protocol.auth.ChapPolicy;
import org.iscsilab.protocol.negotiation.IscsiKeys;
import org.iscsilab.protocol.negotiation.NegotiationProfile;
import org.iscsilab.protocol.negotiation.SessionType;

/**
 * Everything one login needs: who we are, which target, the key profile (every negotiable key is
 * offered from it), CHAP, and the identifiers (ISID, TSIH, CID, ITT, CmdSN).
 *
 * @param sessionType       Discovery or Normal
 * @param targetName        the target (Normal sessions)
 * @param profile           the keys and values to offer
 * @param chap              our CHAP credentials, if the target wants CHAP
 * @param mutualChap        the target's credentials we check (mutual CHAP)
 * @param chapPolicy        CHAP algorithms and lengths
 * @param isid              the ISID (48 bits)
 * @param tsih              0 for a new session, the session's TSIH for another connection
 * @param cid               the connection ID
 * @param initiatorTaskTag  ITT of the login requests
 * @param cmdSN             CmdSN carried by the login requests (the session's next CmdSN)
 * @param expStatSN         ExpStatSN of the first login request
 * @param leadingConnection whether this is the session's first connection
 * @param timeout           deadline for each Login Response
 */
public record LoginSpec(SessionType sessionType, Optional<String> targetName, NegotiationProfile profile,
    Optional<ChapCredentials> chap, Optional<ChapCredentials> mutualChap, ChapPolicy chapPolicy, long isid,
    int tsih, int cid, int initiatorTaskTag, int cmdSN, int expStatSN, boolean leadingConnection,
    Duration timeout) {

  /** The name we use unless told otherwise. */
  public static final String DEFAULT_INITIATOR_NAME = "iqn.2026-11.org.iscsilab:initiator";

  private static final SecureRandom RANDOM = new SecureRandom();

  public LoginSpec {
    Objects.requireNonNull(sessionType, "sessionType");
    Objects.requireNonNull(targetName, "targetName");
    Objects.requireNonNull(profile, "profile");
    Objects.requireNonNull(chap, "chap");
    Objects.requireNonNull(mutualChap, "mutualChap");
    Objects.requireNonNull(chapPolicy, "chapPolicy");
    Objects.requireNonNull(timeout, "timeout");
    if (sessionType == SessionType.NORMAL && targetName.isEmpty()) {
      throw new IllegalArgumentException("a Normal session needs a TargetName");
    }
    // The engine declares SessionType only when the profile has a value for it (RFC 7143 §13.21).
    if (profile.value(IscsiKeys.SESSION_TYPE).isEmpty()) {
      profile = profile.with(IscsiKeys.SESSION_TYPE, sessionType.wire());
    }
  }

  /**
   * The reference profile: every operational key offered, tuned for throughput the way libiscsi
   * and Linux are (InitialR2T=No, ImmediateData=Yes, 256 KiB segments, 1 MiB bursts).
   */
  public static NegotiationProfile standardProfile(String initiatorName) {
    return NegotiationProfile.initiator(initiatorName)
        .with(IscsiKeys.INITIAL_R2T, "No")
        .with(IscsiKeys.IMMEDIATE_DATA, "Yes")
        .with(IscsiKeys.MAX_RECV_DATA_SEGMENT_LENGTH, "262144")
        .with(IscsiKeys.MAX_BURST_LENGTH, "1048576")
        .with(IscsiKeys.FIRST_BURST_LENGTH, "262144")
        .with(IscsiKeys.MAX_OUTSTANDING_R2T, "1")
        .with(IscsiKeys.HEADER_DIGEST, "None")
        .with(IscsiKeys.DATA_DIGEST, "None");
  }

  /** A random ISID of type "Random" (RFC 7143 §11.12.5: T=10b). */
  public static long randomIsid() {
    return (0x80L << 40) | ((RANDOM.nextInt() & 0xffffffL) << 16) | 0x0001;
  }

  /** A discovery session login. */
  public static LoginSpec discovery(String initiatorName) {
    return new LoginSpec(SessionType.DISCOVERY, Optional.empty(), standardProfile(initiatorName), Optional.empty(),
        Optional.empty(), ChapPolicy.md5Only(), randomIsid(), 0, 0, 0, 1, 0, true, Duration.ofSeconds(10));
  }

  /** A normal session login to {@code targetName}. */
  public static LoginSpec normal(String initiatorName, String targetName) {
    return new LoginSpec(SessionType.NORMAL, Optional.of(targetName),
        standardProfile(initiatorName).with(IscsiKeys.TARGET_NAME, targetName), Optional.empty(), Optional.empty(),
        ChapPolicy.md5Only(), randomIsid(), 0, 0, 0, 1, 0, true, Duration.ofSeconds(10));
  }

  public String initiatorName() {
    return profile.value(IscsiKeys.INITIATOR_NAME).orElse(DEFAULT_INITIATOR_NAME);
  }

  public LoginSpec withProfile(NegotiationProfile p) {
    return new LoginSpec(sessionType, targetName, p, chap, mutualChap, chapPolicy, isid, tsih, cid,
        initiatorTaskTag, cmdSN, expStatSN, leadingConnection, timeout);
  }

  /** A copy whose profile has {@code key=value} (offered if the profile offers the key). */
  public LoginSpec withKey(String key, String value) {
    return withProfile(profile.with(key, value).alsoOffering(key));
  }

  /** Header and data digests to offer, e.g. "CRC32C,None". */
  public LoginSpec withDigests(String header, String data) {
    return withProfile(profile.with(IscsiKeys.HEADER_DIGEST, header).with(IscsiKeys.DATA_DIGEST, data));
  }

  /** One-way CHAP with these credentials (AuthMethod=CHAP,None offered). */
  public LoginSpec withChap(ChapCredentials c) {
    return new LoginSpec(sessionType, targetName, profile.with(IscsiKeys.AUTH_METHOD, "CHAP,None"),
        Optional.of(c), mutualChap, chapPolicy, isid, tsih, cid, initiatorTaskTag, cmdSN, expStatSN,
        leadingConnection, timeout);
  }

  /** Mutual CHAP: the target must prove it knows {@code target}'s secret. */
  public LoginSpec withMutualChap(ChapCredentials target) {
    return new LoginSpec(sessionType, targetName, profile, chap, Optional.of(target), chapPolicy, isid, tsih, cid,
        initiatorTaskTag, cmdSN, expStatSN, leadingConnection, timeout);
  }

  public LoginSpec withChapPolicy(ChapPolicy p) {
    return new LoginSpec(sessionType, targetName, profile, chap, mutualChap, p, isid, tsih, cid, initiatorTaskTag,
        cmdSN, expStatSN, leadingConnection, timeout);
  }

  /** Identifiers for this connection of a session. */
  public LoginSpec withIds(long isid, int tsih, int cid, int itt, int cmdSN, int expStatSN, boolean leading) {
    return new LoginSpec(sessionType, targetName, profile, chap, mutualChap, chapPolicy, isid, tsih, cid, itt, cmdSN,
        expStatSN, leading, timeout);
  }

  public LoginSpec withTimeout(Duration t) {
    return new LoginSpec(sessionType, targetName, profile, chap, mutualChap, chapPolicy, isid, tsih, cid,
        initiatorTaskTag, cmdSN, expStatSN, leadingConnection, t);
  }
}
