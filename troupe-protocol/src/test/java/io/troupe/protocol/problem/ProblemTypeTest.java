package io.troupe.protocol.problem;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ProblemTypeTest {
    private static final Pattern SLUG = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

    @Test
    void slugsAreUnique() {
        assertThat(Arrays.stream(ProblemType.values()).map(ProblemType::slug)).doesNotHaveDuplicates();
    }

    @Test
    void slugsAreLowerCaseWordsJoinedByHyphens() {
        assertThat(ProblemType.values()).allSatisfy(type -> assertThat(type.slug()).matches(SLUG));
    }

    @Test
    void everyTypeIsAnErrorStatusWithATitle() {
        assertThat(ProblemType.values()).allSatisfy(type -> {
            assertThat(type.status()).isBetween(400, 599);
            assertThat(type.title()).isNotBlank().isEqualTo(type.title().strip());
        });
    }

    @Test
    void uriIsTheBaseFollowedByTheSlug() {
        assertThat(ProblemType.STALE_LEASE.uri()).isEqualTo("https://troupe.dev/problems/stale-lease");
    }

    @Test
    void everyTypeIsFoundByItsUri() {
        assertThat(ProblemType.values()).allSatisfy(type ->
                assertThat(ProblemType.fromType(type.uri())).contains(type));
    }

    @Test
    void unknownOrForeignTypesAreNotFound() {
        assertThat(ProblemType.fromType("https://troupe.dev/problems/no-such-problem")).isEmpty();
        assertThat(ProblemType.fromType("https://example.com/problems/stale-lease")).isEmpty();
        assertThat(ProblemType.fromType("stale-lease")).isEmpty();
        assertThat(ProblemType.fromType("about:blank")).isEmpty();
        assertThat(ProblemType.fromType(null)).isEmpty();
    }
}
