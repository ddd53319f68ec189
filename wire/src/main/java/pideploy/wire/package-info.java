/**
 * The device protocol as both programs speak it (docs/protocol.md): the wire names of statuses, customization methods
 * and failure steps, each with one {@code parse}; the error codes of the device API; the paths and the snake_case
 * field names of its requests and answers. Pure Java, no dependencies: the server's and the installer's HTTP adapters
 * map their own domain types to and from these (ADR-0037).
 */
package pideploy.wire;
