package io.troupe.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.troupe.protocol.problem.ProblemType;
import io.troupe.support.problem.ProblemException;
import io.troupe.workspace.Precondition.Append;
import io.troupe.workspace.Precondition.Conflict;
import io.troupe.workspace.Precondition.Head;
import io.troupe.workspace.Precondition.Required;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PreconditionTest {
    private static final Optional<Head> AT_3 = Optional.of(new Head(3, "agent-2"));

    @Test
    void ifMatchOfTheHeadAppendsTheNextVersion() {
        assertThat(new Precondition.IfMatch(3).decide(AT_3)).isEqualTo(new Append(4, 3L));
    }

    @Test
    void ifMatchOfAnOlderVersionIsAConflictNamingTheHead() {
        assertThat(new Precondition.IfMatch(2).decide(AT_3)).isEqualTo(new Conflict(2L, 3, "agent-2"));
    }

    @Test
    void ifMatchOfAMissingFileIsAConflictWithHeadZero() {
        assertThat(new Precondition.IfMatch(1).decide(Optional.empty())).isEqualTo(new Conflict(1L, 0, null));
    }

    @Test
    void ifNoneMatchCreatesAMissingFile() {
        assertThat(new Precondition.IfAbsent().decide(Optional.empty())).isEqualTo(new Append(1, null));
    }

    @Test
    void ifNoneMatchOnAnExistingFileIsAConflict() {
        assertThat(new Precondition.IfAbsent().decide(AT_3)).isEqualTo(new Conflict(null, 3, "agent-2"));
    }

    @Test
    void noPreconditionCreatesAMissingFile() {
        assertThat(new Precondition.None().decide(Optional.empty())).isEqualTo(new Append(1, null));
    }

    @Test
    void noPreconditionOnAnExistingFileIsRequiredToHaveOne() {
        assertThat(new Precondition.None().decide(AT_3)).isEqualTo(new Required(3, "agent-2"));
    }

    @Test
    void ifMatchAnyWritesOnWhateverIsTheHead() {
        assertThat(new Precondition.IfExists().decide(AT_3)).isEqualTo(new Append(4, 3L));
        assertThat(new Precondition.IfExists().decide(Optional.empty())).isEqualTo(new Conflict(null, 0, null));
    }

    @Test
    void aTombstoneIsNoFileButVersionsGoOnAfterIt() {
        Optional<Head> deleted = Optional.of(new Head(3, "agent-2", true));
        assertThat(new Precondition.IfAbsent().decide(deleted)).isEqualTo(new Append(4, 3L));
        assertThat(new Precondition.IfMatch(3).decide(deleted)).isEqualTo(new Conflict(3L, 0, null));
        assertThat(new Precondition.IfMatch(3).decide(deleted, Mode.OPTIMISTIC, true))
                .isEqualTo(new Precondition.Missing(3));
    }

    @Test
    void aDeleteNeedsTheHeadLikeAnUpdate() {
        assertThat(new Precondition.IfMatch(3).decide(AT_3, Mode.OPTIMISTIC, true)).isEqualTo(new Append(4, 3L));
        assertThat(new Precondition.IfMatch(2).decide(AT_3, Mode.OPTIMISTIC, true))
                .isEqualTo(new Conflict(2L, 3, "agent-2"));
        assertThat(new Precondition.None().decide(AT_3, Mode.OPTIMISTIC, true)).isEqualTo(new Required(3, "agent-2"));
        assertThat(new Precondition.None().decide(Optional.empty(), Mode.OPTIMISTIC, true))
                .isEqualTo(new Precondition.Missing(0));
    }

    @Test
    void lastWriterWinsNeverRefusesAndKeepsTheBaseTheWriterNamed() {
        assertThat(new Precondition.IfMatch(1).decide(AT_3, Mode.LAST_WRITER_WINS, false)).isEqualTo(new Append(4, 1L));
        assertThat(new Precondition.None().decide(AT_3, Mode.LAST_WRITER_WINS, false)).isEqualTo(new Append(4, null));
        assertThat(new Precondition.IfAbsent().decide(AT_3, Mode.LAST_WRITER_WINS, false))
                .isEqualTo(new Append(4, null));
        assertThat(new Precondition.IfExists().decide(AT_3, Mode.LAST_WRITER_WINS, false))
                .isEqualTo(new Append(4, 3L));
    }

    @Test
    void headersAreReadAsEntityTags() {
        assertThat(Precondition.fromHeaders("\"7\"", null)).isEqualTo(new Precondition.IfMatch(7));
        assertThat(Precondition.fromHeaders("7", null)).isEqualTo(new Precondition.IfMatch(7));
        assertThat(Precondition.fromHeaders("*", null)).isEqualTo(new Precondition.IfExists());
        assertThat(Precondition.fromHeaders(null, "*")).isEqualTo(new Precondition.IfAbsent());
        assertThat(Precondition.fromHeaders(null, null)).isEqualTo(new Precondition.None());
    }

    @Test
    void aWeakEntityTagNeverPassesIfMatch() {
        assertThatThrownBy(() -> Precondition.fromHeaders("W/\"7\"", null))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.status()).isEqualTo(412);
                    assertThat(e.type()).isEqualTo(ProblemType.WEAK_ETAG);
                });
    }

    @Test
    void malformedOrContradictoryHeadersAreBadRequests() {
        assertThatThrownBy(() -> Precondition.fromHeaders("\"abc\"", null))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.status()).isEqualTo(400))
                .hasMessageContaining("ETag");
        assertThatThrownBy(() -> Precondition.fromHeaders("\"1\"", "*")).hasMessageContaining("not both");
        assertThatThrownBy(() -> Precondition.fromHeaders(null, "\"1\"")).hasMessageContaining("only supports '*'");
    }
}
