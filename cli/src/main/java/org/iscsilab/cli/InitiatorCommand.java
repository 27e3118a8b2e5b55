package org.iscsilab.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.iscsilab.initiator.Discovery;
import org.iscsilab.initiator.IscsiConnection;
import org.iscsilab.initiator.IscsiSession;
import org.iscsilab.initiator.scsi.BlockDevice;
import org.iscsilab.initiator.scsi.Capacity;
import org.iscsilab.initiator.scsi.InquiryData;
import org.iscsilab.initiator.workload.DiskFormatWorkload;
import org.iscsilab.initiator.workload.Json;
import org.iscsilab.initiator.workload.PerfWorkload;
import org.iscsilab.initiator.workload.VerifyWorkload;
import org.iscsilab.protocol.url.IscsiUrl;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "initiator",
    mixinStandardHelpOptions = true,
    description = "The reference initiator: discovery, SCSI commands, workloads.",
    subcommands = {
      InitiatorCommand.Discover.class,
      InitiatorCommand.Inquiry.class,
      InitiatorCommand.Capacity.class,
      InitiatorCommand.Read.class,
      InitiatorCommand.Write.class,
      InitiatorCommand.Perf.class,
      InitiatorCommand.Workload.class
    },
    footer = {"", "Exit codes: 0 ok; 1 the operation failed or stalled (the diagnosis is printed); "
        + "2 could not run (bad arguments, unreachable portal, login refused)."})
