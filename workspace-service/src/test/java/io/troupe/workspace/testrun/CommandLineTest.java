package io.troupe.workspace.testrun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CommandLineTest {

    @Test
    void blanksSeparateAndQuotesGroup() {
        assertThat(CommandLine.split("  python3 -m pytest -q -k 'not slow and fast' \"a b\" c\\ d"))
                .containsExactly("python3", "-m", "pytest", "-q", "-k", "not slow and fast", "a b", "c d");
    }

    @Test
    void emptyQuotesAreAnEmptyArgument() {
        assertThat(CommandLine.split("echo ''")).containsExactly("echo", "");
    }

    @Test
    void anUnbalancedQuoteIsRefused() {
        assertThatThrownBy(() -> CommandLine.split("pytest 'oops")).hasMessageContaining("unbalanced");
    }

    @Test
    void pytestIsRecognisedAsProgramOrModule() {
        assertThat(CommandLine.isPytest(List.of("python3", "-m", "pytest", "-q"))).isTrue();
        assertThat(CommandLine.isPytest(List.of("/usr/local/bin/pytest"))).isTrue();
        assertThat(CommandLine.isPytest(List.of("npm", "test"))).isFalse();
        assertThat(CommandLine.isPytest(List.of("python3", "-m", "unittest"))).isFalse();
    }
}
