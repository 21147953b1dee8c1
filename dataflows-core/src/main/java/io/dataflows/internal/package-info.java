/**
 * Implementation of the engine. Not a published API: it may change without notice. Step types must not use it.
 */
package io.dataflows.internal;
