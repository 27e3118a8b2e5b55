package org.iscsilab.testfixtures.pdu;

import static org.quicktheories.generators.Generate.booleans;
import static org.quicktheories.generators.Generate.byteArrays;
import static org.quicktheories.generators.Generate.bytes;
import static org.quicktheories.generators.Generate.longRange;
import static org.quicktheories.generators.Generate.oneOf;
import static org.quicktheories.generators.Generate.range;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.iscsilab.protocol.pdu.*;
import org.quicktheories.core.Gen;

/**
 * QuickTheories generators for every PDU type, any value each wire field can hold (so encode →
 * decode is the identity), and for damaged bytes. Shared through the protocol test-jar.
 */
public final class PduGenerators {

  private PduGenerators() {}

  static final Gen<Boolean> BOOL = booleans();
  static final Gen<Integer> INT = range(Integer.MIN_VALUE, Integer.MAX_VALUE, 0);
  static final Gen<Integer> TAG = oneOf(INT, INT, org.quicktheories.generators.Generate.constant(Pdu.RESERVED_TAG));
  static final Gen<Long> LUN = longRange(Long.MIN_VALUE, Long.MAX_VALUE, 0);
  static final Gen<Integer> U8 = range(0, 0xff);
  static final Gen<Integer> U16 = range(0, 0xffff);

  /** Data segments of 0–300 bytes, empty a third of the time (padding 0–3 is exercised). */
  public static Gen<DataSegment> data() {
    Gen<DataSegment> some = byteArrays(range(1, 300), bytes(Byte.MIN_VALUE, Byte.MAX_VALUE, (byte) 0))
        .map(DataSegment::wrap);
    return oneOf(some, some, org.quicktheories.generators.Generate.constant(DataSegment.EMPTY));
  }

  public static Gen<NopOut> nopOut() {
    return in -> new NopOut(BOOL.generate(in), LUN.generate(in), TAG.generate(in), TAG.generate(in), INT.generate(in),
        INT.generate(in), data().generate(in));
  }

  public static Gen<ScsiCommand> scsiCommand() {
    Gen<byte[]> cdb = byteArrays(range(6, 32), bytes(Byte.MIN_VALUE, Byte.MAX_VALUE, (byte) 0));
    return in -> {
      ScsiCommand.Builder b = ScsiCommand.builder().immediate(BOOL.generate(in)).finalFlag(BOOL.generate(in))
          .read(BOOL.generate(in)).write(BOOL.generate(in)).attribute(new TaskAttribute(range(0, 7).generate(in)))
          .lun(LUN.generate(in)).initiatorTaskTag(TAG.generate(in)).expectedDataTransferLength(INT.generate(in))
          .cmdSN(INT.generate(in)).expStatSN(INT.generate(in)).cdb(cdb.generate(in)).data(data().generate(in));
      if (BOOL.generate(in)) {
        b.additionalHeaderSegments(List.of(new AdditionalHeaderSegment.BidirectionalReadDataLength(INT.generate(in))));
      }
      return b.build();
    };
  }

  public static Gen<TaskManagementRequest> taskManagementRequest() {
    return in -> new TaskManagementRequest(BOOL.generate(in), new TaskManagementFunction(range(0, 0x7f).generate(in)),
        LUN.generate(in), TAG.generate(in), TAG.generate(in), INT.generate(in), INT.generate(in), INT.generate(in),
        INT.generate(in));
  }

  public static Gen<LoginRequest> loginRequest() {
    return in -> new LoginRequest(BOOL.generate(in), BOOL.generate(in), BOOL.generate(in),
        new Stage(range(0, 3).generate(in)), new Stage(range(0, 3).generate(in)), U8.generate(in), U8.generate(in),
        longRange(0, 0xffffffffffffL).generate(in), U16.generate(in), TAG.generate(in), U16.generate(in),
        INT.generate(in), INT.generate(in), data().generate(in));
  }

  public static Gen<TextRequest> textRequest() {
    return in -> new TextRequest(BOOL.generate(in), BOOL.generate(in), BOOL.generate(in), LUN.generate(in),
        TAG.generate(in), TAG.generate(in), INT.generate(in), INT.generate(in), data().generate(in));
  }

  public static Gen<DataOut> dataOut() {
    return in -> new DataOut(BOOL.generate(in), LUN.generate(in), TAG.generate(in), TAG.generate(in),
        INT.generate(in), INT.generate(in), INT.generate(in), data().generate(in));
  }

  public static Gen<LogoutRequest> logoutRequest() {
    return in -> new LogoutRequest(BOOL.generate(in), new LogoutReason(range(0, 0x7f).generate(in)), TAG.generate(in),
        U16.generate(in), INT.generate(in), INT.generate(in));
  }

  public static Gen<SnackRequest> snackRequest() {
    return in -> new SnackRequest(new SnackType(range(0, 15).generate(in)), LUN.generate(in), TAG.generate(in),
        TAG.generate(in), INT.generate(in), INT.generate(in), INT.generate(in));
  }

  public static Gen<NopIn> nopIn() {
    return in -> new NopIn(LUN.generate(in), TAG.generate(in), TAG.generate(in), INT.generate(in), INT.generate(in),
        INT.generate(in), data().generate(in));
  }

  public static Gen<ScsiResponse> scsiResponse() {
    return in -> new ScsiResponse(BOOL.generate(in), BOOL.generate(in), BOOL.generate(in), BOOL.generate(in),
        U8.generate(in), U8.generate(in), TAG.generate(in), INT.generate(in), INT.generate(in), INT.generate(in),
        INT.generate(in), INT.generate(in), INT.generate(in), INT.generate(in), data().generate(in));
  }

