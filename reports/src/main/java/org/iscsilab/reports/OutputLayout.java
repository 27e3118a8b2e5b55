package org.iscsilab.reports;

import java.nio.file.Path;

/**
 * Where a suite run (and a merged report) puts its files inside its {@code --out} directory.
 *
 * @param dir the output directory
 */
public record OutputLayout(Path dir) {

  public static final String JUNIT_DIR = "junit";
  public static final String MATRIX_FILE = "matrix.html";

  public Path summary() {
    return dir.resolve(SummaryJson.FILE_NAME);
  }

  public Path junit() {
    return dir.resolve(JUNIT_DIR);
  }

  public Path allureResults() {
    return dir.resolve(AllureSupport.RESULTS_DIR);
  }

  public Path matrix() {
    return dir.resolve(MATRIX_FILE);
  }
}
