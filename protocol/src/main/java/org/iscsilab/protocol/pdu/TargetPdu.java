package org.iscsilab.protocol.pdu;

/**
 * A PDU sent by a target (opcodes 0x20–0x3f). Every one carries ExpCmdSN and MaxCmdSN; StatSN
 * is meaningful except in a Data-In without status and in an R2T (RFC 7143 §11.7.4, §11.8.3),
 * where the field is reserved.
 */
public sealed interface TargetPdu extends Pdu
    permits NopIn, ScsiResponse, TaskManagementResponse, LoginResponse, TextResponse, DataIn,
        LogoutResponse, ReadyToTransfer, AsyncMessage, Reject {

  /** StatSN (for Data-In without status and for R2T the field is reserved/unchanged). */
  int statSN();

  int expCmdSN();

  int maxCmdSN();
}
