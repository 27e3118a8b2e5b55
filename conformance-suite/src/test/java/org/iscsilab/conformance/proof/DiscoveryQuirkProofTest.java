package org.iscsilab.conformance.proof;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iscsilab.conformance.proof.LoginProofRuns.run;
import static org.iscsilab.conformance.proof.LoginProofRuns.test;

import java.util.ArrayList;
import java.util.List;
import org.iscsilab.protocol.pdu.DataSegment;
import org.iscsilab.protocol.pdu.Pdu;
import org.iscsilab.protocol.pdu.TextResponse;
import org.iscsilab.protocol.text.KeyValue;
import org.iscsilab.protocol.text.TextCodec;
import org.iscsilab.reports.CaseResult;
import org.iscsilab.reports.Verdict;
import org.iscsilab.target.quirk.Quirk;
import org.iscsilab.target.quirk.QuirkContext;
import org.iscsilab.target.quirk.Quirks;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.DiscoverySelector;

/** The discovery tests catch a reference target that breaks their rule, and pass it otherwise. */
class DiscoveryQuirkProofTest {

  private static final DiscoverySelector NO_DIGEST_FIRST =
      test("discovery.DiscoverySessionTest", "discoverySessionChoosesNoDigestWhenOfferedFirst", "ctx");
  private static final DiscoverySelector ADDRESSES_WITH_TAG =
      test("discovery.DiscoverySessionTest", "sendTargetsAllGivesEveryTargetAnAddressWithPortalGroupTag", "ctx");

  /** C19: SendTargets answers carry TargetAddress without the portal group tag. */
  private static final Quirk ADDRESS_WITHOUT_TAG = new Quirk() {
    @Override
    public String name() {
      return "send-targets-without-portal-group-tag";
    }

    @Override
    public Pdu onSend(QuirkContext ctx, Pdu pdu) {
      if (pdu instanceof TextResponse r && !r.data().isEmpty()) {
        List<KeyValue> out = new ArrayList<>();
        for (KeyValue kv : LoginProofRuns.keys(r.data())) {
          out.add(kv.key().equals("TargetAddress") ? KeyValue.of(kv.key(), kv.value().replaceAll(",[0-9]+$", "")) : kv);
        }
        return new TextResponse(r.finalFlag(), r.continueFlag(), r.lun(), r.initiatorTaskTag(),
            r.targetTransferTag(), r.statSN(), r.expCmdSN(), r.maxCmdSN(), DataSegment.wrap(TextCodec.encode(out)));
      }
      return pdu;
    }
  };

  @Test
  void addressesWithoutPortalGroupTagFailTheSendTargetsTest() throws Exception {
    assertThat(run(null, ADDRESSES_WITH_TAG).get(0).verdict()).isEqualTo(Verdict.PASS);
    CaseResult r = run(ADDRESS_WITHOUT_TAG, ADDRESSES_WITH_TAG).get(0);
    assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(r.message()).contains("has no portal group tag");
  }

  /** C9 is a SHOULD (RFC 7143 lets a target choose a digest it supports): a warning, never a failure. */
  @Test
  void digestInDiscoveryIsAWarning() throws Exception {
    assertThat(run(null, NO_DIGEST_FIRST).get(0).verdict()).isEqualTo(Verdict.PASS);
    CaseResult r = run(Quirks.create("digest-in-discovery"), NO_DIGEST_FIRST).get(0);
    assertThat(r.verdict()).isEqualTo(Verdict.WARNING);
    assertThat(r.message()).startsWith("answered HeaderDigest=CRC32C to None,CRC32C in a discovery session");
  }
}
