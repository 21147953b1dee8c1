package io.dataflows.spi;

/** What a step does with a file path; both are checked against the permitted directories. */
public enum PathAccess {
    READ,
    WRITE
}
