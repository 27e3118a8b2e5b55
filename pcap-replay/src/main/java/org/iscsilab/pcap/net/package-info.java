/**
 * Link-layer (Ethernet with VLAN tags, Linux SLL/SLL2, raw IP, BSD loopback), IPv4/IPv6 and TCP
 * header decoding: {@link org.iscsilab.pcap.net.PacketDecoder} turns a captured packet into a
 * reused {@link org.iscsilab.pcap.net.TcpSegment} flyweight, counting what it skips.
 */
package org.iscsilab.pcap.net;
