package org.iscsilab.reports;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The interoperability matrix: scenario (rows) × initiator and target (columns) → verdict, as one
 * self-contained HTML page (inline style and a few lines of script to sort by a column; no
 * external assets), built from summary.json files.
 */
public final class InteropMatrix {

  /** A column: who judged whom. */
  public record Column(String initiator, String target) {
    String label() {
      return initiator + " × " + target;
    }
  }

  /** A row: one scenario (a conformance test) with its clause and level. */
  public record Row(String id, String name, String area, String clause, String level) {}

  /** One cell: the worst verdict seen for the scenario in that column, with its message. */
  public record Cell(Verdict verdict, String message) {}

  private final List<Column> columns;
  private final List<Row> rows;
  private final Map<String, Map<Column, Cell>> cells;

  private InteropMatrix(List<Column> columns, List<Row> rows, Map<String, Map<Column, Cell>> cells) {
    this.columns = columns;
    this.rows = rows;
    this.cells = cells;
  }

  /** Builds the matrix; summaries of the same initiator and target (shards) share a column. */
  public static InteropMatrix of(List<RunSummary> summaries) {
    Map<Column, Boolean> cols = new LinkedHashMap<>();
    Map<String, Row> rows = new TreeMap<>();
    Map<String, Map<Column, Cell>> cells = new LinkedHashMap<>();
    for (RunSummary s : summaries) {
      Column c = new Column(nonEmpty(s.initiator(), "(initiator?)"), nonEmpty(s.target(), "(target?)"));
      cols.put(c, true);
      for (CaseResult r : s.results()) {
        rows.putIfAbsent(r.id(), new Row(r.id(), r.name(), r.area(), r.clause(), r.level()));
        cells.computeIfAbsent(r.id(), k -> new LinkedHashMap<>()).merge(c, new Cell(r.verdict(), r.message()),
            (a, b) -> b.verdict().severity() > a.verdict().severity() ? b : a);
      }
    }
    List<Row> sorted = new ArrayList<>(rows.values());
    sorted.sort((a, b) -> {
      int k = a.area().compareTo(b.area());
      if (k != 0) {
        return k;
      }
      k = a.clause().compareTo(b.clause());
      return k != 0 ? k : a.id().compareTo(b.id());
    });
    return new InteropMatrix(List.copyOf(cols.keySet()), List.copyOf(sorted), cells);
  }

  public List<Column> columns() {
    return columns;
  }

  public List<Row> rows() {
    return rows;
  }

  /** The verdict of {@code row} in {@code column}, or null where the scenario was not run. */
  public Cell cell(Row row, Column column) {
    Map<Column, Cell> m = cells.get(row.id());
    return m == null ? null : m.get(column);
  }

