/** Capture reading, TCP reassembly, iSCSI session reconstruction and analysis. */
package org.iscsilab.pcap;
