/**
 * What operators look at, the same in every service: Parley's Kafka topics and how far behind their readers are
 * ({@code GET /api/admin/topics}), and the processor metrics of {@code /actuator/prometheus}.
 */
package io.parley.support.ops;
