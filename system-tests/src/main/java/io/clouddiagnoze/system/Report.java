package io.clouddiagnoze.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The figures of one run: printed as they come, and written to BENCHMARKS.md between its markers (the text around
 * them, the analysis, is kept). A correctness check that fails is a failure of the run; a target missed is a figure.
 */
final class Report {
    private static final String BEGIN = "<!-- figures: written by deploy/local/benchmark.sh -->";
    private static final String END = "<!-- end of figures -->";

    /** One line of the table: what was measured, the figure, the baseline of the same run and the target. */
    record Figure(String benchmark, String figure, String baseline, String target, Verdict verdict) {
    }

    enum Verdict { MET, MISSED, NONE }

    private final List<Figure> figures = new ArrayList<>();
    private final List<String> breakdown = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();

    void figure(String benchmark, String figure, String baseline, String target, Verdict verdict) {
        figures.add(new Figure(benchmark, figure, baseline, target, verdict));
        System.out.printf("  %s: %s | baseline: %s | target: %s%s%n", benchmark, figure, baseline, target,
                verdict == Verdict.NONE ? "" : " — " + verdict.name().toLowerCase());
    }

    /** A measured account of where the time or memory went, printed and kept under the table. */
    void breakdown(String line) {
        breakdown.add(line);
        System.out.println("    " + line);
    }

    /** A correctness check (exact counts): its failure makes the run fail. */
    void check(boolean held, String what) {
        if (!held) {
            failures.add(what);
            System.out.println("  CHECK FAILED: " + what);
        }
    }

    List<String> failures() {
        return failures;
    }

    void write(Path file, String header) throws IOException {
        StringBuilder section = new StringBuilder(BEGIN).append("\n\n").append(header).append("\n\n")
                .append("| benchmark | figure | baseline in the same run | target |\n|---|---|---|---|\n");
        for (Figure figure : figures) {
            String target = figure.target() + (figure.verdict() == Verdict.NONE ? "" : " (" + figure.verdict().name().toLowerCase() + ")");
            section.append("| ").append(cell(figure.benchmark())).append(" | ").append(cell(figure.figure())).append(" | ")
                    .append(cell(figure.baseline())).append(" | ").append(cell(target)).append(" |\n");
        }
        section.append("\nMeasured along the way:\n\n");
        breakdown.forEach(line -> section.append("- ").append(line).append('\n'));
        if (!failures.isEmpty()) {
            section.append("\n**Correctness checks that failed:**\n\n");
            failures.forEach(line -> section.append("- ").append(line).append('\n'));
        }
        section.append('\n').append(END);
        String text = Files.exists(file) ? Files.readString(file) : "# Benchmarks\n\n" + BEGIN + "\n" + END + "\n";
        int begin = text.indexOf(BEGIN);
        int end = text.indexOf(END);
        if (begin < 0 || end < begin) {
            throw new IllegalStateException(file + " lacks the markers " + BEGIN + " … " + END);
        }
        Files.writeString(file, text.substring(0, begin) + section + text.substring(end + END.length()));
    }

    private static String cell(String text) {
        return text.replace("|", "\\|");
    }
}
