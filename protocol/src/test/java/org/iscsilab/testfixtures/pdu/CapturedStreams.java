package org.iscsilab.testfixtures.pdu;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The TCP payload of a classic pcap file (Ethernet, IPv4), one entry per direction of each
 * connection, as the segments arrived (retransmissions dropped). Just enough to feed the stream
 * decoder from the captures under {@code captures/} without pcap libraries; test use only.
 */
public final class CapturedStreams {

  /**
   * One direction of one TCP connection: {@code from} is "ip:port"; {@code frames} holds the pcap
   * frame number (from 1, as tshark counts) of each segment.
   */
  public record Direction(String from, String to, int fromPort, int toPort, List<byte[]> segments,
      List<Integer> frames) {

    /** The frame whose segment holds stream byte {@code offset}. */
    public int frameAt(long offset) {
      long end = 0;
      for (int i = 0; i < segments.size(); i++) {
        end += segments.get(i).length;
        if (offset < end) {
          return frames.get(i);
        }
      }
      throw new IllegalArgumentException("offset " + offset + " is past the stream's " + end + " bytes");
    }

    public int length() {
      return segments.stream().mapToInt(s -> s.length).sum();
    }

    /** All segments as one array. */
    public byte[] bytes() {
      byte[] all = new byte[length()];
      int off = 0;
      for (byte[] s : segments) {
        System.arraycopy(s, 0, all, off, s.length);
        off += s.length;
      }
      return all;
    }
  }

  private CapturedStreams() {}

  /** Directions in the order their first payload byte was captured. */
  public static List<Direction> read(byte[] pcap) {
    ByteBuffer b = ByteBuffer.wrap(pcap);
    int magic = b.getInt(0);
    b.order(magic == 0xa1b2c3d4 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
    if (b.getInt(20) != 1) {
      throw new IllegalArgumentException("not an Ethernet capture");
    }
    Map<String, Direction> dirs = new LinkedHashMap<>();
    Map<String, Long> next = new LinkedHashMap<>();
    int pos = 24;
    int frame = 0;
    while (pos + 16 <= pcap.length) {
      frame++;
      int incl = b.getInt(pos + 8);
      int p = pos + 16;
      pos = p + incl;
      ByteBuffer f = ByteBuffer.wrap(pcap, p, incl).slice();
      if (incl < 14 + 20 || f.getShort(12) != 0x0800 || f.get(14 + 9) != 6) {
        continue;
      }
      int ihl = (f.get(14) & 0x0f) * 4;
      int ipTotal = f.getShort(14 + 2) & 0xffff;
      int t = 14 + ihl;
      int tcpHeader = ((f.get(t + 12) & 0xff) >> 4) * 4;
      int payload = ipTotal - ihl - tcpHeader;
      if (payload <= 0) {
        continue;
      }
      String src = ip(f, 14 + 12) + ":" + (f.getShort(t) & 0xffff);
      String dst = ip(f, 14 + 16) + ":" + (f.getShort(t + 2) & 0xffff);
      long seq = f.getInt(t + 4) & 0xffffffffL;
      String key = src + ">" + dst;
      Long n = next.get(key);
      if (n != null && seq < n) {
        continue; // retransmission
      }
      next.put(key, seq + payload);
      byte[] data = new byte[payload];
      f.get(t + tcpHeader, data);
      dirs.computeIfAbsent(key, k -> new Direction(src, dst, Integer.parseInt(src.substring(src.indexOf(':') + 1)),
          Integer.parseInt(dst.substring(dst.indexOf(':') + 1)), new ArrayList<>(), new ArrayList<>()));
      dirs.get(key).segments().add(data);
      dirs.get(key).frames().add(frame);
    }
    return new ArrayList<>(dirs.values());
  }

  private static String ip(ByteBuffer f, int at) {
    return (f.get(at) & 0xff) + "." + (f.get(at + 1) & 0xff) + "." + (f.get(at + 2) & 0xff) + "." + (f.get(at + 3) & 0xff);
  }
}
