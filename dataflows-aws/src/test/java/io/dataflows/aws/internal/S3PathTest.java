package io.dataflows.aws.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How the S3 steps read their paths: {@code s3://<key>} is an object in the bucket, anything else is local. */
class S3PathTest {

    @Test
    void onlyPathsStartingWithTheS3PrefixAreInS3() {
        assertThat(S3Path.isS3("s3://path/to/file")).isTrue();
        assertThat(S3Path.isS3("s3://path/to/")).isTrue();
        assertThat(S3Path.isS3("path/to/file")).isFalse();
        assertThat(S3Path.isS3("path")).isFalse();
        assertThat(S3Path.isS3("/s3://path")).isFalse();
    }

    @Test
    void theKeyIsThePathWithoutThePrefix() {
        assertThat(S3Path.key("s3://path/to/file")).isEqualTo("path/to/file");
        assertThat(S3Path.key("s3://path/to/")).isEqualTo("path/to/");
        assertThat(S3Path.key("s3://s3/nested/folder")).isEqualTo("s3/nested/folder");
    }

    @Test
    void aPathEndingWithSlashIsADirectoryAndTheFileNameIsTheLastSegment() {
        assertThat(S3Path.isDirectory("s3://path/to/")).isTrue();
        assertThat(S3Path.isDirectory("s3://path/to")).isFalse();
        assertThat(S3Path.fileName("path/to/file.csv")).isEqualTo("file.csv");
        assertThat(S3Path.fileName("file.csv")).isEqualTo("file.csv");
        assertThat(S3Path.uri("reports", "in/out.csv")).isEqualTo("s3://reports/in/out.csv");
    }
}
