package org.iscsilab.initiator;

import io.netty.channel.Channel;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.iscsilab.protocol.codec.WireTap;

/**
 * Shows every connection's exact bytes, both ways, to a listener made per connection: the seam the
 * pcap recorder hooks into (the reference target has the same, {@code IscsiTarget.Builder.wireTap}).
 * The listener is made when the channel is created, before it connects; the protocol's
 * {@link WireTap} is installed next to the socket, so it sees the bytes as they are on the wire,
 * digests and padding included.
 *
 * @param perConnection makes the listener of one connection (it may watch the channel's close future)
 * @param clock         stamps the bytes; {@link #epochNanos()} (the default) is what a pcap file wants
 */
public record ConnectionTap(Function<Channel, WireTap.Listener> perConnection, LongSupplier clock) {

  public ConnectionTap {
    Objects.requireNonNull(perConnection, "perConnection");
    Objects.requireNonNull(clock, "clock");
  }

  /** A tap stamping with wall-clock nanoseconds since the epoch. */
  public static ConnectionTap of(Function<Channel, WireTap.Listener> perConnection) {
    return new ConnectionTap(perConnection, ConnectionTap::epochNanos);
  }

  /** Wall-clock nanoseconds since the Unix epoch. */
  public static long epochNanos() {
    Instant i = Instant.now();
    return i.getEpochSecond() * 1_000_000_000L + i.getNano();
  }

  /** The handler for one channel's pipeline. */
  WireTap handler(Channel channel) {
    return new WireTap(perConnection.apply(channel), clock);
  }
}
