package org.iscsilab.initiator;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.iscsilab.protocol.pdu.NopIn;
import org.iscsilab.protocol.pdu.NopOut;

/** The named initiator quirks, each reproducing a documented interop failure. */
public final class InitiatorQuirks {
  private InitiatorQuirks() {}

  /** C4/C5: NOP-In pings from the target are never answered; targets drop the session. */
  public static final InitiatorQuirk IGNORE_NOP_IN = new InitiatorQuirk() {
    @Override
    public String name() {
      return "ignore-nop-in";
    }

    @Override
    public String description() {
      return "C4/C5: never answers a target's NOP-In ping (iscsi-osx/iSCSIInitiator#81)";
    }

    @Override
    public boolean answerNopIn(NopIn nopIn) {
      return false;
    }
  };

  /** C12: the NOP-Out answer does not echo the NOP-In's LUN; strict targets Reject it. */
  public static final InitiatorQuirk NOP_OUT_WITHOUT_LUN = new InitiatorQuirk() {
    @Override
    public String name() {
      return "nop-out-without-lun";
    }

    @Override
    public String description() {
      return "C12: answers NOP-In without echoing its LUN (sahlberg/libiscsi#153, #156)";
    }

    @Override
    public NopOut nopOutAnswer(NopIn nopIn, NopOut correct) {
      return new NopOut(correct.immediate(), 0, correct.initiatorTaskTag(), correct.targetTransferTag(),
          correct.cmdSN(), correct.expStatSN(), correct.data());
    }
  };

  /** C15: immediate plus unsolicited data beyond FirstBurstLength. */
  public static final InitiatorQuirk UNSOLICITED_BEYOND_FIRST_BURST = new InitiatorQuirk() {
    @Override
    public String name() {
      return "unsolicited-beyond-first-burst";
    }

    @Override
    public String description() {
      return "C15: sends immediate + unsolicited data beyond FirstBurstLength (libiscsi PRs #144, #448)";
    }

    @Override
    public int unsolicitedLimit(int correctLimit, int firstBurstLength, int edtl) {
      return Math.min(edtl, firstBurstLength * 2);
    }
  };

  public static List<InitiatorQuirk> all() {
    return List.of(IGNORE_NOP_IN, NOP_OUT_WITHOUT_LUN, UNSOLICITED_BEYOND_FIRST_BURST);
  }

  public static Optional<InitiatorQuirk> byName(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    return all().stream().filter(q -> q.name().equals(n)).findFirst();
  }
}
