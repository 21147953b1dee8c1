/**
 * The SQL step types: {@code reader_sql}, {@code connector_sql} and {@code flow_sql}. They use the data sources
 * registered with the engine ({@code DataflowEngine.Builder.dataSource}) through the step SPI. Not API.
 */
package io.dataflows.steps.internal.sql;
