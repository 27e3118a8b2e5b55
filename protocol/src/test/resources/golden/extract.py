#!/usr/bin/env python3
"""Regenerates golden/*.hex and golden/*.tshark.tsv from ../captures (needs tshark; tests do not).

  python3 extract.py            # run from this directory

TCP payloads come from
  tshark -r CAPTURE -T fields -e frame.number -e tcp.stream -e tcp.srcport -e tcp.seq_raw -e tcp.payload
and are reassembled per direction here; PDUs are cut at BHS boundaries (no digests were
negotiated in these captures) and every cut is checked against tshark's own opcode list. The
field values are tshark's, from
  tshark -r CAPTURE -d tcp.port==PORT,iscsi -Y frame.number==N -T fields -E occurrence=a -e FIELD...
for frames in which exactly one PDU ends (so the field lists are unambiguous).
"""
import collections, subprocess, sys

CAPTURES = [("libiscsi-tgt-discovery", 3261, None), ("istgt-read16-zero-length-unanswered", 3262, None),
            ("libiscsi-tgt-mixed", 3261, 14)]
FIELDS = ["iscsi.opcode", "iscsi.I", "iscsi.flags", "iscsi.totalahslength", "iscsi.datasegmentlength",
          "iscsi.initiatortasktag", "iscsi.targettransfertag", "iscsi.cmdsn", "iscsi.expstatsn", "iscsi.statsn",
          "iscsi.expcmdsn", "iscsi.maxcmdsn", "iscsi.datasn", "iscsi.bufferOffset",
          "iscsi.scsicommand.expecteddatatransferlength", "iscsi.scsicommand.F", "iscsi.scsicommand.R",
          "iscsi.scsicommand.W", "iscsi.scsicommand.attr", "iscsi.scsiresponse.residualcount",
          "iscsi.scsidata.readresidualcount", "iscsi.scsiresponse.status", "iscsi.scsiresponse.response",
          "iscsi.scsiresponse.o", "iscsi.scsiresponse.u", "iscsi.scsiresponse.O", "iscsi.scsiresponse.U",
          "iscsi.scsiresponse.senselength", "iscsi.scsiresponse.bidireadresidualcount", "iscsi.expdatasn",
          "iscsi.scsidata.F", "iscsi.scsidata.A", "iscsi.scsidata.S", "iscsi.scsidata.O", "iscsi.scsidata.U",
          "iscsi.desireddatalength", "iscsi.r2tsn", "iscsi.taskmanfun.function", "iscsi.taskmanfun.referencedtasktag",
          "iscsi.refcmdsn", "iscsi.taskmanfun.response", "iscsi.logout.reason", "iscsi.logout.response",
          "iscsi.time2wait", "iscsi.time2retain", "iscsi.login.T", "iscsi.login.C", "iscsi.login.csg",
          "iscsi.login.nsg", "iscsi.login.status", "iscsi.versionmax", "iscsi.versionmin", "iscsi.versionactive",
          "iscsi.isid", "iscsi.tsih", "iscsi.cid", "iscsi.text.F", "iscsi.text.C", "iscsi.keyvalue",
          "scsi.lun", "scsi.spc.opcode", "iscsi.headerdigest32"]
# Captures made for the codec, kept here: only the per-frame fields are extracted (their PDUs carry
# header digests, which the .hex golden set does not).
#   libiscsi-tgt-header-digest: tgt 1.0.85 on 127.0.0.1:3271 with "tgtadm --op update --mode target
#   --tid 1 --name HeaderDigest --value CRC32C", libiscsi 1.19 with "?header_digest=crc32c":
#   iscsi-inq, iscsi-readcapacity16, iscsi-test-cu --dataloss -t ALL.iSCSIResiduals.Write10Residuals,
#   ALL.iSCSIResiduals.Read10Residuals,ALL.Write10.DpoFua, iscsi-ls -s.
OWN_CAPTURES = [("libiscsi-tgt-header-digest", 3271)]


def tshark(args):
    out = subprocess.run(["tshark"] + args, capture_output=True, text=True)
    if out.returncode:
        raise SystemExit(out.stderr)
    out = out.stdout
    return [line.split("\t") for line in out.splitlines()]


