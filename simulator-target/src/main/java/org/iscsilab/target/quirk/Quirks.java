package org.iscsilab.target.quirk;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.iscsilab.protocol.auth.ChapPolicy;
import org.iscsilab.protocol.negotiation.IscsiKeys;
import org.iscsilab.protocol.negotiation.NegotiationProfile;
import org.iscsilab.protocol.pdu.InitiatorPdu;
import org.iscsilab.protocol.pdu.NopOut;
import org.iscsilab.protocol.pdu.ScsiCommand;
import org.iscsilab.protocol.text.KeyValue;
import org.iscsilab.target.scsi.ScsiRequest;
import org.iscsilab.target.scsi.ScsiResult;

/**
 * The catalogue of named quirks, each reproducing a failure from docs/interop-failures.md, and
 * the composition of several into one.
 */
public final class Quirks {

  private Quirks() {}

  /** A named quirk factory: its one-line description and how to build it from its argument. */
  public record Entry(String name, String argument, String description, Function<String, Quirk> factory) {}

  private static final Map<String, Entry> CATALOG = new LinkedHashMap<>();

  static {
    add("sync-cache-never-answered", "", "C1/C22: SYNCHRONIZE CACHE is accepted (CmdSN consumed) and never answered",
        arg -> new ResultQuirk("sync-cache-never-answered",
            (req, res) -> isOpcode(req, 0x35, 0x91) ? null : res));
    add("check-condition-without-sense", "", "istgt: CHECK CONDITION is sent without any sense data",
        arg -> new ResultQuirk("check-condition-without-sense",
            (req, res) -> res.status().code() == 0x02 ? res.withoutSense() : res));
    add("immediate-advances-expcmdsn", "", "C22: ExpCmdSN is advanced by immediate commands too",
        arg -> new Quirk() {
          @Override
          public String name() {
            return "immediate-advances-expcmdsn";
          }

          @Override
          public boolean advancesExpCmdSN(QuirkContext ctx, InitiatorPdu pdu, boolean rfc) {
            return true;
          }
        });
    add("zero-length-read-never-answered", "",
        "istgt: a READ with transfer length 0 is accepted and never answered",
        arg -> new ResultQuirk("zero-length-read-never-answered",
            (req, res) -> isOpcode(req, 0x08, 0x28, 0xA8, 0x88) && req.expectedDataTransferLength() == 0
                && readTransferLengthZero(req.cdb()) ? null : res));
    add("no-target-portal-group-tag", "", "C19: TargetPortalGroupTag is missing from the first Login Response",
        arg -> new Quirk() {
          @Override
          public String name() {
            return "no-target-portal-group-tag";
          }

          @Override
          public List<KeyValue> onLoginAnswer(QuirkContext ctx, int stage, List<KeyValue> keys) {
            List<KeyValue> out = new ArrayList<>(keys);
            out.removeIf(kv -> kv.key().equals(IscsiKeys.TARGET_PORTAL_GROUP_TAG));
            return out;
          }
        });
    add("ignore-writes-larger-than", "BYTES",
        "C3: a write whose EDTL exceeds BYTES is silently ignored (no R2T, no status)",
        arg -> {
          long limit = parseLong("ignore-writes-larger-than", arg);
          return new Quirk() {
            @Override
            public String name() {
              return "ignore-writes-larger-than=" + limit;
            }

            @Override
            public CommandAction onScsiCommand(QuirkContext ctx, ScsiCommand command) {
              return command.write() && Integer.toUnsignedLong(command.expectedDataTransferLength()) > limit
                  ? CommandAction.IGNORE : CommandAction.EXECUTE;
            }
          };
        });
    add("nop-out-never-answered", "", "C14: NOP-Out pings from the initiator are never answered",
        arg -> new Quirk() {
          @Override
          public String name() {
            return "nop-out-never-answered";
          }

          @Override
          public boolean answerNopOut(QuirkContext ctx, NopOut nopOut) {
            return false;
          }
        });
    add("statsn-advanced-on-every-pdu", "", "C22: StatSN advances on every PDU that carries it (R2T, Data-In without status, NOP-In pings)",
        arg -> new Quirk() {
          @Override
          public String name() {
            return "statsn-advanced-on-every-pdu";
          }

          @Override
          public boolean advancesStatSN(QuirkContext ctx, org.iscsilab.protocol.pdu.Pdu response, boolean rfc) {
            return true;
          }
        });
    add("digest-in-discovery", "", "C9: a discovery session gets HeaderDigest/DataDigest=CRC32C whenever offered",
        arg -> new Quirk() {
          @Override
          public String name() {
            return "digest-in-discovery";
          }

          @Override
          public NegotiationProfile negotiationProfile(QuirkContext ctx, NegotiationProfile p) {
            return ctx.discovery() ? p.with(IscsiKeys.HEADER_DIGEST, "CRC32C").with(IscsiKeys.DATA_DIGEST, "CRC32C")
                : p;
          }
        });
    add("refuse-chap-algorithm-list", "", "C11: CHAP fails when CHAP_A offers a list of algorithms",
        arg -> new Quirk() {
          @Override
          public String name() {
            return "refuse-chap-algorithm-list";
          }

          @Override
          public ChapPolicy chapPolicy(QuirkContext ctx, ChapPolicy policy) {
            return policy.withRefuseAlgorithmList(true);
          }
        });
    add("tolerate-repeated-keys", "", "C10: an identical repeat of a login key is ignored, as tgt does for libiscsi's CHAP logins",
        arg -> new Quirk() {
          @Override
          public String name() {
            return "tolerate-repeated-keys";
          }

          @Override
          public boolean tolerateRepeatedKeys(QuirkContext ctx) {
            return true;
          }
        });
    add("nop-in-drop-after", "SECONDS",
        "C4: NOP-In pings with a valid TTT every second of idleness; no NOP-Out within SECONDS drops the connection",
        arg -> {
          long ms = (long) (parseSeconds("nop-in-drop-after", arg) * 1000);
          return new Quirk() {
            @Override
            public String name() {
              return "nop-in-drop-after=" + arg;
            }

            @Override
            public java.time.Duration nopInInterval(java.time.Duration configured) {
              return java.time.Duration.ofSeconds(1);
            }

            @Override
            public java.time.Duration nopInTimeout(java.time.Duration configured) {
              return java.time.Duration.ofMillis(ms);
            }
          };
        });
    add("session-type-required", "", "C7: a login without SessionType is refused as \"target not found\"",
        arg -> new Quirk() {
          @Override
          public String name() {
            return "session-type-required";
          }

          @Override
          public org.iscsilab.protocol.pdu.LoginStatus admitLogin(QuirkContext ctx, List<KeyValue> firstKeys) {
            return firstKeys.stream().anyMatch(k -> k.key().equals(IscsiKeys.SESSION_TYPE)) ? null
                : org.iscsilab.protocol.pdu.LoginStatus.NOT_FOUND;
          }
        });
    add("abort-task-never-answered", "", "C20: ABORT TASK is accepted and never answered",
        arg -> new Quirk() {
          @Override
          public String name() {
            return "abort-task-never-answered";
          }

          @Override
          public boolean answerTaskManagement(QuirkContext ctx, org.iscsilab.protocol.pdu.TaskManagementRequest r) {
            return !r.function().equals(org.iscsilab.protocol.pdu.TaskManagementFunction.ABORT_TASK);
          }
        });
    add("data-in-ignores-limits", "",
        "C16: Data-In goes out as one PDU per task, ignoring MaxRecvDataSegmentLength and MaxBurstLength",
        arg -> new Quirk() {
          @Override
          public String name() {
            return "data-in-ignores-limits";
          }

          @Override
          public int dataInSegmentLength(QuirkContext ctx, int segment) {
            return 0xffffff;
          }

          @Override
          public int dataInBurstLength(QuirkContext ctx, int burst) {
            return 0xffffff;
          }
        });
  }

