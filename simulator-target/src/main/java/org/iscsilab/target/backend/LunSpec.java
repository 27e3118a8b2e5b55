package org.iscsilab.target.backend;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A LUN specification of the command-line contract: a size ({@code 1GiB}, {@code 512MiB}: sparse
 * memory), {@code file:PATH[,size=SIZE]} or {@code null:SIZE}; a trailing {@code ,ro} makes it
 * read-only.
 */
public record LunSpec(Kind kind, long size, Path path, boolean readOnly) {

  public enum Kind { MEMORY, FILE, NULL }

  private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([KMGTP]i?B?|B|)", Pattern.CASE_INSENSITIVE);

  /** Parses a spec; the message of the exception names what was wrong. */
  public static LunSpec parse(String spec) {
    String s = spec.trim();
    boolean ro = false;
    if (s.endsWith(",ro")) {
      ro = true;
      s = s.substring(0, s.length() - 3);
    }
    if (s.startsWith("file:")) {
      String rest = s.substring(5);
      long size = -1;
      int comma = rest.lastIndexOf(",size=");
      if (comma >= 0) {
        size = parseSize(rest.substring(comma + 6));
        rest = rest.substring(0, comma);
      }
      if (rest.isEmpty()) {
        throw new IllegalArgumentException("LUN spec '" + spec + "': file: needs a path");
      }
      return new LunSpec(Kind.FILE, size, Path.of(rest), ro);
    }
    if (s.startsWith("null:")) {
      return new LunSpec(Kind.NULL, parseSize(s.substring(5)), null, ro);
    }
    if (s.startsWith("memory:")) {
      s = s.substring(7);
    }
    try {
      return new LunSpec(Kind.MEMORY, parseSize(s), null, ro);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("LUN spec '" + spec
          + "' is not a size (1GiB), file:PATH[,size=SIZE] or null:SIZE: " + e.getMessage());
    }
  }

  /** "1GiB", "512MiB", "4096", "1G" (binary units). Must be a positive multiple of 512. */
  public static long parseSize(String text) {
    Matcher m = SIZE.matcher(text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException("'" + text + "' is not a size like 1GiB or 512MiB");
    }
    long n = Long.parseLong(m.group(1));
    String unit = m.group(2).toUpperCase(Locale.ROOT);
    int shift = unit.isEmpty() || unit.equals("B") ? 0 : switch (unit.charAt(0)) {
      case 'K' -> 10;
      case 'M' -> 20;
      case 'G' -> 30;
      case 'T' -> 40;
      default -> 50;
    };
    if (n <= 0 || Long.numberOfLeadingZeros(n) <= shift) {
      throw new IllegalArgumentException("size '" + text + "' must be positive and below 8 EiB");
    }
    long bytes = n << shift;
    if (bytes % 512 != 0) {
      throw new IllegalArgumentException("size '" + text + "' is not a multiple of the 512-byte block");
    }
    return bytes;
  }

  /** A plain number or a size with a unit ("256KiB"), without the 512-byte rule. */
  public static long parseSizeOrNumber(String text) {
    Matcher m = SIZE.matcher(text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException("'" + text + "' is not a number");
    }
    String unit = m.group(2).toUpperCase(Locale.ROOT);
    int shift = unit.isEmpty() || unit.equals("B") ? 0 : switch (unit.charAt(0)) {
      case 'K' -> 10;
      case 'M' -> 20;
      case 'G' -> 30;
      case 'T' -> 40;
      default -> 50;
    };
    return Long.parseLong(m.group(1)) << shift;
  }

  /** Opens the backend this spec describes. */
  public BlockBackend open() {
    try {
      return switch (kind) {
        case MEMORY -> new SparseMemoryBackend(size, readOnly);
        case NULL -> new NullBackend(size, readOnly);
        case FILE -> new FileBackend(path, size, readOnly);
      };
    } catch (IOException e) {
      throw new UncheckedIOException("LUN " + this + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return switch (kind) {
      case MEMORY -> BlockBackend.formatSize(size);
      case NULL -> "null:" + BlockBackend.formatSize(size);
      case FILE -> "file:" + path + (size > 0 ? ",size=" + size : "");
    } + (readOnly ? ",ro" : "");
  }
}
