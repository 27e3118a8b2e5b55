package org.iscsilab.target.scsi;

/**
 * An I_T nexus (SAM-5 §4.7): the initiator port (iSCSI name plus ",i,0x" ISID, RFC 7143 §10.1.1)
 * and the target port it came through.
 *
 * @param initiatorName the InitiatorName
 * @param isid the ISID
 * @param relativeTargetPortId the relative target port identifier (the portal group tag)
 */
public record Nexus(String initiatorName, long isid, int relativeTargetPortId) {

  /** The SCSI initiator port name: {@code iqn...,i,0x<ISID>}. */
  public String initiatorPortName() {
    return initiatorName + ",i,0x" + String.format("%012x", isid);
  }

  @Override
  public String toString() {
    return initiatorPortName() + " via port " + relativeTargetPortId;
  }
}
