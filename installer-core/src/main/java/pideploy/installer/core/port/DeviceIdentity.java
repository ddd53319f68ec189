package pideploy.installer.core.port;

/** Detects who this device is (serial number, MAC address) from the running system. */
public interface DeviceIdentity {

    /** The detected facts; a fact that cannot be found is empty, never an exception. */
    DeviceFacts detect();
}
