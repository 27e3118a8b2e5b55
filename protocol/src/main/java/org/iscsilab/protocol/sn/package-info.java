/** Serial-number arithmetic (RFC 1982) for iSCSI sequence numbers (RFC 7143 §4.2.2.1). */
package org.iscsilab.protocol.sn;