final class InitiatorCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return IscsiLab.EXIT_USAGE;
  }

  /** For contract commands of other modules still being built (ReplayCommand uses it). */
  abstract static class Unbuilt implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @CommandLine.Unmatched java.util.List<String> args;

    @Override
    public Integer call() {
      return NotBuiltYet.say(spec);
    }
  }

  @Command(name = "discover", mixinStandardHelpOptions = true,
      description = "SendTargets discovery on a portal: iscsi://HOST[:PORT]")
  static final class Discover extends InitiatorCli.Base {
    @Parameters(paramLabel = "URL", description = "iscsi://HOST[:PORT]") String url;

    @Override
    public Integer call() {
      return InitiatorCli.guard(spec, common, out -> {
        IscsiUrl u = IscsiUrl.parseAny(url);
        Discovery.Result result = Discovery.run(u.host(), u.port(), InitiatorCli.loginSpec(u, common, true),
            common.timeout(), common.tap());
        List<Discovery.DiscoveredTarget> targets = result.targets();
        for (String v : result.targetViolations()) {
          spec.commandLine().getErr().println("iscsi-lab: note: " + v);
        }
        if (common.json) {
          out.println(Json.write(targets.stream().map(t -> {
            Map<String, Object> m = Json.object();
            m.put("target", t.name());
            m.put("addresses", t.addresses());
            return m;
          }).toList()));
        } else if (targets.isEmpty()) {
          out.println("no targets on " + u.portal());
        } else {
          for (var t : targets) {
            out.println(t.name() + (t.addresses().isEmpty() ? "" : "  " + String.join(" ", t.addresses())));
          }
        }
        return InitiatorCli.EXIT_OK;
      });
    }
  }

  @Command(name = "inquiry", mixinStandardHelpOptions = true,
      description = "INQUIRY standard data (and the unit serial number VPD page) of a LUN")
  static final class Inquiry extends InitiatorCli.Base {
    @Parameters(paramLabel = "URL") String url;

    @Override
    public Integer call() {
      return InitiatorCli.guard(spec, common, out -> {
        IscsiUrl u = InitiatorCli.parseTargetUrl(url);
        try (IscsiSession s = InitiatorCli.open(u, common, 1)) {
          BlockDevice d = BlockDevice.unprobed(s, u.lun().getAsInt());
          InquiryData q = d.inquiry();
          String serial = null;
          try {
            byte[] vpd = d.inquiryVpd(0x80);
            int len = vpd.length >= 4 ? Math.min(vpd.length - 4, ((vpd[2] & 0xff) << 8) | (vpd[3] & 0xff)) : 0;
            serial = new String(vpd, 4, Math.max(0, len), java.nio.charset.StandardCharsets.US_ASCII).trim();
          } catch (RuntimeException e) {
            // the page is optional
          }
          if (common.json) {
            Map<String, Object> m = Json.object();
            m.put("vendor", q.vendor());
            m.put("product", q.product());
            m.put("revision", q.revision());
            m.put("deviceType", q.deviceType());
            m.put("deviceTypeName", q.deviceTypeName());
            m.put("peripheralQualifier", q.peripheralQualifier());
            m.put("version", q.version());
            m.put("serial", serial);
            out.println(Json.write(m));
          } else {
            out.println("vendor:      " + q.vendor());
            out.println("product:     " + q.product());
            out.println("revision:    " + q.revision());
            out.println("device type: " + q.deviceTypeName() + String.format(" (0x%02x)", q.deviceType()));
            out.println("qualifier:   " + q.peripheralQualifier());
            out.println(String.format("version:     0x%02x", q.version()));
            if (serial != null) {
              out.println("serial:      " + serial);
            }
          }
          return InitiatorCli.EXIT_OK;
        }
      });
    }
  }

  @Command(name = "capacity", mixinStandardHelpOptions = true, description = "READ CAPACITY(10) and (16) of a LUN")
  static final class Capacity extends InitiatorCli.Base {
    @Parameters(paramLabel = "URL") String url;

    @Override
    public Integer call() {
      return InitiatorCli.guard(spec, common, out -> {
        IscsiUrl u = InitiatorCli.parseTargetUrl(url);
        try (IscsiSession s = InitiatorCli.open(u, common, 1)) {
          BlockDevice d = BlockDevice.unprobed(s, u.lun().getAsInt());
          org.iscsilab.initiator.scsi.Capacity c10 = d.readCapacity10();
          org.iscsilab.initiator.scsi.Capacity c = c10;
          try {
            c = d.readCapacity16();
          } catch (org.iscsilab.initiator.ScsiStatusException e) {
            if (c10.saturated()) {
              throw e;
            }
          }
          if (common.json) {
            Map<String, Object> m = Json.object();
            m.put("blocks", c.blocks());
            m.put("blockSize", c.blockSize());
            m.put("bytes", c.bytes());
            m.put("lastLba", c.lastLba());
            m.put("thinProvisioned", c.thinProvisioned());
            out.println(Json.write(m));
          } else {
            out.println("blocks:     " + c.blocks());
            out.println("block size: " + c.blockSize());
            out.println("bytes:      " + c.bytes() + " (" + human(c.bytes()) + ")");
            out.println("last LBA:   " + c.lastLba());
            if (c.from16()) {
              out.println("thin provisioned (LBPME): " + (c.thinProvisioned() ? "yes" : "no"));
            }
          }
          return InitiatorCli.EXIT_OK;
        }
      });
    }
  }

  static String human(long bytes) {
    String[] u = {"B", "KiB", "MiB", "GiB", "TiB"};
    double v = bytes;
    int i = 0;
    while (v >= 1024 && i < u.length - 1) {
      v /= 1024;
      i++;
    }
    return String.format(java.util.Locale.ROOT, "%.1f %s", v, u[i]);
  }

  @Command(name = "read", mixinStandardHelpOptions = true, description = "Read blocks: URL --lba N --blocks N [--out FILE]")
  static final class Read extends InitiatorCli.Base {
    @Parameters(paramLabel = "URL") String url;
    @Option(names = "--lba", required = true, description = "first LBA") long lba;
    @Option(names = "--blocks", required = true, description = "number of blocks") long blocks;
    @Option(names = "--out", description = "write the data to FILE (default: hex dump on stdout)") Path outFile;

    @Override
    public Integer call() {
      return InitiatorCli.guard(spec, common, out -> {
        IscsiUrl u = InitiatorCli.parseTargetUrl(url);
        if (lba < 0 || blocks < 0) {
          throw new IllegalArgumentException("--lba and --blocks must not be negative");
        }
        try (IscsiSession s = InitiatorCli.open(u, common, 8)) {
          BlockDevice d = BlockDevice.open(s, u.lun().getAsInt());
          if (lba + blocks > d.blocks()) {
            throw new IllegalArgumentException("LBA " + lba + " + " + blocks + " blocks runs past the end of the LUN ("
                + d.blocks() + " blocks)");
          }
          byte[] data = d.read(lba, blocks);
          if (outFile != null) {
            Files.write(outFile, data);
            if (!common.json) {
              out.println("read " + data.length + " bytes (" + blocks + " blocks from LBA " + lba + ") into "
                  + outFile);
            }
          } else if (!common.json) {
            hexdump(out, data, lba * d.blockSize());
          }
          if (common.json) {
            Map<String, Object> m = Json.object();
            m.put("lba", lba);
            m.put("blocks", blocks);
            m.put("bytes", data.length);
            m.put("out", outFile == null ? null : outFile.toString());
            out.println(Json.write(m));
          }
          return InitiatorCli.EXIT_OK;
        }
      });
    }
  }

  static void hexdump(PrintWriter out, byte[] data, long base) {
    HexFormat hex = HexFormat.of();
    for (int off = 0; off < data.length; off += 16) {
      int n = Math.min(16, data.length - off);
      StringBuilder ascii = new StringBuilder();
      for (int i = 0; i < n; i++) {
        int c = data[off + i] & 0xff;
        ascii.append(c >= 0x20 && c < 0x7f ? (char) c : '.');
      }
      out.printf("%010x  %-47s  %s%n", base + off, hex.withDelimiter(" ").formatHex(data, off, off + n), ascii);
    }
  }

  @Command(name = "write", mixinStandardHelpOptions = true, description = "Write a file at an LBA: URL --lba N --in FILE")
  static final class Write extends InitiatorCli.Base {
    @Parameters(paramLabel = "URL") String url;
    @Option(names = "--lba", required = true, description = "first LBA") long lba;
    @Option(names = "--in", required = true, description = "the data (padded with zeros to whole blocks)") Path inFile;

    @Override
    public Integer call() {
      return InitiatorCli.guard(spec, common, out -> {
        IscsiUrl u = InitiatorCli.parseTargetUrl(url);
        byte[] data = Files.readAllBytes(inFile);
        try (IscsiSession s = InitiatorCli.open(u, common, 8)) {
          BlockDevice d = BlockDevice.open(s, u.lun().getAsInt());
          int bs = d.blockSize();
          int padded = (data.length + bs - 1) / bs * bs;
          byte[] buf = padded == data.length ? data : java.util.Arrays.copyOf(data, padded);
          if (lba < 0 || lba + padded / bs > d.blocks()) {
            throw new IllegalArgumentException("LBA " + lba + " + " + padded / bs
                + " blocks runs past the end of the LUN (" + d.blocks() + " blocks)");
          }
          d.write(lba, buf);
          if (common.json) {
            Map<String, Object> m = Json.object();
            m.put("lba", lba);
            m.put("blocks", padded / bs);
            m.put("bytes", data.length);
            m.put("paddedBytes", padded - data.length);
            out.println(Json.write(m));
          } else {
            out.println("wrote " + data.length + " bytes (" + padded / bs + " blocks) at LBA " + lba
                + (padded != data.length ? ", padded with " + (padded - data.length) + " zero bytes" : ""));
          }
          return InitiatorCli.EXIT_OK;
        }
      });
    }
  }

  @Command(name = "perf", mixinStandardHelpOptions = true, description = "Measure IOPS, MB/s and latency percentiles")
  static final class Perf extends InitiatorCli.Base {
    @Parameters(paramLabel = "URL") String url;
    @Option(names = "--block-size", defaultValue = "4KiB", converter = InitiatorCli.SizeConverter.class,
        description = "bytes per I/O (default: ${DEFAULT-VALUE})") long blockSize;
    @Option(names = "--queue-depth", defaultValue = "32", description = "I/Os in flight (default: ${DEFAULT-VALUE})")
    int queueDepth;
    @Option(names = "--seconds", defaultValue = "10", description = "duration (default: ${DEFAULT-VALUE})") double seconds;
    @Option(names = "--random", description = "random offsets (default: sequential)") boolean random;
    @Option(names = "--write", description = "writes instead of reads") boolean write;
    @Option(names = "--mixed", description = "percentage of writes in a mixed load (0-100)") Integer mixed;
    @Option(names = "--warmup", defaultValue = "1", description = "seconds of the same load run first and not "
        + "counted (JIT warm-up; default: ${DEFAULT-VALUE})") double warmup;
    @Option(names = "--range", converter = InitiatorCli.SizeConverter.class,
        description = "use only the first SIZE bytes of the LUN") Long range;
    @Option(names = "--poll", description = "while I/O flows, check the socket every --poll-interval instead of "
        + "waiting on it: completions in batches, no wake-up for the target to pay per segment, more latency per "
        + "I/O (see bench/README.md)") boolean poll;
    @Option(names = "--poll-interval", defaultValue = "20", paramLabel = "MICROS",
        description = "with --poll, microseconds between checks (default: ${DEFAULT-VALUE})") long pollMicros;

    @Override
    public Integer call() {
      return InitiatorCli.guard(spec, common, out -> {
        IscsiUrl u = InitiatorCli.parseTargetUrl(url);
        if (pollMicros < 1 || pollMicros > 1_000_000) {
          throw new IllegalArgumentException("--poll-interval must be 1-1000000 microseconds");
        }
        if (queueDepth < 1 || seconds <= 0 || blockSize > (64L << 20)) {
          throw new IllegalArgumentException("--queue-depth must be at least 1, --seconds positive, --block-size at most 64MiB");
        }
        int writePercent = mixed != null ? mixed : write ? 100 : 0;
        if (writePercent < 0 || writePercent > 100) {
          throw new IllegalArgumentException("--mixed is a percentage 0-100");
        }
        Duration pollInterval = poll ? Duration.ofNanos(pollMicros * 1000) : Duration.ZERO;
        try (IscsiSession s = InitiatorCli.open(u, common, queueDepth, pollInterval)) {
          BlockDevice d = BlockDevice.open(s, u.lun().getAsInt());
          PerfWorkload.Options o = new PerfWorkload.Options((int) blockSize, queueDepth,
              Duration.ofMillis((long) (seconds * 1000)), random, writePercent, range == null ? 0 : range, 1)
              .withWarmup(Duration.ofMillis((long) (warmup * 1000)));
          boolean tty = System.console() != null && !common.json;
          PerfWorkload.Result r = new PerfWorkload(d, o).run(tty ? p -> {
            out.printf("\r%5.1f s  %,12d I/Os  %10.0f IOPS  %8.1f MB/s  %d errors   ", p.seconds(), p.ios(),
                p.ios() / Math.max(0.001, p.seconds()), p.bytes() / Math.max(0.001, p.seconds()) / 1e6, p.errors());
            out.flush();
          } : null);
          if (tty) {
            out.print("\r" + " ".repeat(78) + "\r");
          }
          if (common.json) {
            Map<String, Object> m = r.toJson();
            m.put("epoll", IscsiConnection.usesEpoll());
            m.put("poll", poll);
            if (poll) {
              m.put("pollIntervalMicros", pollMicros);
            }
            out.println(Json.write(m));
          } else {
            out.println(r.describe());
          }
          return r.errors() > 0 ? InitiatorCli.EXIT_FAILED : InitiatorCli.EXIT_OK;
        }
      });
    }
  }

  @Command(name = "workload", mixinStandardHelpOptions = true,
      description = "Run a named workload: disk-format (what an OS format sends) or verify (write, read back, compare)")
  static final class Workload extends InitiatorCli.Base {
    @Parameters(paramLabel = "URL") String url;
    @Option(names = "--name", required = true, description = "disk-format or verify") String name;
    @Option(names = "--write-size", defaultValue = "1MiB", converter = InitiatorCli.SizeConverter.class,
        description = "largest write (default: ${DEFAULT-VALUE})") long writeSize;
    @Option(names = "--journal-size", converter = InitiatorCli.SizeConverter.class,
        description = "disk-format: journal size (default: 8 MiB per 100 GiB)") Long journalSize;
    @Option(names = "--sync-timeout", defaultValue = "30",
        description = "disk-format: SYNCHRONIZE CACHE deadline in seconds (default: ${DEFAULT-VALUE})") double syncTimeout;
    @Option(names = "--queue-depth", defaultValue = "4", description = "writes in flight (default: ${DEFAULT-VALUE})")
    int queueDepth;
    @Option(names = "--lba", defaultValue = "0", description = "verify: first LBA") long lba;
    @Option(names = "--blocks", defaultValue = "0", description = "verify: blocks to cover (0: to the end)") long blocks;

    @Override
    public Integer call() {
      return InitiatorCli.guard(spec, common, out -> {
        IscsiUrl u = InitiatorCli.parseTargetUrl(url);
        if (!name.equals("disk-format") && !name.equals("verify")) {
          throw new IllegalArgumentException("unknown workload '" + name + "'; known: disk-format, verify");
        }
        if (writeSize > (16L << 20) || queueDepth < 1) {
          throw new IllegalArgumentException("--write-size at most 16MiB, --queue-depth at least 1");
        }
        try (IscsiSession s = InitiatorCli.open(u, common, queueDepth)) {
          BlockDevice d = BlockDevice.open(s, u.lun().getAsInt());
          if (name.equals("verify")) {
            VerifyWorkload.Result r = VerifyWorkload.run(d, new VerifyWorkload.Options(lba, blocks, (int) writeSize,
                queueDepth, System.nanoTime()));
            out.println(common.json ? Json.write(r.toJson()) : r.describe());
            return r.ok() ? InitiatorCli.EXIT_OK : InitiatorCli.EXIT_FAILED;
          }
          DiskFormatWorkload w = new DiskFormatWorkload(d, new DiskFormatWorkload.Options((int) writeSize,
              journalSize == null ? 0 : journalSize, queueDepth, Duration.ofMillis((long) (syncTimeout * 1000))),
              common.json ? null : p -> {
                out.printf("%-23s %-7s %5d commands %11d bytes %7.2f s  %s%n", p.name(), p.status(), p.commands(),
                    p.bytes(), p.time().toMillis() / 1000.0, p.outcome());
                out.flush();
              });
          DiskFormatWorkload.Report r = w.run();
          if (common.json) {
            out.println(Json.write(r.toJson()));
          } else if (r.ok()) {
            out.println("disk-format completed: every phase answered");
          } else {
            out.println("disk-format stopped: " + r.failure().get().getMessage());
          }
          return r.ok() ? InitiatorCli.EXIT_OK : InitiatorCli.EXIT_FAILED;
        }
      });
    }
  }
}
