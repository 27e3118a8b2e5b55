package org.iscsilab.protocol.pdu;

/** A PDU sent by an initiator (opcodes 0x00–0x1f). */
public sealed interface InitiatorPdu extends Pdu
    permits NopOut, ScsiCommand, TaskManagementRequest, LoginRequest, TextRequest, DataOut,
        LogoutRequest, SnackRequest {}
