/**
 * Real iSCSI peers on 127.0.0.1 for tests in every module (they come with the protocol
 * test-jar). Nothing here is a mock: each class starts or runs the real program, bounds every
 * wait, and stops what it started by PID, also when a test fails.
 *
 * <ul>
 *   <li>{@link org.iscsilab.testfixtures.peers.TgtPeer} — tgtd + tgtadm: targets, file and null
 *       LUNs, ACLs, CHAP (one-way, mutual), target parameters such as HeaderDigest.</li>
 *   <li>{@link org.iscsilab.testfixtures.peers.IstgtPeer} — istgt with the docs/peers.md
 *       configuration, optional CHAP. Some libiscsi tools hang against it: bound every call.</li>
 *   <li>{@link org.iscsilab.testfixtures.peers.Libiscsi} — iscsi-ls, iscsi-inq,
 *       iscsi-readcapacity16, iscsi-perf; CHAP credentials go in the URL.</li>
 *   <li>{@link org.iscsilab.testfixtures.peers.QemuImg} — whole images over iSCSI;
 *       {@link org.iscsilab.testfixtures.peers.DiskImages} — GPT + FAT images, byte comparison.</li>
 *   <li>{@link org.iscsilab.testfixtures.peers.Tcpdump} and
 *       {@link org.iscsilab.testfixtures.peers.Tshark} — capture on {@code lo}, dissect.</li>
 *   <li>{@link org.iscsilab.testfixtures.peers.ProcessRunner},
 *       {@link org.iscsilab.testfixtures.peers.PeerProcess},
 *       {@link org.iscsilab.testfixtures.peers.FreePort},
 *       {@link org.iscsilab.testfixtures.peers.Polling} — the bounded plumbing underneath;
 *       {@link org.iscsilab.testfixtures.peers.Peers#require} — a missing program fails and names
 *       its Debian package (the interop profile never skips).</li>
 * </ul>
 *
 * <pre>{@code
 * class MyIT {
 *     @RegisterExtension
 *     static final PeerExtension<TgtPeer> TGT = PeerExtension.of(TgtPeer::startWithDefaultTarget);
 *
 *     @Test
 *     void inquiry() {
 *         ToolResult r = Libiscsi.defaults().iscsiInq(TGT.get().url(TgtPeer.DISK_LUN)).requireOk();
 *     }
 * }
 * }</pre>
 *
 * Peer logs are copied to {@code target/peer-logs/} when a peer stops.
 */
package org.iscsilab.testfixtures.peers;