  static double parseSeconds(String quirk, String arg) {
    try {
      double d = Double.parseDouble(arg);
      if (d <= 0) {
        throw new NumberFormatException();
      }
      return d;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("quirk '" + quirk + "': '" + arg + "' is not a positive number of seconds");
    }
  }

  private static void add(String name, String arg, String description, Function<String, Quirk> factory) {
    CATALOG.put(name, new Entry(name, arg, description, factory));
  }

  /** Every named quirk, in a stable order. */
  public static List<Entry> catalog() {
    return List.copyOf(CATALOG.values());
  }

  /**
   * Builds the quirk {@code NAME[=ARG]}.
   *
   * @throws IllegalArgumentException naming the unknown quirk or the bad argument
   */
  public static Quirk create(String spec) {
    int eq = spec.indexOf('=');
    String name = eq < 0 ? spec.trim() : spec.substring(0, eq).trim();
    String arg = eq < 0 ? "" : spec.substring(eq + 1).trim();
    Entry e = CATALOG.get(name);
    if (e == null) {
      throw new IllegalArgumentException("unknown quirk '" + name + "' (see --quirk list)");
    }
    if (!e.argument().isEmpty() && arg.isEmpty()) {
      throw new IllegalArgumentException("quirk '" + name + "' needs an argument: " + name + "=" + e.argument());
    }
    if (e.argument().isEmpty() && !arg.isEmpty()) {
      throw new IllegalArgumentException("quirk '" + name + "' takes no argument");
    }
    return e.factory().apply(arg);
  }

