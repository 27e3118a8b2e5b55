package org.iscsilab.conformance.scsi;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.concurrent.ThreadLocalRandom;
import org.iscsilab.conformance.Area;
import org.iscsilab.conformance.Clause;
import org.iscsilab.conformance.ConformanceContext;
import org.iscsilab.conformance.Level;
import org.iscsilab.conformance.NotSupported;
import org.iscsilab.conformance.ProtocolArea;
import org.iscsilab.conformance.SuiteTags;
import org.iscsilab.initiator.ScsiResult;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Persistent reservations across two I_T nexuses (two sessions of the suite, two ISIDs). Each test
 * removes the registrations it made. Tagged destructive: while it runs, other initiators of the
 * LUN are fenced.
 */
@Area(ProtocolArea.SCSI)
class PersistentReservationTest {
  private static final int REGISTER = 0x00;
  private static final int RESERVE = 0x01;

  private static byte[] prOut(int serviceAction, int type) {
    byte[] c = new byte[10];
    c[0] = 0x5F;
    c[1] = (byte) serviceAction;
    c[2] = (byte) type; // SCOPE 0 (LU_SCOPE)
    c[8] = 24; // PARAMETER LIST LENGTH
    return c;
  }

  private static byte[] keys(long key, long serviceActionKey) {
    return ByteBuffer.allocate(24).putLong(0, key).putLong(8, serviceActionKey).array();
  }

  private static ScsiResult out(Lu lu, int serviceAction, int type, long key, long serviceActionKey) {
    return lu.write(prOut(serviceAction, type), keys(key, serviceActionKey));
  }

  /** READ RESERVATION: the TYPE of the persistent reservation, or -1 when none is held. */
  private static int reservationType(Lu lu) {
    byte[] cdb = {0x5E, 0x01, 0, 0, 0, 0, 0, 0, 64, 0};
    byte[] d = Lu.good(lu.read(cdb, 64)).data();
    assertThat(d.length).as("bytes of READ RESERVATION data").isGreaterThanOrEqualTo(8);
    int additional = ByteBuffer.wrap(d).getInt(4);
    if (additional == 0) {
      return -1;
    }
    assertThat(d.length).as("READ RESERVATION data with ADDITIONAL LENGTH %d", additional).isGreaterThanOrEqualTo(22);
    return d[21] & 0x0f;
  }

  @ParameterizedTest(name = "TYPE {0}h")
  @ValueSource(ints = {7, 8})
  @Tag(SuiteTags.DESTRUCTIVE)
  @Clause(value = "SPC-4 §5.12.11.3", level = Level.MUST)
  void anAllRegistrantsReservationOutlivesTheRegistrationOfItsMaker(int type, ConformanceContext ctx) {
    Lu a = Lu.open(ctx);
    Lu b = Lu.open(ctx);
    long keyA = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
    long keyB = keyA ^ 0x5a5a5a5a5a5a5a5aL;
    ScsiResult first = Lu.supported(out(a, REGISTER, 0, 0, keyA));
    NotSupported.unless(first.isGood(), "PERSISTENT RESERVE OUT REGISTER was not GOOD: " + first.describeStatus());
    try {
      Lu.good(out(b, REGISTER, 0, 0, keyB));
      ScsiResult reserve = out(a, RESERVE, type, keyA, 0);
      NotSupported.unless(reserve.isGood(), "an all registrants reservation (TYPE " + type + "h) was refused: "
          + reserve.describeStatus());
      Lu.good(out(a, REGISTER, 0, keyA, 0)); // the maker unregisters
      assertThat(reservationType(b)).as("TYPE of the persistent reservation after the I_T nexus that made it "
          + "unregistered while another registrant remains (an all registrants reservation is released only "
          + "when its last registrant goes)").isEqualTo(type);
    } finally {
      out(a, REGISTER, 0, keyA, 0); // harmless when already unregistered (RESERVATION CONFLICT)
      out(b, REGISTER, 0, keyB, 0);
    }
  }
}
