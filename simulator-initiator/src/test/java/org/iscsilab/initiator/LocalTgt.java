package org.iscsilab.initiator;

import java.time.Duration;
import org.iscsilab.testfixtures.peers.TgtPeer;

/**
 * The tgt set-up the initiator's interop tests use, on the shared {@link TgtPeer} fixture:
 * target {@link #IQN} with LUN 1 a sparse file of the size asked for and LUN 2 a null LUN, open to
 * every initiator.
 */
final class LocalTgt implements AutoCloseable {
  static final String IQN = TgtPeer.DEFAULT_IQN;
  static final int DISK_LUN = TgtPeer.DISK_LUN;
  static final int NULL_LUN = TgtPeer.NULL_LUN;

  final TgtPeer peer;
  final int port;

  private LocalTgt(TgtPeer peer) {
    this.peer = peer;
    this.port = peer.port();
  }

  static LocalTgt start(long diskBytes) {
    TgtPeer p = TgtPeer.start();
    try {
      p.newTarget(TgtPeer.DEFAULT_TID, IQN);
      p.addFileLun(TgtPeer.DEFAULT_TID, DISK_LUN, diskBytes);
      p.addNullLun(TgtPeer.DEFAULT_TID, NULL_LUN);
      p.bindInitiator(TgtPeer.DEFAULT_TID, "ALL");
      return new LocalTgt(p);
    } catch (RuntimeException e) {
      p.close();
      throw e;
    }
  }

  void requireChap(String user, String secret) {
    peer.requireChap(TgtPeer.DEFAULT_TID, user, secret);
  }

  void mutualChap(String user, String secret) {
    peer.mutualChap(TgtPeer.DEFAULT_TID, user, secret);
  }

  /** tgtadm (bounded); {@code must} throws when it fails. */
  boolean adm(boolean must, String... args) {
    if (must) {
      peer.admOk(args);
      return true;
    }
    return peer.adm(Duration.ofSeconds(15), args).ok();
  }

  String url(int lun) {
    return peer.url(lun);
  }

  @Override
  public void close() {
    peer.close();
  }
}
