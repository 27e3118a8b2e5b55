package org.iscsilab.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.iscsilab.initiator.ConnectionLostException;
import org.iscsilab.initiator.ConnectionTap;
import org.iscsilab.initiator.InitiatorException;
import org.iscsilab.initiator.InitiatorQuirk;
import org.iscsilab.initiator.InitiatorQuirks;
import org.iscsilab.initiator.IscsiSession;
import org.iscsilab.initiator.LoginFailedException;
import org.iscsilab.initiator.LoginSpec;
import org.iscsilab.initiator.PortalUnreachableException;
import org.iscsilab.initiator.ScsiStatusException;
import org.iscsilab.initiator.SessionConfig;
import org.iscsilab.initiator.TargetProtocolException;
import org.iscsilab.initiator.TaskStalledException;
import org.iscsilab.protocol.auth.ChapCredentials;
import org.iscsilab.protocol.url.IscsiUrl;
import picocli.CommandLine;

/** Shared plumbing of the {@code initiator} subcommands: URL to session, errors to exit codes. */
final class InitiatorCli {
  private InitiatorCli() {}

  static final int EXIT_OK = 0;
  static final int EXIT_FAILED = 1;
  static final int EXIT_COULD_NOT_RUN = IscsiLab.EXIT_USAGE;

  /** Options every subcommand takes. */
  static final class Common {
    @CommandLine.Option(names = "--json", description = "Print the result as JSON")
    boolean json;

    @CommandLine.Option(names = "--initiator-name", description = "InitiatorName (default: ${DEFAULT-VALUE})",
        defaultValue = LoginSpec.DEFAULT_INITIATOR_NAME)
    String initiatorName;

    @CommandLine.Option(names = "--timeout", description = "Deadline of each command and login step, in seconds "
        + "(default: ${DEFAULT-VALUE})", defaultValue = "30")
    double timeoutSeconds;

    @CommandLine.Option(names = "--quirk", description = "Initiator quirk to apply (repeatable): "
        + "ignore-nop-in, nop-out-without-lun, unsolicited-beyond-first-burst")
    List<String> quirks = new ArrayList<>();

    @CommandLine.Option(names = "--nop-interval", description = "Send a NOP-Out ping every N seconds (0: never)",
        defaultValue = "0")
    double nopInterval;

    @CommandLine.Option(names = "--record", paramLabel = "FILE.pcap", description = "Record every connection "
        + "as pcap (Ethernet/IPv4/TCP synthesised; Wireshark and replay inspect read it)")
    Path record;

    @CommandLine.Option(names = "--abort-on-timeout", negatable = true, defaultValue = "true", fallbackValue = "true",
        description = "When a command's deadline passes, send ABORT TASK for it and report the answer in the "
            + "diagnosis (default: on; --no-abort-on-timeout fails at once)")
    boolean abortOnTimeout = true;

    /** Open while the command runs with --record. */
    InitiatorRecording recording;

    Duration timeout() {
      return Duration.ofMillis((long) (timeoutSeconds * 1000));
    }

    /** How long to wait for the answer to an ABORT TASK: the command deadline, at most 10 s. */
    Duration abortTimeout() {
      Duration t = timeout();
      return t.compareTo(MAX_ABORT_WAIT) < 0 && !t.isZero() ? t : MAX_ABORT_WAIT;
    }

    /** The wire tap of --record, or null. */
    ConnectionTap tap() {
      return recording == null ? null : recording.tap();
    }
  }

  static final Duration MAX_ABORT_WAIT = Duration.ofSeconds(10);

  /** A command body that may throw the initiator's exceptions. */
  interface Body {
    int run(PrintWriter out) throws Exception;
  }

  /**
   * Runs {@code body} with {@code --record} open, if given, and turns failures into one clear line
   * and an exit code. The recording is closed (complete on disk) before this returns.
   */
  static int guard(CommandLine.Model.CommandSpec spec, Common common, Body body) {
    PrintWriter err = spec.commandLine().getErr();
    if (common.record == null) {
      return guard(spec, body);
    }
    try {
      common.recording = InitiatorRecording.open(common.record);
    } catch (IllegalArgumentException e) {
      err.println("iscsi-lab: " + e.getMessage());
      err.flush();
      return EXIT_COULD_NOT_RUN;
    }
    try {
      return guard(spec, body);
    } finally {
      common.recording.close();
      if (common.recording.problem() != null) {
        err.println("iscsi-lab: note: " + common.recording.problem());
        err.flush();
      }
      common.recording = null;
    }
  }

