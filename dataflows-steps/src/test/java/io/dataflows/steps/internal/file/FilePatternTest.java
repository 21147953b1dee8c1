package io.dataflows.steps.internal.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class FilePatternTest {

    @Test
    void aPatternThatBacktracksOnALongNameGivesUpInsteadOfRunningForEver() {
        FilePattern pattern = FilePattern.glob("*a*a*a*a*a*a*a*a*a*a*b");
        assertThat(pattern.matches("aaaaaaaaaab")).isTrue();
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> assertThatThrownBy(
                () -> pattern.matches("a".repeat(255)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("File name pattern '*a*a*a*a*a*a*a*a*a*a*b' needs more than 100000000 steps to match"
                        + " a name of 255 characters; use fewer wildcards"));
    }

    @Test
    void aDotNameIsMatchedOnlyByAPatternSegmentThatStartsWithADot() {
        assertThat(FilePattern.glob("*").matchesPath("a.csv")).isTrue();
        assertThat(FilePattern.glob("*").matchesPath(".env")).isFalse();
        assertThat(FilePattern.glob("?env").matchesPath(".env")).isFalse();
        assertThat(FilePattern.glob("[.]env").matchesPath(".env")).isFalse();
        assertThat(FilePattern.glob(".*").matchesPath(".env")).isTrue();
        assertThat(FilePattern.glob("\\.env").matchesPath(".env")).isTrue();
        assertThat(FilePattern.glob("*/*").matchesPath(".git/config")).isFalse();
        assertThat(FilePattern.glob(".git/*").matchesPath(".git/config")).isTrue();
        assertThat(FilePattern.glob(".git/*").matchesPath(".git/.keep")).isFalse();
        assertThat(FilePattern.glob(".git/.*").matchesPath(".git/.keep")).isTrue();
        assertThat(FilePattern.glob("*/.env").matchesPath("a/.env")).isTrue();
        assertThat(FilePattern.glob("*/.env").matchesPath(".x/.env")).isFalse();
        assertThat(FilePattern.glob("{.env,*.csv}").matchesPath(".env")).isTrue();
        assertThat(FilePattern.glob("{.env,*.csv}").matchesPath("a.csv")).isTrue();
        assertThat(FilePattern.glob("{.env,*.csv}").matchesPath(".a.csv")).isFalse();
        assertThat(FilePattern.glob("{*,.*}/{x,.y}").matchesPath(".a/.y")).isTrue();
        assertThat(FilePattern.glob("{a,.b/c}").matchesPath(".b/c")).isTrue();
    }
}
