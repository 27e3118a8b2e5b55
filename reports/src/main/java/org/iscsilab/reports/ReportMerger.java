package org.iscsilab.reports;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Merges the outputs of several suite runs (CI shards, or runs against several targets) into one
 * directory: one summary.json per initiator/target pair merged into the top summary, JUnit XML and
 * Allure results copied side by side, and the interoperability matrix page.
 *
 * <p>Each input is a suite {@code --out} directory (it holds summary.json), or a directory whose
 * immediate sub-directories are. Every input is checked before anything is written; a problem is
 * reported naming the file.
 */
public final class ReportMerger {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** What was merged. */
  public record Result(RunSummary summary, List<RunSummary> inputs, int junitFiles, int allureFiles, Path matrix) {}

  private ReportMerger() {}

  public static Result merge(List<Path> inputs, Path out) throws ReportInputException {
    if (inputs.isEmpty()) {
      throw new IllegalArgumentException("no input directory given");
    }
    List<Path> runDirs = new ArrayList<>();
    for (Path in : inputs) {
      runDirs.addAll(runDirectories(in));
    }
    List<RunSummary> summaries = new ArrayList<>();
    List<Path> junitFiles = new ArrayList<>();
    List<Path> allureFiles = new ArrayList<>();
    for (Path run : runDirs) {
      OutputLayout layout = new OutputLayout(run);
      summaries.add(SummaryJson.read(layout.summary()));
      for (Path f : list(layout.junit(), ".xml")) {
        JunitXml.validate(f);
        junitFiles.add(f);
      }
      for (Path f : list(layout.allureResults(), "")) {
        if (f.getFileName().toString().endsWith("-result.json") || f.getFileName().toString().endsWith("-container.json")) {
          validateJson(f);
        }
        allureFiles.add(f);
      }
    }

    OutputLayout o = new OutputLayout(out);
    RunSummary merged = mergeSummaries(summaries);
    try {
      Files.createDirectories(out);
      SummaryJson.write(o.summary(), merged);
      int shard = 0;
      Set<String> taken = new LinkedHashSet<>();
      Path previousRun = null;
      for (Path f : junitFiles) {
        Path run = f.getParent().getParent();
        if (!run.equals(previousRun)) {
          shard++;
          previousRun = run;
        }
        String name = f.getFileName().toString();
        if (!taken.add(name)) {
          name = name.startsWith("TEST-") ? "TEST-shard" + shard + "-" + name.substring(5) : "shard" + shard + "-" + name;
          taken.add(name);
        }
        Files.createDirectories(o.junit());
        Files.copy(f, o.junit().resolve(name), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
      Set<String> allureTaken = new LinkedHashSet<>();
      for (Path f : allureFiles) {
        String name = f.getFileName().toString();
        if (!allureTaken.add(name)) {
          continue; // categories.json, environment.properties: the first shard's wins; results have unique names
        }
        Files.createDirectories(o.allureResults());
        Files.copy(f, o.allureResults().resolve(name), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
      Files.writeString(o.matrix(), InteropMatrix.of(summaries).toHtml(Instant.now()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write to " + out + ": " + e.getMessage(), e);
    }
    return new Result(merged, List.copyOf(summaries), junitFiles.size(), allureFiles.size(), o.matrix());
  }

  /**
   * One summary for all inputs: results concatenated (a test run in several shards keeps its worst
   * verdict), target and initiator joined when the inputs differ, durations added (CPU-style
   * total), start = the earliest.
   */
  public static RunSummary mergeSummaries(List<RunSummary> summaries) {
    Map<String, CaseResult> byKey = new LinkedHashMap<>();
    Set<String> targets = new LinkedHashSet<>();
    Set<String> initiators = new LinkedHashSet<>();
    String start = null;
    long duration = 0;
    for (RunSummary s : summaries) {
      targets.add(s.target());
      initiators.add(s.initiator());
      if (start == null || (s.startedAt() != null && s.startedAt().compareTo(start) < 0)) {
        start = s.startedAt();
      }
      duration += s.durationMillis();
      for (CaseResult r : s.results()) {
        String key = s.initiator() + "\u0000" + s.target() + "\u0000" + r.id();
        byKey.merge(key, r, (a, b) -> b.verdict().severity() > a.verdict().severity() ? b : a);
      }
    }
    return RunSummary.of(String.join(", ", targets), String.join(", ", initiators), start == null ? "" : start,
        duration, byKey.values());
  }

  private static List<Path> runDirectories(Path in) throws ReportInputException {
    if (!Files.exists(in)) {
      throw new ReportInputException(in, "no such directory");
    }
    if (!Files.isDirectory(in)) {
      throw new ReportInputException(in, "not a directory (give the --out directory of a suite run)");
    }
    if (Files.exists(in.resolve(SummaryJson.FILE_NAME))) {
      return List.of(in);
    }
    List<Path> runs = new ArrayList<>();
    try (Stream<Path> s = Files.list(in)) {
      s.filter(Files::isDirectory).filter(d -> Files.exists(d.resolve(SummaryJson.FILE_NAME))).sorted().forEach(runs::add);
    } catch (IOException e) {
      throw new ReportInputException(in, "cannot be listed: " + e.getMessage(), e);
    }
    if (runs.isEmpty()) {
      throw new ReportInputException(in.resolve(SummaryJson.FILE_NAME),
          "no such file, here or in a sub-directory (is this the --out directory of a suite run?)");
    }
    return runs;
  }

  private static List<Path> list(Path dir, String suffix) throws ReportInputException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(Files::isRegularFile).filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
    } catch (IOException e) {
      throw new ReportInputException(dir, "cannot be listed: " + e.getMessage(), e);
    }
  }

  private static void validateJson(Path f) throws ReportInputException {
    try {
      JSON.readTree(f.toFile());
    } catch (IOException e) {
      throw new ReportInputException(f, "not a valid Allure result (invalid JSON): " + e.getMessage(), e);
    }
  }
}