  /** The page. */
  public String toHtml(Instant generatedAt) {
    StringBuilder h = new StringBuilder(16_384);
    h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<title>iscsi-lab interoperability matrix</title>\n<style>\n")
        .append("body{font-family:system-ui,-apple-system,Segoe UI,sans-serif;margin:1.5em;color:#222}\n")
        .append("h1{font-size:1.4em}p.meta{color:#555}\n")
        .append("table{border-collapse:collapse;font-size:.9em}\n")
        .append("th,td{border:1px solid #ccc;padding:.3em .6em;text-align:left;vertical-align:top}\n")
        .append("th{background:#f0f0f0;cursor:pointer;position:sticky;top:0}\n")
        .append("td.v{text-align:center;font-weight:600;white-space:nowrap}\n")
        .append(".pass{background:#d4edda;color:#155724}.fail{background:#f8d7da;color:#721c24}\n")
        .append(".warning{background:#fff3cd;color:#856404}.not-supported{background:#e2e3e5;color:#383d41}\n")
        .append(".skipped{background:#fafafa;color:#888}.none{color:#bbb}\n")
        .append("tr.totals td{background:#f7f7f7;font-size:.85em}\n")
        .append("td.c{white-space:nowrap}th.pair{max-width:16em;word-break:break-all;font-size:.85em}\n")
        .append("th.pair small{font-weight:normal;color:#555}\n")
        .append("input{margin:.5em 0 1em;padding:.3em;width:24em}\n")
        .append("</style>\n</head>\n<body>\n<h1>iscsi-lab interoperability matrix</h1>\n")
        .append("<p class=\"meta\">").append(rows.size()).append(" scenarios × ").append(columns.size())
        .append(" initiator/target pairs. Generated ").append(esc(generatedAt.toString()))
        .append(". Click a column header to sort; hover a verdict for its diagnosis.</p>\n")
        .append("<input id=\"filter\" type=\"search\" placeholder=\"filter rows (area, clause, name)\">\n")
        .append("<table id=\"matrix\">\n<thead><tr><th>area</th><th>clause</th><th>level</th><th>scenario</th>");
    for (Column c : columns) {
      h.append("<th class=\"pair\" title=\"").append(esc(c.label())).append("\">").append(esc(c.target()))
          .append("<br><small>by ").append(esc(c.initiator())).append("</small></th>");
    }
    h.append("</tr>\n<tr class=\"totals\"><td colspan=\"4\">totals</td>");
    for (Column c : columns) {
      Map<Verdict, Integer> n = new LinkedHashMap<>();
      for (Row r : rows) {
        Cell cell = cell(r, c);
        if (cell != null) {
          n.merge(cell.verdict(), 1, Integer::sum);
        }
      }
      StringBuilder t = new StringBuilder();
      for (Verdict v : Verdict.values()) {
        if (n.containsKey(v)) {
          t.append(t.length() == 0 ? "" : ", ").append(n.get(v)).append(' ').append(v.wireName());
        }
      }
      h.append("<td>").append(esc(t.toString())).append("</td>");
    }
    h.append("</tr></thead>\n<tbody>\n");
    for (Row r : rows) {
      h.append("<tr><td>").append(esc(r.area())).append("</td><td class=\"c\">");
      String url = AllureSupport.rfcUrl(r.clause()).orElse(null);
      if (url != null) {
        h.append("<a href=\"").append(esc(url)).append("\">").append(esc(r.clause())).append("</a>");
      } else {
        h.append(esc(r.clause()));
      }
      h.append("</td><td>").append(esc(r.level())).append("</td><td title=\"").append(esc(r.id())).append("\">")
          .append(esc(r.name())).append("</td>");
      for (Column c : columns) {
        Cell cell = cell(r, c);
        if (cell == null) {
          h.append("<td class=\"v none\">—</td>");
        } else {
          h.append("<td class=\"v ").append(cell.verdict().wireName()).append("\" data-sort=\"")
              .append(cell.verdict().severity()).append("\"");
          if (!cell.message().isEmpty()) {
            h.append(" title=\"").append(esc(cell.message())).append("\"");
          }
          h.append(">").append(cell.verdict().wireName()).append("</td>");
        }
      }
      h.append("</tr>\n");
    }
    h.append("</tbody>\n</table>\n<script>\n")
        .append("(function(){var t=document.getElementById('matrix'),b=t.tBodies[0],dir={};\n")
        .append("t.tHead.rows[0].querySelectorAll('th').forEach(function(th,i){th.addEventListener('click',function(){\n")
        .append(" var d=dir[i]=-(dir[i]||-1),rs=Array.prototype.slice.call(b.rows);\n")
        .append(" rs.sort(function(x,y){var a=x.cells[i],c=y.cells[i];\n")
        .append("  var p=a.getAttribute('data-sort'),q=c.getAttribute('data-sort');\n")
        .append("  if(p!==null&&q!==null)return d*(q-p);return d*a.textContent.localeCompare(c.textContent,undefined,{numeric:true});});\n")
        .append(" rs.forEach(function(r){b.appendChild(r);});});});\n")
        .append("document.getElementById('filter').addEventListener('input',function(e){var q=e.target.value.toLowerCase();\n")
        .append(" Array.prototype.forEach.call(b.rows,function(r){r.style.display=r.textContent.toLowerCase().indexOf(q)<0?'none':'';});});\n")
        .append("})();\n</script>\n</body>\n</html>\n");
    return h.toString();
  }

  private static String nonEmpty(String s, String otherwise) {
    return s == null || s.isBlank() ? otherwise : s;
  }

  static String esc(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (char ch : s.toCharArray()) {
      switch (ch) {
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '&' -> sb.append("&amp;");
        case '"' -> sb.append("&quot;");
        case '\'' -> sb.append("&#39;");
        default -> sb.append(ch);
      }
    }
    return sb.toString();
  }
}
