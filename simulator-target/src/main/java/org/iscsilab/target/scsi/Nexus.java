package org.iscsilab.target.scsi;

import java.util.Objects;

/**
 * An I_T nexus (SAM-5 §4.7): the initiator port (iSCSI name plus ",i,0x" ISID, RFC 7143 §10.1.1)
 * and the target port it came through.
 */
public final class Nexus {
  private final String initiatorName;
  private final long isid;
  private final int relativeTargetPortId;
  private final String portName;

  /**
   * @param initiatorName the InitiatorName
   * @param isid the ISID
   * @param relativeTargetPortId the relative target port identifier (the portal group tag)
   */
  public Nexus(String initiatorName, long isid, int relativeTargetPortId) {
    this.initiatorName = Objects.requireNonNull(initiatorName, "initiatorName");
    this.isid = isid;
    this.relativeTargetPortId = relativeTargetPortId;
    this.portName = initiatorName + ",i,0x" + String.format("%012x", isid);
  }

  public String initiatorName() {
    return initiatorName;
  }

  public long isid() {
    return isid;
  }

  public int relativeTargetPortId() {
    return relativeTargetPortId;
  }

  /** The SCSI initiator port name: {@code iqn...,i,0x<ISID>}. */
  public String initiatorPortName() {
    return portName;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Nexus n && n.isid == isid && n.relativeTargetPortId == relativeTargetPortId
        && n.initiatorName.equals(initiatorName);
  }

  @Override
  public int hashCode() {
    return portName.hashCode() * 31 + relativeTargetPortId;
  }

  @Override
  public String toString() {
    return portName + " via port " + relativeTargetPortId;
  }
}