  /** One line per quirk, for {@code --quirk list}. */
  public static String describe() {
    StringBuilder sb = new StringBuilder();
    for (Entry e : CATALOG.values()) {
      String n = e.name() + (e.argument().isEmpty() ? "" : "=" + e.argument());
      sb.append(String.format("  %-34s %s%n", n, e.description()));
    }
    return sb.toString();
  }

  static long parseLong(String quirk, String arg) {
    try {
      return org.iscsilab.target.backend.LunSpec.parseSize(arg);
    } catch (IllegalArgumentException e) {
      try {
        return Long.parseLong(arg);
      } catch (NumberFormatException n) {
        throw new IllegalArgumentException("quirk '" + quirk + "': '" + arg + "' is not a byte count");
      }
    }
  }

  static boolean isOpcode(ScsiRequest req, int... opcodes) {
    if (req.cdb().length == 0) {
      return false;
    }
    int op = req.cdb()[0] & 0xff;
    for (int o : opcodes) {
      if (o == op) {
        return true;
      }
    }
    return false;
  }

  static boolean readTransferLengthZero(byte[] cdb) {
    int op = cdb[0] & 0xff;
    return switch (op) {
      case 0x28 -> cdb.length >= 9 && cdb[7] == 0 && cdb[8] == 0;
      case 0xA8 -> cdb.length >= 10 && cdb[6] == 0 && cdb[7] == 0 && cdb[8] == 0 && cdb[9] == 0;
      case 0x88 -> cdb.length >= 14 && cdb[10] == 0 && cdb[11] == 0 && cdb[12] == 0 && cdb[13] == 0;
      default -> false; // READ(6) length 0 means 256 blocks
    };
  }

  /** A quirk that only rewrites SCSI results. */
  private record ResultQuirk(String name, java.util.function.BiFunction<ScsiRequest, ScsiResult, ScsiResult> f)
      implements Quirk {
    @Override
    public ScsiResult onScsiResult(QuirkContext ctx, ScsiRequest request, ScsiResult result) {
      return f.apply(request, result);
    }
  }

  /** Several quirks applied in order; the empty composition is the correct target. */
  public static Quirk compose(List<Quirk> quirks) {
    List<Quirk> qs = List.copyOf(quirks);
    if (qs.size() == 1) {
      return qs.get(0);
    }
    return new Composite(qs);
  }

  /** The correct behaviour. */
  public static final Quirk NONE = () -> "none";

  private record Composite(List<Quirk> quirks) implements Quirk {
    @Override
    public String name() {
      return String.join(",", quirks.stream().map(Quirk::name).toList());
    }

    @Override
    public org.iscsilab.protocol.pdu.Pdu onReceive(QuirkContext ctx, org.iscsilab.protocol.pdu.Pdu pdu) {
      for (Quirk q : quirks) {
        if (pdu == null) {
          return null;
        }
        pdu = q.onReceive(ctx, pdu);
      }
      return pdu;
    }

