/**
 * Axon on MongoDB, the same in every service: the Mongo template Axon's extension works through and the
 * token store that keeps every event processor's position (so a restart resumes where it stopped).
 */
package io.parley.support.infra;
