package org.iscsilab.target.quirk;

import java.util.List;
import org.iscsilab.protocol.auth.ChapPolicy;
import org.iscsilab.protocol.negotiation.NegotiationProfile;
import org.iscsilab.protocol.pdu.InitiatorPdu;
import org.iscsilab.protocol.pdu.NopOut;
import org.iscsilab.protocol.pdu.Pdu;
import org.iscsilab.protocol.pdu.ScsiCommand;
import org.iscsilab.protocol.text.KeyValue;
import org.iscsilab.target.scsi.ScsiRequest;
import org.iscsilab.target.scsi.ScsiResult;

/**
 * A deliberate misbehaviour: each default method is the correct behaviour, a quirk overrides the
 * steps where a real product went wrong. Hooks run on the connection's event loop.
 */
public interface Quirk {

  /** The name used with {@code --quirk}. */
  String name();

  /** Every PDU received, before the target looks at it; null drops it unseen. */
  default Pdu onReceive(QuirkContext ctx, Pdu pdu) {
    return pdu;
  }

  /** Every PDU about to be sent; null drops it (its sequence numbers are consumed anyway). */
  default Pdu onSend(QuirkContext ctx, Pdu pdu) {
    return pdu;
  }

  /** The keys of a Login Response about to be sent, in stage {@code stage} (0, 1). */
  default List<KeyValue> onLoginAnswer(QuirkContext ctx, int stage, List<KeyValue> keys) {
    return keys;
  }

  /** What to do with a SCSI command once its CmdSN is accepted, before any data transfer. */
  default CommandAction onScsiCommand(QuirkContext ctx, ScsiCommand command) {
    return CommandAction.EXECUTE;
  }

  /** The outcome of a SCSI command; null means the command is never answered. */
  default ScsiResult onScsiResult(QuirkContext ctx, ScsiRequest request, ScsiResult result) {
    return result;
  }

  /** Whether to answer a NOP-Out that asks for an answer. */
  default boolean answerNopOut(QuirkContext ctx, NopOut nopOut) {
    return true;
  }

  /**
   * Whether accepting {@code pdu} advances ExpCmdSN. {@code rfc} is the RFC 7143 §4.2.2.1 answer:
   * true for non-immediate commands, false for immediate ones.
   */
  default boolean advancesExpCmdSN(QuirkContext ctx, InitiatorPdu pdu, boolean rfc) {
    return rfc;
  }

  /** Whether StatSN advances for {@code response}; {@code rfc} is the correct answer. */
  default boolean advancesStatSN(QuirkContext ctx, Pdu response, boolean rfc) {
    return rfc;
  }

  /**
   * The target's side of a negotiation before a login starts: any key's value (and the engine's
   * switches) may be bent here, e.g. digests forced on in discovery sessions.
   */
  default NegotiationProfile negotiationProfile(QuirkContext ctx, NegotiationProfile profile) {
    return profile;
  }

  /** The CHAP settings of a login, e.g. refusing a list of algorithms (C11). */
  default ChapPolicy chapPolicy(QuirkContext ctx, ChapPolicy policy) {
    return policy;
  }

  /**
   * Whether an identical repeat of a key within one login is tolerated. RFC 7143 §6.2 makes any
   * re-declaration an initiator error, and the reference target says so; libiscsi repeats
   * InitiatorName, TargetName and SessionType in every security-stage PDU of a CHAP login (C10),
   * which the {@code tolerate-repeated-keys} quirk accepts as tgt does.
   */
  default boolean tolerateRepeatedKeys(QuirkContext ctx) {
    return false;
  }

  /** The idle time before a NOP-In ping and the time an unanswered ping is tolerated. */
  default java.time.Duration nopInInterval(java.time.Duration configured) {
    return configured;
  }

  /** See {@link #nopInInterval}. */
  default java.time.Duration nopInTimeout(java.time.Duration configured) {
    return configured;
  }

  /**
   * A look at the first Login Request's keys: null lets the login go on, a status refuses it
   * (e.g. a strict target that wants SessionType spelled out, C7).
   */
  default org.iscsilab.protocol.pdu.LoginStatus admitLogin(QuirkContext ctx, List<KeyValue> firstKeys) {
    return null;
  }

  /** Whether to answer a task management request; false leaves it outstanding (C20). */
  default boolean answerTaskManagement(QuirkContext ctx, org.iscsilab.protocol.pdu.TaskManagementRequest request) {
    return true;
  }

  /**
   * The largest Data-In data segment and sequence: {@code segment} is the initiator's
   * MaxRecvDataSegmentLength, {@code burst} the negotiated MaxBurstLength.
   */
  default int dataInSegmentLength(QuirkContext ctx, int segment) {
    return segment;
  }

  /** See {@link #dataInSegmentLength}. */
  default int dataInBurstLength(QuirkContext ctx, int burst) {
    return burst;
  }

  /** What a quirk may do with a SCSI command before it runs. */
  enum CommandAction {
    /** Run it normally. */
    EXECUTE,
    /** Accept its CmdSN, then ignore it: no R2T, no data, no status. */
    IGNORE
  }
}
