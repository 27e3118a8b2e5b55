package org.iscsilab.pcap.analysis;

/** How bad a finding is: a broken MUST, a broken SHOULD, or a fact worth knowing. */
public enum Severity {
  ERROR,
  WARNING,
  INFO
}