  public static Gen<TaskManagementResponse> taskManagementResponse() {
    return in -> new TaskManagementResponse(new TaskManagementResponseCode(U8.generate(in)), TAG.generate(in),
        INT.generate(in), INT.generate(in), INT.generate(in));
  }

  public static Gen<LoginResponse> loginResponse() {
    return in -> new LoginResponse(BOOL.generate(in), BOOL.generate(in), new Stage(range(0, 3).generate(in)),
        new Stage(range(0, 3).generate(in)), U8.generate(in), U8.generate(in),
        longRange(0, 0xffffffffffffL).generate(in), U16.generate(in), TAG.generate(in), INT.generate(in),
        INT.generate(in), INT.generate(in), new LoginStatus(U8.generate(in), U8.generate(in)), data().generate(in));
  }

  public static Gen<TextResponse> textResponse() {
    return in -> new TextResponse(BOOL.generate(in), BOOL.generate(in), LUN.generate(in), TAG.generate(in),
        TAG.generate(in), INT.generate(in), INT.generate(in), INT.generate(in), data().generate(in));
  }

  public static Gen<DataIn> dataIn() {
    return in -> new DataIn(BOOL.generate(in), BOOL.generate(in), BOOL.generate(in), BOOL.generate(in),
        BOOL.generate(in), U8.generate(in), LUN.generate(in), TAG.generate(in), TAG.generate(in), INT.generate(in),
        INT.generate(in), INT.generate(in), INT.generate(in), INT.generate(in), INT.generate(in), data().generate(in));
  }

  public static Gen<LogoutResponse> logoutResponse() {
    return in -> new LogoutResponse(new LogoutResponseCode(U8.generate(in)), TAG.generate(in), INT.generate(in),
        INT.generate(in), INT.generate(in), U16.generate(in), U16.generate(in));
  }

  public static Gen<ReadyToTransfer> readyToTransfer() {
    return in -> new ReadyToTransfer(LUN.generate(in), TAG.generate(in), TAG.generate(in), INT.generate(in),
        INT.generate(in), INT.generate(in), INT.generate(in), INT.generate(in), INT.generate(in));
  }

  public static Gen<AsyncMessage> asyncMessage() {
    return in -> new AsyncMessage(LUN.generate(in), TAG.generate(in), INT.generate(in), INT.generate(in),
        INT.generate(in), new AsyncEvent(U8.generate(in)), U8.generate(in), U16.generate(in), U16.generate(in),
        U16.generate(in), data().generate(in));
  }

  public static Gen<Reject> reject() {
    return in -> new Reject(new RejectReason(U8.generate(in)), TAG.generate(in), INT.generate(in), INT.generate(in),
        INT.generate(in), INT.generate(in), data().generate(in));
  }

  /** One generator per PDU type, by record name. */
  public static Map<String, Gen<? extends Pdu>> byType() {
    Map<String, Gen<? extends Pdu>> m = new LinkedHashMap<>();
    m.put("NopOut", nopOut());
    m.put("ScsiCommand", scsiCommand());
    m.put("TaskManagementRequest", taskManagementRequest());
    m.put("LoginRequest", loginRequest());
    m.put("TextRequest", textRequest());
    m.put("DataOut", dataOut());
    m.put("LogoutRequest", logoutRequest());
    m.put("SnackRequest", snackRequest());
    m.put("NopIn", nopIn());
    m.put("ScsiResponse", scsiResponse());
    m.put("TaskManagementResponse", taskManagementResponse());
    m.put("LoginResponse", loginResponse());
    m.put("TextResponse", textResponse());
    m.put("DataIn", dataIn());
    m.put("LogoutResponse", logoutResponse());
    m.put("ReadyToTransfer", readyToTransfer());
    m.put("AsyncMessage", asyncMessage());
    m.put("Reject", reject());
    return m;
  }

  /** Any PDU of any type. */
  @SuppressWarnings("unchecked")
  public static Gen<Pdu> any() {
    List<Gen<Pdu>> all = new ArrayList<>();
    byType().values().forEach(g -> all.add((Gen<Pdu>) g));
    return oneOf(all.get(0), all.subList(1, all.size()).toArray(new Gen[0]));
  }

  /**
   * A PDU of any type whose header also has random bits flipped outside the opcode and the
   * lengths: reserved bits a peer might set. Built as a {@link RawPdu}; decoding it gives a typed
   * record with a {@link HeaderResidue}.
   */
  public static Gen<RawPdu> withFlippedHeaderBits() {
    Gen<Pdu> pdu = any();
    Gen<Integer> offset = range(0, 47);
    return in -> {
      RawPdu raw = pdu.generate(in).toRaw();
      int flips = range(1, 6).generate(in);
      for (int i = 0; i < flips; i++) {
        int off = offset.generate(in);
        if (off >= 4 && off <= 7) {
          continue;
        }
        int mask = U8.generate(in) & (off == 0 ? 0xc0 : 0xff);
        raw = raw.withByte(off, raw.bhs()[off] ^ mask);
      }
      return raw;
    };
  }

  /** Bytes of any length 0–400: garbage for the decoder. */
  public static Gen<byte[]> garbage() {
    return byteArrays(range(0, 400), bytes(Byte.MIN_VALUE, Byte.MAX_VALUE, (byte) 0));
  }
}
