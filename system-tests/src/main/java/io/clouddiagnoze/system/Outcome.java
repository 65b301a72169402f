package io.clouddiagnoze.system;

/** Whether a check of the running system held, and what it found, in a line. */
record Outcome(boolean held, String summary) {
}
