package io.clouddiagnoze.system;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestTag;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.opentest4j.AssertionFailedError;

/**
 * The fault suite's table, {@code | case | tried | held | lost or doubled rows |}: a row per case, printed as the case
 * ends and all together once every test class has run. It is a launcher listener (registered in META-INF/services)
 * because only the launcher sees the end of the whole run. A case is named by its tag; one that broke off before its
 * verdict gets a failed row with the error.
 */
public final class FaultTable implements TestExecutionListener {
    static final String SUITE_TAG = "faults";
    private static final Map<String, Row> ROWS = new LinkedHashMap<>();

    private record Row(String name, String tried, boolean held, String lost) {
    }

    /** Records a case's row, and fails the test if it did not hold. */
    static void verdict(String name, boolean held, String tried, Object lost) {
        record(name, held, tried, String.valueOf(lost));
        if (!held) {
            throw new AssertionFailedError(name + ": " + tried + " (lost or doubled: " + lost + ")");
        }
    }

    private static synchronized void record(String name, boolean held, String tried, String lost) {
        ROWS.put(name, new Row(name, tried, held, lost));
        System.out.printf("%-20s %-6s %s (lost or doubled: %s)%n", name, held ? "held" : "failed", tried, lost);
    }

    @Override
    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
        if (test.isTest() && result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
            caseOf(test).filter(name -> !recorded(name)).ifPresent(name -> record(name, false, "the case broke off before its checks: "
                    + result.getThrowable().map(Throwable::toString).orElse(result.getStatus().name()), "?"));
        }
    }

    @Override
    public void testPlanExecutionFinished(TestPlan plan) {
        List<Row> rows;
        synchronized (FaultTable.class) {
            rows = new ArrayList<>(ROWS.values());
        }
        if (rows.isEmpty()) {
            return;
        }
        StringBuilder table = new StringBuilder("\n| case | tried | held | lost or doubled rows |\n|---|---|---|---|\n");
        rows.forEach(row -> table.append("| ").append(row.name()).append(" | ").append(row.tried().replace("|", "\\|")).append(" | ")
                .append(row.held() ? "held" : "failed").append(" | ").append(row.lost()).append(" |\n"));
        table.append(rows.stream().allMatch(Row::held) ? "reliability: every case held" : "reliability: a case failed");
        System.out.println(table);
    }

    private static synchronized boolean recorded(String name) {
        return ROWS.containsKey(name);
    }

    /** The case a test tries: its tag other than the suite's. */
    private static Optional<String> caseOf(TestIdentifier test) {
        return test.getTags().stream().map(TestTag::getName).filter(tag -> !tag.equals(SUITE_TAG)).findFirst();
    }
}
