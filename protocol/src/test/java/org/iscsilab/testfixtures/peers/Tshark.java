package org.iscsilab.testfixtures.peers;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * tshark as the reference dissector. iSCSI on a port other than 3260 needs
 * {@code -d tcp.port==PORT,iscsi}. One frame can carry several PDUs: tshark then prints their
 * field values as a comma list on one line, and frames without iSCSI print an empty line.
 * tshark 4.0 prints {@code iscsi.opcode} as hex ({@code 0x01}); decimal is accepted too.
 */
public final class Tshark {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
    public static final String PROBLEMS_FILTER = "_ws.malformed || _ws.expert.severity >= warning";

    private Tshark() {
    }

    /** The opcode of every iSCSI PDU in capture order, and how many of each. */
    public record Opcodes(List<Integer> inOrder, Map<Integer, Long> counts) {
        public Opcodes {
            inOrder = List.copyOf(inOrder);
            counts = Collections.unmodifiableMap(new TreeMap<>(counts));
        }

        public int total() {
            return inOrder.size();
        }

        public long count(int opcode) {
            return counts.getOrDefault(opcode, 0L);
        }
    }

    /** Every PDU's opcode ({@code -T fields -e iscsi.opcode}, comma lists split). */
    public static Opcodes opcodes(Path pcap, int port) {
        List<Integer> ops = new ArrayList<>();
        Map<Integer, Long> counts = new TreeMap<>();
        for (List<String> row : fields(pcap, port, "iscsi.opcode")) {
            for (String v : row.get(0).split(",")) {
                String s = v.strip();
                if (s.isEmpty()) {
                    continue;
                }
                int op = parseNumber(s);
                ops.add(op);
                counts.merge(op, 1L, Long::sum);
            }
        }
        return new Opcodes(ops, counts);
    }

    /** Summary lines of frames tshark finds malformed or flags at warning severity or above. */
    public static List<String> malformed(Path pcap, int port) {
        ToolResult r = run(List.of("-r", pcap.toString(), "-d", "tcp.port==" + port + ",iscsi",
                "-o", "tcp.reassemble_out_of_order:TRUE", "-Y", PROBLEMS_FILTER));
        return lines(r.stdout());
    }

    /**
     * {@code -T fields -e F1 -e F2 ...}: one row per frame, one column per field (a column may be
     * a comma list when the frame holds several PDUs). Frames with none of the fields are dropped.
     */
    public static List<List<String>> fields(Path pcap, int port, String... fields) {
        List<String> args = new ArrayList<>(List.of("-r", pcap.toString(), "-d", "tcp.port==" + port + ",iscsi",
                "-o", "tcp.reassemble_out_of_order:TRUE",
                "-T", "fields", "-E", "separator=/t"));
        for (String f : fields) {
            args.add("-e");
            args.add(f);
        }
        ToolResult r = run(args);
        List<List<String>> rows = new ArrayList<>();
        for (String line : r.stdout().split("\n", -1)) {
            if (line.isBlank()) {
                continue;
            }
            List<String> cols = new ArrayList<>(List.of(line.split("\t", -1)));
            while (cols.size() < fields.length) {
                cols.add("");
            }
            rows.add(cols);
        }
        return rows;
    }

    static int parseNumber(String s) {
        try {
            return s.startsWith("0x") || s.startsWith("0X") ? Integer.parseInt(s.substring(2), 16) : Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new PeerException("tshark printed an opcode that is not a number: '" + s
                    + "' (a tshark version that prints names? pin the output format)");
        }
    }

    private static List<String> lines(String out) {
        List<String> l = new ArrayList<>();
        for (String s : out.split("\n")) {
            if (!s.isBlank()) {
                l.add(s.strip());
            }
        }
        return l;
    }

    private static ToolResult run(List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Peers.path(Peers.Tool.TSHARK));
        cmd.addAll(args);
        return ProcessRunner.run(DEFAULT_TIMEOUT, cmd).requireOk();
    }
}
