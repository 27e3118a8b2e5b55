package org.iscsilab.conformance;

import java.util.Locale;

/** The protocol areas of the suite; each is also a tag usable with {@code --include}/{@code --exclude}. */
public enum ProtocolArea {
  LOGIN,
  NEGOTIATION,
  DISCOVERY,
  COMMAND_NUMBERING,
  DATA_TRANSFER,
  DIGESTS,
  NOP,
  TASK_MANAGEMENT,
  LOGOUT,
  ASYNC,
  REJECT,
  SCSI;

  /** {@code login}, {@code command-numbering}, …: the name in reports and the tag. */
  public String tag() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  @Override
  public String toString() {
    return tag();
  }
}
