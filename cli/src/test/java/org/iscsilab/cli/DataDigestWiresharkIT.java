package org.iscsilab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.iscsilab.initiator.IscsiSession;
import org.iscsilab.initiator.LoginSpec;
import org.iscsilab.initiator.SessionConfig;
import org.iscsilab.initiator.scsi.BlockDevice;
import org.iscsilab.target.IscsiTarget;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Data digests checked by an independent implementation. No real initiator here negotiates
 * DataDigest (libiscsi 1.19, and so qemu, offers HeaderDigest only), so our own initiator logs in to
 * {@code iscsi-lab target --record} with HeaderDigest=CRC32C and DataDigest=CRC32C, writes and reads
 * back data, and Wireshark's iSCSI dissector (tshark) recomputes every header and data digest in the
 * recording: none may be bad, and enough of them must have been checked at all.
 *
 * <p>tshark 4.0 has no digest preferences any more ({@code tshark -G defaultprefs | grep iscsi}
 * lists none): it learns the digests from the login's HeaderDigest/DataDigest keys and labels each
 * digest field "(Good CRC32)" or "(Bad CRC32, should be 0x...)" in the packet details.
 */
class DataDigestWiresharkIT {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final int BYTES = 1 << 20;
  private static final int SEGMENT = 8192;
  private static final Pattern DIGEST =
      Pattern.compile("^\\s*(HeaderDigest|DataDigest): 0x[0-9a-f]{8} \\((Good|Bad) CRC32");

  @AfterEach
  void restoreWaiter() {
    TargetCommand.waiter = TargetCommand::awaitShutdown;
  }