  /** Runs {@code body} and turns failures into one clear line and an exit code. */
  static int guard(CommandLine.Model.CommandSpec spec, Body body) {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      int rc = body.run(out);
      out.flush();
      return rc;
    } catch (IllegalArgumentException e) {
      err.println("iscsi-lab: " + e.getMessage());
      return EXIT_COULD_NOT_RUN;
    } catch (PortalUnreachableException | LoginFailedException e) {
      err.println("iscsi-lab: " + e.getMessage());
      return EXIT_COULD_NOT_RUN;
    } catch (TaskStalledException e) {
      err.println("iscsi-lab: stalled: " + e.getMessage());
      return EXIT_FAILED;
    } catch (ScsiStatusException | TargetProtocolException | ConnectionLostException e) {
      err.println("iscsi-lab: " + e.getMessage());
      return EXIT_FAILED;
    } catch (InitiatorException e) {
      err.println("iscsi-lab: " + e.getMessage());
      return EXIT_FAILED;
    } catch (java.io.IOException e) {
      err.println("iscsi-lab: " + e.getMessage());
      return EXIT_COULD_NOT_RUN;
    } catch (Exception e) {
      err.println("iscsi-lab: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
      return EXIT_FAILED;
    } finally {
      out.flush();
      err.flush();
    }
  }

  static IscsiUrl parseTargetUrl(String url) {
    IscsiUrl u = IscsiUrl.parse(url);
    if (!u.hasTarget()) {
      throw new IllegalArgumentException("the URL needs a target and LUN: iscsi://HOST[:PORT]/TARGET-IQN/LUN");
    }
    return u;
  }

  static LoginSpec loginSpec(IscsiUrl u, Common c, boolean discovery) {
    LoginSpec spec = discovery ? LoginSpec.discovery(c.initiatorName)
        : LoginSpec.normal(c.initiatorName, u.targetName().orElseThrow());
    spec = spec.withTimeout(c.timeout());
    if (u.headerDigest().isPresent() || u.dataDigest().isPresent()) {
      spec = spec.withDigests(u.headerDigest().map(d -> d.offer()).orElse("None"),
          u.dataDigest().map(d -> d.offer()).orElse("None"));
    }
    if (u.hasChap()) {
      spec = spec.withChap(ChapCredentials.of(u.user().get(), u.secret().get()));
      if (u.hasMutualChap()) {
        spec = spec.withMutualChap(ChapCredentials.of(u.targetUser().get(), u.targetSecret().get()));
      }
    }
    return spec;
  }

  static List<InitiatorQuirk> quirks(Common c) {
    List<InitiatorQuirk> out = new ArrayList<>();
    for (String q : c.quirks) {
      out.add(InitiatorQuirks.byName(q).orElseThrow(() -> new IllegalArgumentException("unknown quirk '" + q
          + "'; known: " + InitiatorQuirks.all().stream().map(InitiatorQuirk::name).toList())));
    }
    return out;
  }

  static IscsiSession open(IscsiUrl u, Common c, int queueDepth) {
    return open(u, c, queueDepth, Duration.ZERO);
  }

  /** With {@code pollInterval} &gt; 0 the session polls ({@link SessionConfig#withPolling}). */
  static IscsiSession open(IscsiUrl u, Common c, int queueDepth, Duration pollInterval) {
    SessionConfig cfg = SessionConfig.of(u.host(), u.port(), loginSpec(u, c, false))
        .withTaskTimeout(c.timeout())
        .withConnectTimeout(c.timeout().compareTo(Duration.ofSeconds(10)) < 0 ? c.timeout() : Duration.ofSeconds(10))
        .withQueueDepth(Math.max(1, queueDepth))
        .withQuirks(quirks(c))
        .withWireTap(c.tap())
        .withPolling(pollInterval);
    if (c.abortOnTimeout) {
      cfg = cfg.withAbortOnTimeout(c.abortTimeout());
    }
    if (c.nopInterval > 0) {
      cfg = cfg.withNops(Duration.ofMillis((long) (c.nopInterval * 1000)), c.timeout());
    }
    return IscsiSession.open(cfg);
  }

  /** "4KiB", "1MiB", "512", "4k", "1G" to bytes. */
  static long parseSize(String s) {
    String t = s.trim().toLowerCase(Locale.ROOT).replace("ib", "").replace("b", "");
    long mult = 1;
    if (t.endsWith("k")) {
      mult = 1L << 10;
    } else if (t.endsWith("m")) {
      mult = 1L << 20;
    } else if (t.endsWith("g")) {
      mult = 1L << 30;
    } else if (t.endsWith("t")) {
      mult = 1L << 40;
    }
    if (mult > 1) {
      t = t.substring(0, t.length() - 1);
    }
    try {
      long v = Long.parseLong(t.trim()) * mult;
      if (v <= 0) {
        throw new NumberFormatException();
      }
      return v;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a size: '" + s + "' (e.g. 4KiB, 1MiB, 512)");
    }
  }

  /** Picocli's converter for sizes. */
  static final class SizeConverter implements CommandLine.ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
      return parseSize(value);
    }
  }

  abstract static class Base implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @CommandLine.Mixin Common common = new Common();
  }
}
