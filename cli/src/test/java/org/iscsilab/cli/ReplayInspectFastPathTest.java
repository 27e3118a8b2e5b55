package org.iscsilab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The picocli-free start of `replay inspect` takes exactly the plain forms and answers as picocli would. */
class ReplayInspectFastPathTest {

  private static CliResult fast(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    Integer exit = ReplayInspect.tryRun(args, new PrintWriter(out, true), new PrintWriter(err, true));
    assertThat(exit).as("fast path taken for %s", String.join(" ", args)).isNotNull();
    return new CliResult(exit, out.toString(), err.toString());
  }

  private static CliResult picocli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cmd = IscsiLab.commandLine();
    cmd.setOut(new PrintWriter(out, true));
    cmd.setErr(new PrintWriter(err, true));
    return new CliResult(cmd.execute(args), out.toString(), err.toString());
  }

  private static String capture(String name) {
    return org.iscsilab.testfixtures.Captures.path(name).toString();
  }

  @Test
  void plainFormsAreRecognised() {
    assertThat(ReplayInspect.parse(new String[] {"replay", "inspect", "a.pcap"}))
        .isEqualTo(new ReplayInspect.Args(Path.of("a.pcap"), false, null));
    assertThat(ReplayInspect.parse(new String[] {"replay", "inspect", "--json", "a.pcap", "--port", "3260"}))
        .isEqualTo(new ReplayInspect.Args(Path.of("a.pcap"), true, 3260));
    assertThat(ReplayInspect.parse(new String[] {"replay", "inspect", "--port=0", "a.pcap"}))
        .isEqualTo(new ReplayInspect.Args(Path.of("a.pcap"), false, 0));
  }

  @Test
  void everythingElseIsLeftToPicocli() {
    String[][] others = {
      {"replay", "inspect"},
      {"replay", "inspect", "--help"},
      {"replay", "inspect", "-h", "a.pcap"},
      {"replay", "inspect", "a.pcap", "b.pcap"},
      {"replay", "inspect", "--json", "--json", "a.pcap"},
      {"replay", "inspect", "--port", "x", "a.pcap"},
      {"replay", "inspect", "--port", "010", "a.pcap"},
      {"replay", "inspect", "a.pcap", "--port"},
      {"replay", "inspect", "--port", "1", "--port", "2", "a.pcap"},
      {"replay", "inspect", "@args.txt"},
      {"replay", "inspect", "--", "a.pcap"},
      {"replay", "inspect", "--verbose", "a.pcap"},
      {"replay", "capture", "a.pcap"},
      {"--version"},
    };
    for (String[] a : others) {
      assertThat(ReplayInspect.parse(a)).as(String.join(" ", a)).isNull();
    }
    assertThat(ReplayInspect.tryRun(new String[] {"replay", "inspect", "--help"}, new PrintWriter(new StringWriter()),
        new PrintWriter(new StringWriter()))).isNull();
  }

  @Test
  void sameOutputAndExitCodeAsThroughPicocli(@TempDir Path dir) throws Exception {
    Path junk = dir.resolve("junk.pcap");
    Files.write(junk, new byte[24]);
    byte[] whole = Files.readAllBytes(Path.of(capture("libiscsi-tgt-mixed.pcap")));
    Path cut = dir.resolve("cut.pcap");
    Files.write(cut, java.util.Arrays.copyOf(whole, 150_000));
    String[][] runs = {
      {"replay", "inspect", capture("libiscsi-tgt-mixed.pcap")},
      {"replay", "inspect", "--json", capture("libiscsi-tgt-discovery.pcap")},
      {"replay", "inspect", capture("istgt-read16-zero-length-unanswered.pcap"), "--port", "3260"},
      {"replay", "inspect", cut.toString()},
      {"replay", "inspect", junk.toString()},
      {"replay", "inspect", dir.resolve("missing.pcap").toString()},
    };
    for (String[] a : runs) {
      CliResult viaFast = fast(a);
      CliResult viaPicocli = picocli(a);
      assertThat(viaFast).as(String.join(" ", a)).isEqualTo(viaPicocli);
    }
    assertThat(fast(runs[0]).out()).contains("PDUs by opcode");
    assertThat(fast(runs[4]).exit()).isEqualTo(2);
  }
}