  @Test
  void everyDigestInTheRecordingIsGoodAccordingToWireshark(@TempDir Path dir) throws Exception {
    Path pcap = dir.resolve("digests.pcap");
    AtomicInteger port = new AtomicInteger();
    List<String> failures = new ArrayList<>();
    TargetCommand.waiter = t -> {
      try {
        port.set(t.address().getPort());
        exercise(t);
        assertThat(t.loginsWithDataDigest()).as("the target agreed to data digests").isEqualTo(1);
      } catch (Throwable e) {
        failures.add(e.toString());
      } finally {
        t.close();
      }
    };
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = IscsiLab.run(new String[] {"target", "--listen", "127.0.0.1:0", "--lun", "64MiB", "--record",
        pcap.toString()}, new PrintWriter(out, true), new PrintWriter(err, true));
    assertThat(failures).isEmpty();
    assertThat(exit).as(err.toString()).isZero();
    assertThat(Files.size(pcap)).isGreaterThan(2L * BYTES);

    List<String> details = tshark(pcap, port.get());
    // kept for whoever has to look at a failure: the recording and what tshark made of it
    Path keep = Path.of("target", "it-artifacts");
    Files.createDirectories(keep);
    Files.copy(pcap, keep.resolve("data-digests.pcap"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Files.write(keep.resolve("data-digests.tshark.txt"), details, StandardCharsets.UTF_8);
    List<Pdu> pdus = pdus(details);
    List<String> problems = new ArrayList<>();
    int dataDigests = 0;
    int dataOutDigests = 0;
    for (Pdu p : pdus) {
      if (p.login()) {
        continue; // digests start after the login (RFC 7143 §13.1)
      }
      if (!"Good".equals(p.header)) {
        problems.add(p + ": header digest " + p.header);
      }
      if (p.dataSegmentLength > 0) {
        if (!"Good".equals(p.data)) {
          problems.add(p + ": data digest " + p.data);
        } else {
          dataDigests++;
          dataOutDigests += p.opcode == 0x05 ? 1 : 0;
        }
      }
    }
    assertThat(problems).as("PDUs whose digests Wireshark did not find good").isEmpty();
    // 1 MiB read back in Data-In segments of at most 8 KiB (128), 1 MiB written as 64 KiB commands of
    // 8 KiB immediate data and 56 KiB in Data-Out bursts of at most 16 KiB (4 each, 64 in all)
    assertThat(dataOutDigests).as("Data-Out data digests Wireshark checked").isGreaterThanOrEqualTo(64);
    assertThat(dataDigests).as("data digests Wireshark checked").isGreaterThanOrEqualTo(BYTES / SEGMENT + 64 + 16);
    assertThat(pdus.stream().filter(p -> !p.login()).count()).as("header digests Wireshark checked")
        .isGreaterThanOrEqualTo(dataDigests);
  }

  /** One PDU as tshark's packet details show it. */
  private static final class Pdu {
    int opcode;
    long dataSegmentLength;
    String header = "absent";
    String data = "absent";

    boolean login() {
      return opcode == 0x03 || opcode == 0x23;
    }

    @Override
    public String toString() {
      return String.format("opcode 0x%02x with %d data bytes", opcode, dataSegmentLength);
    }
  }

  private static final Pattern OPCODE = Pattern.compile("^\\s*[.01 ]+ = Opcode: .*\\(0x([0-9a-f]{2})\\)$");
  private static final Pattern LENGTH = Pattern.compile("^\\s*DataSegmentLength: (\\d+) ");

  private static List<Pdu> pdus(List<String> details) {
    List<Pdu> out = new ArrayList<>();
    Pdu p = null;
    for (String line : details) {
      Matcher m = OPCODE.matcher(line);
      if (m.find()) {
        p = new Pdu();
        p.opcode = Integer.parseInt(m.group(1), 16);
        out.add(p);
        continue;
      }
      if (p == null) {
        continue;
      }
      m = LENGTH.matcher(line);
      if (m.find()) {
        p.dataSegmentLength = Long.parseLong(m.group(1));
        continue;
      }
      m = DIGEST.matcher(line);
      if (m.find()) {
        if (m.group(1).equals("HeaderDigest")) {
          p.header = m.group(2);
        } else {
          p.data = m.group(2);
        }
      }
    }
    return out;
  }

  private static void exercise(IscsiTarget t) {
    LoginSpec login = LoginSpec.normal(LoginSpec.DEFAULT_INITIATOR_NAME, IscsiTarget.DEFAULT_IQN)
        .withDigests("CRC32C", "CRC32C").withKey("MaxRecvDataSegmentLength", Integer.toString(SEGMENT))
        .withKey("ImmediateData", "Yes").withKey("InitialR2T", "No").withKey("FirstBurstLength", "8192")
        .withKey("MaxBurstLength", "16384");
    SessionConfig config = SessionConfig.of("127.0.0.1", t.address().getPort(), login).withTaskTimeout(WAIT)
        .withConnectTimeout(WAIT);
    try (IscsiSession s = IscsiSession.open(config)) {
      assertThat(s.negotiated().toString()).contains("CRC32C");
      BlockDevice dev = BlockDevice.open(s, 0).maxTransferBlocks(128);
      byte[] data = new byte[BYTES];
      for (int i = 0; i < data.length; i++) {
        data[i] = (byte) (i * 131 + (i >>> 9));
      }
      dev.write(2048, data);
      assertThat(dev.read(2048, BYTES / 512)).isEqualTo(data);
      IscsiSession.await(s.logout(WAIT));
    }
  }

  private static List<String> tshark(Path pcap, int port) throws Exception {
    Path txt = pcap.resolveSibling("tshark.txt");
    Process p = new ProcessBuilder("tshark", "-n", "-r", pcap.toString(), "-d", "tcp.port==" + port + ",iscsi",
        "-o", "tcp.desegment_tcp_streams:TRUE", "-o", "iscsi.desegment_iscsi_messages:TRUE",
        "-o", "iscsi.bogus_pdu_max_data_len:16777215", "-V", "-Y", "iscsi")
        .redirectErrorStream(true).redirectOutput(txt.toFile()).start();
    assertThat(p.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).as("tshark finished").isTrue();
    assertThat(p.exitValue()).as("tshark exit").isZero();
    return Files.readAllLines(txt, StandardCharsets.UTF_8);
  }
}
