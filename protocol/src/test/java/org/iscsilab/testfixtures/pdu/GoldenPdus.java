package org.iscsilab.testfixtures.pdu;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.iscsilab.protocol.pdu.Sender;

/**
 * PDUs cut from the real captures under {@code captures/}, with the field values tshark shows for
 * each (resources {@code golden/NAME.hex} and {@code golden/NAME.tshark.tsv}; {@code
 * golden/extract.py} says how they were made). Shared with the other modules through the test-jar.
 */
public final class GoldenPdus {

  /**
   * libiscsi against tgt with CRC32C header digests negotiated (port 3271): login, INQUIRY, READ
   * CAPACITY, residual reads and writes with R2T and Data-Out, SendTargets. See golden/extract.py.
   */
  public static final String HEADER_DIGEST_CAPTURE = "libiscsi-tgt-header-digest";

  public static final List<String> CAPTURES = List.of(
      "libiscsi-tgt-discovery", "istgt-read16-zero-length-unanswered", "libiscsi-tgt-mixed");

  /** One captured PDU: its wire bytes (no digests were negotiated) and tshark's field values. */
  public record GoldenPdu(String capture, int frame, int stream, Sender sender, byte[] wire,
      Map<String, String> tshark) {

    /** tshark's value of {@code field}, or null when tshark shows none. */
    public String field(String field) {
      String v = tshark.get(field);
      return v == null || v.isEmpty() ? null : v;
    }

    @Override
    public String toString() {
      return capture + " frame " + frame + " " + tshark.get("iscsi.opcode") + " (" + wire.length + " bytes)";
    }
  }

  private GoldenPdus() {}

  public static List<GoldenPdu> all() {
    List<GoldenPdu> all = new ArrayList<>();
    for (String c : CAPTURES) {
      all.addAll(of(c));
    }
    return all;
  }

  public static List<GoldenPdu> of(String capture) {
    List<String> hex = lines("/golden/" + capture + ".hex");
    List<String> tsv = lines("/golden/" + capture + ".tshark.tsv");
    String[] header = tsv.get(0).split("\t", -1);
    List<GoldenPdu> out = new ArrayList<>();
    for (int i = 0; i < hex.size(); i++) {
      String[] row = tsv.get(i + 1).split("\t", -1);
      Map<String, String> fields = new LinkedHashMap<>();
      for (int c = 3; c < header.length; c++) {
        fields.put(header[c], c < row.length ? row[c] : "");
      }
      out.add(new GoldenPdu(capture, Integer.parseInt(row[0]), Integer.parseInt(row[1]),
          row[2].equals("initiator") ? Sender.INITIATOR : Sender.TARGET, HexFormat.of().parseHex(hex.get(i)),
          fields));
    }
    return out;
  }

  /**
   * tshark's field values for every frame of a capture in which exactly one PDU ends, by frame
   * number (resource {@code golden/NAME.frames.tshark.tsv}).
   */
  public static Map<Integer, Map<String, String>> tsharkByFrame(String capture) {
    List<String> tsv = lines("/golden/" + capture + ".frames.tshark.tsv");
    String[] header = tsv.get(0).split("\t", -1);
    Map<Integer, Map<String, String>> out = new LinkedHashMap<>();
    for (String line : tsv.subList(1, tsv.size())) {
      String[] row = line.split("\t", -1);
      Map<String, String> fields = new LinkedHashMap<>();
      for (int c = 1; c < header.length; c++) {
        fields.put(header[c], c < row.length ? row[c] : "");
      }
      out.put(Integer.parseInt(row[0]), fields);
    }
    return out;
  }

  /**
   * The bytes of a capture file: the shared ones under {@code captures/}, or the codec's own under
   * {@code golden/} ({@link #HEADER_DIGEST_CAPTURE}).
   */
  public static byte[] capture(String capture) {
    InputStream found = GoldenPdus.class.getResourceAsStream("/captures/" + capture + ".pcap");
    if (found == null) {
      found = GoldenPdus.class.getResourceAsStream("/golden/" + capture + ".pcap");
    }
    try (InputStream in = found) {
      if (in == null) {
        throw new IllegalArgumentException("no capture " + capture);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> lines(String resource) {
    try (InputStream in = GoldenPdus.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no resource " + resource);
      }
      List<String> out = new ArrayList<>();
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String l; (l = r.readLine()) != null; ) {
        if (!l.startsWith("#") && !l.isBlank()) {
          out.add(l);
        }
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
