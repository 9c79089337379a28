package io.troupe.cli.paper;

/**
 * One run as the paper's logs describe one, the input of every comparison with them: its mode (the paper's
 * names, {@code preassign_nolead} or {@code decentralized}), its project (the paper's task type, or a Troupe
 * suite without its p-level), its p-level ({@code p09}, {@code p05}, {@code p02}), its team size, its model,
 * its wall-clock seconds (a simulated run's on its own clock), tokens in and out, the paper's
 * {@code concurrent_writes} and whether its final tests passed.
 */
public record PaperRun(String mode, String project, String p, int n, String model, double wallSeconds, long tokens,
                       long concurrentWrites, boolean success) {

    /** The paper's name of the mode Troupe calls {@code preassigned}. */
    public static final String PREASSIGNED = "preassign_nolead";
    /** The paper's and Troupe's name of the self-claiming mode. */
    public static final String DECENTRALIZED = "decentralized";

    /** The paper's mode of a Troupe architecture; null for one the paper did not log. */
    public static String modeOf(String architecture) {
        return switch (architecture) {
            case "preassigned" -> PREASSIGNED;
            case "decentralized" -> DECENTRALIZED;
            default -> null;
        };
    }

    /** The p-level of a suite id that ends in one ({@code numlib-p09} is {@code p09}); null otherwise. */
    public static String pOf(String suite) {
        int dash = suite.lastIndexOf('-');
        String level = dash < 0 ? "" : suite.substring(dash + 1);
        return level.matches("p\\d\\d") ? level : null;
    }

    /** The project of a suite id: the id without its p-level. */
    public static String projectOf(String suite) {
        String p = pOf(suite);
        return p == null ? suite : suite.substring(0, suite.length() - p.length() - 1);
    }

    /** The parallel fraction a p-level names ({@code p09} is 0.9). */
    public static double fractionOf(String p) {
        return Integer.parseInt(p.substring(1)) / 10.0;
    }
}
