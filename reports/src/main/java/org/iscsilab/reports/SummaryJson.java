package org.iscsilab.reports;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads and writes {@code summary.json}. */
public final class SummaryJson {

  public static final String FILE_NAME = "summary.json";

  private static final ObjectMapper MAPPER = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private SummaryJson() {}

  public static String toJson(RunSummary summary) {
    try {
      return MAPPER.writeValueAsString(summary);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("summary cannot be written as JSON", e);
    }
  }

  /** Writes {@code summary} to {@code file}, creating parent directories. */
  public static void write(Path file, RunSummary summary) {
    try {
      if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
      Files.writeString(file, toJson(summary) + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reads a summary, validating the schema and that results are present.
   *
   * @throws ReportInputException naming the file and what is wrong with it
   */
  public static RunSummary read(Path file) throws ReportInputException {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new ReportInputException(file, "no such file");
    } catch (IOException e) {
      throw new ReportInputException(file, "cannot be read: " + e.getMessage(), e);
    }
    RunSummary s;
    try {
      s = MAPPER.readValue(text, RunSummary.class);
    } catch (JsonProcessingException e) {
      throw new ReportInputException(file, "not a valid summary.json: " + e.getOriginalMessage()
          + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"), e);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new ReportInputException(file, "not a valid summary.json: " + e.getMessage(), e);
    }
    if (s == null) {
      throw new ReportInputException(file, "empty file");
    }
    if (!RunSummary.SCHEMA.equals(s.schema())) {
      throw new ReportInputException(file, "schema is \"" + s.schema() + "\", expected \"" + RunSummary.SCHEMA + "\"");
    }
    return s.recomputed();
  }
}
