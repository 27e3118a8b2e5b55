package org.iscsilab.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.iscsilab.target.IscsiTarget;
import org.iscsilab.target.backend.LunSpec;
import org.iscsilab.target.config.TargetConfigFile;
import org.iscsilab.target.quirk.Quirks;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "target", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Run the reference iSCSI target (serves until SIGINT/SIGTERM).",
    footer = {"", "SPEC: a size (1GiB, 512MiB: sparse memory), file:PATH[,size=SIZE] or null:SIZE; append ,ro for "
        + "read-only. Several --lun options make LUN 0, 1, 2...; N=SPEC picks the number.",
        "Default: 127.0.0.1:3260, target " + IscsiTarget.DEFAULT_IQN + ", LUN 0 = 1 GiB sparse memory.",
        "--quirk list prints the quirks."})
final class TargetCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--listen", paramLabel = "HOST:PORT", description = "Portal to listen on (repeatable).")
  List<String> listen = new ArrayList<>();

  @Option(names = "--iqn", paramLabel = "IQN", description = "Target name.")
  String iqn;

  @Option(names = "--lun", paramLabel = "SPEC", description = "A LUN (repeatable): a size (sparse memory), "
      + "file:PATH[,size=SIZE] (UNMAPped ranges are kept in PATH.unmapped next to it) or null:SIZE.")
  List<String> luns = new ArrayList<>();

  @Option(names = "--config", paramLabel = "FILE", description = "YAML configuration (targets, portals, auth, limits, quirks).")
  Path config;

  @Option(names = "--chap", paramLabel = "USER:SECRET", description = "Require one-way CHAP with these credentials.")
  String chap;

  @Option(names = "--mutual-chap", paramLabel = "USER:SECRET", description = "The target's credentials for mutual CHAP.")
  String mutualChap;

  @Option(names = "--quirk", paramLabel = "NAME[=ARG]", description = "Misbehave on purpose (repeatable; 'list' lists them).")
  List<String> quirks = new ArrayList<>();

  @Option(names = "--record", paramLabel = "FILE.pcap",
      description = "Record every connection as pcap (Ethernet/IPv4/TCP synthesised; Wireshark and replay inspect read it).")
  Path record;

  /** Where the process waits for SIGINT/SIGTERM; tests replace it. */
  static volatile java.util.function.Consumer<IscsiTarget> waiter = TargetCommand::awaitShutdown;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (quirks.contains("list")) {
      out.print("Quirks (--quirk NAME[=ARG]):\n" + Quirks.describe());
      out.flush();
      return 0;
    }
    IscsiTarget target;
    org.iscsilab.pcap.io.PcapRecorder recorder = null;
    try {
      IscsiTarget.Builder b = IscsiTarget.builder();
      if (record != null) {
        try {
          recorder = new org.iscsilab.pcap.io.PcapRecorder(record);
        } catch (java.io.IOException e) {
          throw new IllegalArgumentException("--record: cannot write " + record + ": " + oneLine(e));
        }
        org.iscsilab.pcap.io.PcapRecorder rec = recorder;
        b.wireTap(ch -> org.iscsilab.pcap.PcapRecordingHandler.listener(rec, ch, true),
            org.iscsilab.pcap.PcapRecordingHandler::epochNanos);
      }
      if (config != null) {
        TargetConfigFile.load(config, b);
      }
      for (String l : listen) {
        b.listen(TargetConfigFile.hostPort(l, "--listen"), 1);
      }
      if (iqn != null) {
        b.iqn(iqn);
      }
      int next = 0;
      for (String s : luns) {
        int eq = s.indexOf('=');
        int n = next;
        String specText = s;
        if (eq > 0 && s.substring(0, eq).chars().allMatch(Character::isDigit)) {
          n = Integer.parseInt(s.substring(0, eq));
          specText = s.substring(eq + 1);
        }
        try {
          b.lun(n, LunSpec.parse(specText));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("--lun: " + e.getMessage());
        }
        next = n + 1;
      }
      if (chap != null) {
        String[] c = credentials("--chap", chap);
        b.chap(c[0], c[1]);
      }
      if (mutualChap != null) {
        String[] c = credentials("--mutual-chap", mutualChap);
        b.mutualChap(c[0], c[1]);
      }
      for (String q : quirks) {
        try {
          b.quirk(Quirks.create(q));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("--quirk: " + e.getMessage());
        }
      }
      target = b.build();
      target.start();
    } catch (Exception e) {
      err.println("iscsi-lab target: " + oneLine(e));
      err.flush();
      closeQuietly(recorder);
      return IscsiLab.EXIT_USAGE;
    }
    out.println("iscsi-lab target ready on " + target.describe()
        + (record != null ? "; recording to " + record : ""));
    out.flush();
    waiter.accept(target);
    closeQuietly(recorder); // each connection's bytes were flushed when it closed
    return 0;
  }

  private static void closeQuietly(java.io.Closeable c) {
    if (c != null) {
      try {
        c.close();
      } catch (java.io.IOException e) {
        // the recording was flushed connection by connection; nothing more to save
      }
    }
  }

  private static String[] credentials(String option, String v) {
    int colon = v.indexOf(':');
    if (colon <= 0 || colon == v.length() - 1) {
      throw new IllegalArgumentException(option + ": expected USER:SECRET");
    }
    return new String[] {v.substring(0, colon), v.substring(colon + 1)};
  }

  static String oneLine(Throwable e) {
    String m = e.getMessage();
    if (e instanceof java.net.BindException || (m != null && m.contains("Address already in use"))) {
      return "cannot listen: " + (m == null ? "address already in use" : m);
    }
    if (m == null || m.isBlank()) {
      m = e.getClass().getSimpleName();
    }
    return m.lines().findFirst().orElse(m);
  }

  /** Serves until SIGINT/SIGTERM, then asks initiators to log out and closes. */
  static void awaitShutdown(IscsiTarget target) {
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      target.close(Duration.ofSeconds(2));
      stopped.countDown();
    }, "iscsi-lab-target-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      target.close();
    }
  }
}
