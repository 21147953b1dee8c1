/**
 * The AWS step types ({@code connector_sns_notify}, {@code connector_s3}, {@code flow_s3}) and what they share: the connection settings
 * ({@link io.dataflows.aws.internal.AwsConnection}) and the failure messages. They use core's step SPI and the AWS
 * SDK for Java v2. Not API.
 */
package io.dataflows.aws.internal;
