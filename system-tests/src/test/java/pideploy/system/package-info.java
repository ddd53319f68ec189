/**
 * End-to-end tests: the real PiDeploy server (in process, ports 0) and the real installer (its command line,
 * in process, with the Linux and HTTP adapters) writing a file-backed card from a real Raspberry Pi disk image
 * built with Debian's tools; plus the installer benchmark harness.
 */
package pideploy.system;
