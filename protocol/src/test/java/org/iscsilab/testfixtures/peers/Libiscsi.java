package org.iscsilab.testfixtures.peers;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * libiscsi's command-line tools (package libiscsi-bin 1.19), a real initiator. Every call is
 * bounded; a tool that hangs comes back as a {@link ToolResult} with {@code timedOut()}.
 *
 * <p>URLs: {@code iscsi://[USER[%SECRET]@]127.0.0.1:PORT/IQN/LUN}; mutual CHAP adds
 * {@code ?target_user=U&target_password=P}. The tools force {@code HeaderDigest=None,CRC32C}
 * after parsing the URL, so {@code ?header_digest=} has no effect with them; the target's
 * setting decides (see {@link TgtPeer#updateTarget}). libiscsi 1.19 offers no data digest at all.
 */
public final class Libiscsi {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(20);
    private static final Pattern PERF_AVERAGE = Pattern.compile("iops average (\\d+) \\((\\d+) MB/s\\)");

    private final String initiatorName;
    private final Duration timeout;

    private Libiscsi(String initiatorName, Duration timeout) {
        this.initiatorName = initiatorName;
        this.timeout = timeout;
    }

    /** The tools' own initiator names, {@link #DEFAULT_TIMEOUT} per call. */
    public static Libiscsi defaults() {
        return new Libiscsi(null, DEFAULT_TIMEOUT);
    }

    /** Logs in as {@code iqn} ({@code -i}). */
    public Libiscsi withInitiatorName(String iqn) {
        return new Libiscsi(iqn, timeout);
    }

    public Libiscsi withTimeout(Duration t) {
        return new Libiscsi(initiatorName, t);
    }

    /** {@code iscsi-ls [args] URL}, e.g. {@code iscsiLs(portalUrl, "-s")} to list LUNs too. */
    public ToolResult iscsiLs(String url, String... args) {
        return run(Peers.Tool.ISCSI_LS, timeout, List.of(args), url);
    }

    public ToolResult iscsiInq(String url, String... args) {
        return run(Peers.Tool.ISCSI_INQ, timeout, List.of(args), url);
    }

    public ToolResult iscsiReadcapacity16(String url, String... args) {
        return run(Peers.Tool.ISCSI_READCAPACITY16, timeout, List.of(args), url);
    }

    /**
     * {@code iscsi-perf -t SECONDS -b BLOCKS -m DEPTH [-r] URL}: reads only, prints a running line
     * and finally {@code iops average N (M MB/s)}. Bounded at {@code seconds} plus the timeout.
     */
    public ToolResult iscsiPerf(String url, int seconds, int blocks, int depth, boolean random) {
        List<String> args = new ArrayList<>(List.of("-t", Integer.toString(seconds), "-b", Integer.toString(blocks),
                "-m", Integer.toString(depth)));
        if (random) {
            args.add("-r");
        }
        return run(Peers.Tool.ISCSI_PERF, timeout.plusSeconds(seconds), args, url);
    }

    /**
     * {@code iscsi-test-cu -d -t TESTS URL}: libiscsi's conformance tests ({@code -d}: they may
     * write to the LUN), e.g. {@code "iSCSI,SCSI"} or {@code "SCSI.Prout*"}. Bounded by {@code bound}.
     */
    public ToolResult iscsiTestCu(String url, String tests, Duration bound) {
        return run(Peers.Tool.ISCSI_TEST_CU, bound, List.of("-d", "-t", tests), url);
    }

    /**
     * The outcome of each test in iscsi-test-cu's output, by {@code Suite.Test} in run order: true
     * when it passed. A test's verdict is the first line after its {@code Test:} header (that line
     * included, after the dots) that starts with {@code passed} or {@code FAILED}; the
     * {@code [FAILED]} lines a test logs about commands it expected to fail are not verdicts.
     */
    public static Map<String, Boolean> parseTestCu(String output) {
        Map<String, Boolean> out = new LinkedHashMap<>();
        String suite = "?";
        String test = null;
        for (String line : output.split("\\R")) {
            String verdictPart = line;
            if (line.startsWith("Suite: ")) {
                suite = line.substring(7).trim();
                test = null;
                continue;
            }
            if (line.startsWith("  Test: ")) {
                int dots = line.indexOf("...");
                test = suite + "." + (dots < 0 ? line.substring(8) : line.substring(8, dots)).trim();
                verdictPart = dots < 0 ? "" : line.substring(dots + 3);
            }
            if (test != null && !out.containsKey(test)) {
                if (verdictPart.startsWith("passed")) {
                    out.put(test, true);
                } else if (verdictPart.startsWith("FAILED")) {
                    out.put(test, false);
                }
            }
        }
        return out;
    }

    /** The last {@code iops average N (M MB/s)} figure in iscsi-perf's output. */
    public static Optional<PerfFigure> parsePerf(String output) {
        Matcher m = PERF_AVERAGE.matcher(output);
        PerfFigure last = null;
        while (m.find()) {
            last = new PerfFigure(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)));
        }
        return Optional.ofNullable(last);
    }

    /** An iscsi-perf result: average I/O operations per second and MB/s (as the tool prints them). */
    public record PerfFigure(long iops, long megabytesPerSecond) {
    }

    /**
     * {@code iscsi://user%secret@rest} from {@code iscsi://rest}. libiscsi does not percent-decode
     * (a secret given as {@code %20} is sent as those three characters), so user and secret go in
     * verbatim and characters that would break its parsing are refused.
     */
    public static String withChap(String url, String user, String secret) {
        String prefix = "iscsi://";
        if (!url.startsWith(prefix)) {
            throw new IllegalArgumentException("not an iscsi:// URL: " + url);
        }
        return prefix + verbatim(user, "%@/?&") + "%" + verbatim(secret, "@/?&") + "@" + url.substring(prefix.length());
    }

    /** Adds mutual CHAP: the target must prove it is {@code user}/{@code secret}. */
    public static String withTargetChap(String url, String user, String secret) {
        return url + (url.contains("?") ? "&" : "?") + "target_user=" + verbatim(user, "@/?&=")
                + "&target_password=" + verbatim(secret, "@/?&=");
    }

    private static String verbatim(String s, String forbidden) {
        for (char c : forbidden.toCharArray()) {
            if (s.indexOf(c) >= 0) {
                throw new IllegalArgumentException("libiscsi URLs cannot carry '" + c + "' in a CHAP name or secret");
            }
        }
        return s;
    }

    private ToolResult run(Peers.Tool tool, Duration bound, List<String> args, String url) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Peers.path(tool));
        if (initiatorName != null) {
            cmd.add("-i");
            cmd.add(initiatorName);
        }
        cmd.addAll(args);
        cmd.add(url);
        return ProcessRunner.run(bound, cmd);
    }
}
