/**
 * Rebuilding the read model from the Kafka log while it serves: {@link io.parley.query.replay.ProjectionReplay}
 * and the operator routes under {@code /api/admin/projections}.
 */
package io.parley.query.replay;