def pdus(name, port):
    rows = tshark(["-r", f"../captures/{name}.pcap", "-d", f"tcp.port=={port},iscsi", "-T", "fields",
                   "-e", "frame.number", "-e", "tcp.stream", "-e", "tcp.srcport", "-e", "tcp.seq_raw",
                   "-e", "tcp.payload", "-e", "iscsi.opcode"])
    streams = collections.defaultdict(lambda: {"next": None, "buf": bytearray(), "ends": []})
    opcodes = {}
    for frame, stream, sport, seq, payload, ops in rows:
        opcodes[int(frame)] = [o for o in ops.split(",") if o]
        if not payload:
            continue
        s = streams[(int(stream), int(sport) != port)]
        seq, data = int(seq), bytes.fromhex(payload)
        if s["next"] is not None and seq < s["next"]:
            continue  # retransmission
        s["next"] = seq + len(data)
        s["buf"] += data
        s["ends"].append((len(s["buf"]), int(frame)))
    out = []
    for (stream, from_initiator), s in sorted(streams.items()):
        b, pos = s["buf"], 0
        while pos < len(b):
            dsl = int.from_bytes(b[pos + 5:pos + 8], "big")
            length = 48 + b[pos + 4] * 4 + dsl + (-dsl % 4)
            end = pos + length
            frame = next(f for e, f in s["ends"] if e >= end)
            out.append((frame, stream, from_initiator, bytes(b[pos:end])))
            pos = end
    out.sort(key=lambda p: (p[0], p[1]))
    per_frame = collections.Counter(p[0] for p in out)
    for frame, ops in opcodes.items():
        mine = ["0x%02x" % (p[3][0] & 0x3f) for p in out if p[0] == frame]
        assert sorted(mine) == sorted(ops), (name, frame, mine, ops)
    return out, per_frame


def every_frame(name, port, path=None):
    """NAME.frames.tshark.tsv: tshark's fields for every frame in which exactly one PDU ends."""
    rows = tshark(["-r", path or f"../captures/{name}.pcap", "-d", f"tcp.port=={port},iscsi", "-Y", "iscsi", "-T", "fields",
                   "-E", "occurrence=a", "-E", "separator=/t", "-E", "aggregator=|", "-e", "frame.number"]
                  + sum([["-e", f] for f in FIELDS], []))
    kept = [r for r in rows if r[1] and "|" not in r[1]]
    with open(f"{name}.frames.tshark.tsv", "w") as t:
        t.write("\t".join(["frame"] + FIELDS) + "\n")
        for r in kept:
            t.write("\t".join(r) + "\n")
    print(name, len(kept), "single-PDU frames", file=sys.stderr)


def main():
    for name, port, _ in CAPTURES:
        every_frame(name, port)
    for name, port in OWN_CAPTURES:
        every_frame(name, port, f"{name}.pcap")
    for name, port, per_kind in CAPTURES:
        out, per_frame = pdus(name, port)
        chosen, seen = [], collections.Counter()
        for frame, stream, ini, raw in out:
            if per_frame[frame] != 1:
                continue
            op = raw[0] & 0x3f
            kind = (op, raw[1], raw[32] if op == 1 else raw[3], int.from_bytes(raw[5:8], "big") > 0)
            if per_kind is not None and seen[kind] >= 1 or per_kind is not None and seen[op] >= per_kind:
                continue
            seen[kind] += 1
            seen[op] += 1
            chosen.append((frame, stream, ini, raw))
        with open(f"{name}.hex", "w") as h, open(f"{name}.tshark.tsv", "w") as t:
            h.write(f"# {len(chosen)} PDUs from captures/{name}.pcap, one per line (see extract.py)\n")
            t.write("\t".join(["frame", "stream", "sender"] + FIELDS) + "\n")
            for frame, stream, ini, raw in chosen:
                h.write(raw.hex() + "\n")
                vals = tshark(["-r", f"../captures/{name}.pcap", "-d", f"tcp.port=={port},iscsi",
                               "-Y", f"frame.number=={frame}", "-T", "fields", "-E", "occurrence=a",
                               "-E", "separator=/t", "-E", "aggregator=|"] + sum([["-e", f] for f in FIELDS], []))[0]
                t.write("\t".join([str(frame), str(stream), "initiator" if ini else "target"] + vals) + "\n")
        print(name, len(out), "PDUs,", len(chosen), "golden", file=sys.stderr)


main()