    @Override
    public org.iscsilab.protocol.pdu.Pdu onSend(QuirkContext ctx, org.iscsilab.protocol.pdu.Pdu pdu) {
      for (Quirk q : quirks) {
        if (pdu == null) {
          return null;
        }
        pdu = q.onSend(ctx, pdu);
      }
      return pdu;
    }

    @Override
    public List<KeyValue> onLoginAnswer(QuirkContext ctx, int stage, List<KeyValue> keys) {
      for (Quirk q : quirks) {
        keys = q.onLoginAnswer(ctx, stage, keys);
      }
      return keys;
    }

    @Override
    public CommandAction onScsiCommand(QuirkContext ctx, ScsiCommand command) {
      for (Quirk q : quirks) {
        if (q.onScsiCommand(ctx, command) == CommandAction.IGNORE) {
          return CommandAction.IGNORE;
        }
      }
      return CommandAction.EXECUTE;
    }

    @Override
    public ScsiResult onScsiResult(QuirkContext ctx, ScsiRequest request, ScsiResult result) {
      for (Quirk q : quirks) {
        if (result == null) {
          return null;
        }
        result = q.onScsiResult(ctx, request, result);
      }
      return result;
    }

    @Override
    public boolean answerNopOut(QuirkContext ctx, NopOut nopOut) {
      return quirks.stream().allMatch(q -> q.answerNopOut(ctx, nopOut));
    }

    @Override
    public boolean advancesExpCmdSN(QuirkContext ctx, InitiatorPdu pdu, boolean rfc) {
      boolean v = rfc;
      for (Quirk q : quirks) {
        v = q.advancesExpCmdSN(ctx, pdu, v);
      }
      return v;
    }

    @Override
    public boolean advancesStatSN(QuirkContext ctx, org.iscsilab.protocol.pdu.Pdu response, boolean rfc) {
      boolean v = rfc;
      for (Quirk q : quirks) {
        v = q.advancesStatSN(ctx, response, v);
      }
      return v;
    }

    @Override
    public NegotiationProfile negotiationProfile(QuirkContext ctx, NegotiationProfile profile) {
      for (Quirk q : quirks) {
        profile = q.negotiationProfile(ctx, profile);
      }
      return profile;
    }

    @Override
    public ChapPolicy chapPolicy(QuirkContext ctx, ChapPolicy policy) {
      for (Quirk q : quirks) {
        policy = q.chapPolicy(ctx, policy);
      }
      return policy;
    }

    @Override
    public boolean tolerateRepeatedKeys(QuirkContext ctx) {
      return quirks.stream().anyMatch(q -> q.tolerateRepeatedKeys(ctx));
    }

    @Override
    public org.iscsilab.protocol.pdu.LoginStatus admitLogin(QuirkContext ctx, List<KeyValue> firstKeys) {
      for (Quirk q : quirks) {
        org.iscsilab.protocol.pdu.LoginStatus s = q.admitLogin(ctx, firstKeys);
        if (s != null) {
          return s;
        }
      }
      return null;
    }

    @Override
    public boolean answerTaskManagement(QuirkContext ctx, org.iscsilab.protocol.pdu.TaskManagementRequest r) {
      return quirks.stream().allMatch(q -> q.answerTaskManagement(ctx, r));
    }

    @Override
    public int dataInSegmentLength(QuirkContext ctx, int segment) {
      for (Quirk q : quirks) {
        segment = q.dataInSegmentLength(ctx, segment);
      }
      return segment;
    }

    @Override
    public int dataInBurstLength(QuirkContext ctx, int burst) {
      for (Quirk q : quirks) {
        burst = q.dataInBurstLength(ctx, burst);
      }
      return burst;
    }

    @Override
    public java.time.Duration nopInInterval(java.time.Duration configured) {
      for (Quirk q : quirks) {
        configured = q.nopInInterval(configured);
      }
      return configured;
    }

    @Override
    public java.time.Duration nopInTimeout(java.time.Duration configured) {
      for (Quirk q : quirks) {
        configured = q.nopInTimeout(configured);
      }
      return configured;
    }
  }
}
