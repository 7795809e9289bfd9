package io.npsloop.exports;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@link CaseRow#COLUMNS} is the one list of the case files' columns: the Glue table that Athena
 * reads (template.yaml) and the list analysts read (docs/analytics.md) are held to it here.
 */
class CaseColumnsTest {

    private static final Pattern DOCUMENTED = Pattern.compile("A case row holds `([^`]+)`");
    private static final Pattern GLUE_COLUMN = Pattern.compile("^\\s+- \\{Name: ([a-z_]+), Type: [a-z]+}$");

    @Test
    void theGlueTableDeclaresTheColumnsInOrder() throws Exception {
        var lines = Files.readAllLines(root().resolve("template.yaml"), StandardCharsets.UTF_8);
        int start = lines.indexOf("  CasesGlueTable:");
        assertThat(start).as("template.yaml declares CasesGlueTable").isNotNegative();
        var columns = new ArrayList<String>();
        // The table's resource runs until the next resource, indented as it is.
        for (int i = start + 1; i < lines.size() && !lines.get(i).matches("^  \\S.*"); i++) {
            var column = GLUE_COLUMN.matcher(lines.get(i));
            if (column.matches()) {
                columns.add(column.group(1));
            }
        }
        assertThat(columns).containsExactlyElementsOf(CaseRow.COLUMNS);
    }

    @Test
    void theAnalyticsGuideListsTheColumnsInOrder() throws Exception {
        var docs = Files.readString(root().resolve("docs").resolve("analytics.md"), StandardCharsets.UTF_8);
        var list = DOCUMENTED.matcher(docs);
        assertThat(list.find()).as("docs/analytics.md lists a case row's columns").isTrue();
        assertThat(List.of(list.group(1).split(",\\s+"))).containsExactlyElementsOf(CaseRow.COLUMNS);
    }

    /** The repository's root: the first directory up from here that holds template.yaml. */
    private static Path root() {
        var dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("template.yaml"))) {
            dir = dir.getParent();
        }
        assertThat(dir).as("template.yaml above " + Path.of("").toAbsolutePath()).isNotNull();
        return dir;
    }
}
