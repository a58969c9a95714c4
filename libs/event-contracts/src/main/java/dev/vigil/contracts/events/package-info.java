/**
 * Vigil's Kafka event contracts: the CloudEvents envelope ({@link
 * dev.vigil.contracts.events.CloudEvent}), the event types and their topics ({@link
 * dev.vigil.contracts.events.EventType}, {@link dev.vigil.contracts.events.Topics}), the shared
 * JSON configuration ({@link dev.vigil.contracts.events.EventJson}) and record keys ({@link
 * dev.vigil.contracts.events.EventKeys}). Payload records live in one subpackage per topic; their
 * JSON Schemas and the AsyncAPI document are resources under {@code dev/vigil/contracts/}.
 */
package dev.vigil.contracts.events;
