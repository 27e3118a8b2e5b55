package org.iscsilab.conformance.discovery;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.iscsilab.conformance.Keys;
import org.iscsilab.conformance.login.LoginFlow;
import org.iscsilab.protocol.pdu.DataSegment;
import org.iscsilab.protocol.pdu.Pdu;
import org.iscsilab.protocol.pdu.TextRequest;
import org.iscsilab.protocol.pdu.TextResponse;
import org.iscsilab.protocol.text.KeyValue;
import org.iscsilab.protocol.text.TextCodec;
import org.iscsilab.protocol.text.TextFormatException;
import org.opentest4j.AssertionFailedError;

/** One SendTargets exchange on a logged-in connection, following C=1 continuations (RFC 7143 §11.10.4). */
final class SendTargetsExchange {

  /** A target the answer names, with the TargetAddress values that follow it. */
  record Listed(String name, List<String> addresses) {}

  private SendTargetsExchange() {}

  static List<KeyValue> ask(LoginFlow.LoggedIn s, String value) throws IOException {
    int itt = 0x5e4d;
    int ttt = Pdu.RESERVED_TAG;
    int expStatSN = s.expStatSN();
    DataSegment data = Keys.of("SendTargets", value);
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    for (int piece = 0; piece < 64; piece++) {
      s.connection().send(new TextRequest(true, true, false, 0, itt, ttt, s.cmdSN(), expStatSN, data));
      TextResponse r = s.connection().expect(TextResponse.class);
      if (r.initiatorTaskTag() != itt) {
        throw new AssertionFailedError(String.format("the Text Response carries ITT 0x%08x; the request's was 0x%08x "
            + "(RFC 7143 §11.11)", r.initiatorTaskTag(), itt));
      }
      byte[] d = r.data().toByteArray();
      text.write(d, 0, d.length);
      expStatSN = r.statSN() + 1;
      if (!r.continueFlag()) {
        try {
          byte[] all = text.toByteArray();
          return all.length == 0 ? List.of() : TextCodec.decode(all);
        } catch (TextFormatException e) {
          throw new AssertionFailedError("the SendTargets answer is not valid key=value text (RFC 7143 §6.1): "
              + e.getMessage());
        }
      }
      ttt = r.targetTransferTag();
      data = DataSegment.EMPTY;
    }
    throw new AssertionFailedError("the SendTargets answer did not end after 64 Text Responses");
  }

  /** The answer grouped by TargetName; TargetAddress keys before the first TargetName are an error. */
  static List<Listed> group(List<KeyValue> answer) {
    List<Listed> out = new ArrayList<>();
    for (KeyValue kv : answer) {
      if (kv.key().equals("TargetName")) {
        out.add(new Listed(kv.value(), new ArrayList<>()));
      } else if (kv.key().equals("TargetAddress")) {
        if (out.isEmpty()) {
          throw new AssertionFailedError("the SendTargets answer has TargetAddress=" + kv.value() + " before any "
              + "TargetName (RFC 7143 Appendix C)");
        }
        out.get(out.size() - 1).addresses().add(kv.value());
      }
    }
    return out;
  }
}
