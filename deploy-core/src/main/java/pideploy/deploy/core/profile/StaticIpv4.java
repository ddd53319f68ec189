package pideploy.deploy.core.profile;

import java.util.List;
import java.util.Objects;

/**
 * A device's fixed IPv4 configuration (instead of DHCP). Belongs to one device: two devices with one address are
 * refused when the second is set.
 *
 * @param address the device's address
 * @param prefix  the network's prefix length, 8-30
 * @param gateway the default route, inside the network and not the address itself
 * @param dns     0-3 name servers
 */
public record StaticIpv4(Ipv4Address address, int prefix, Ipv4Address gateway, List<Ipv4Address> dns) {
    public StaticIpv4 {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(gateway, "gateway");
        dns = List.copyOf(dns);
        if (prefix < 8 || prefix > 30) {
            throw new IllegalArgumentException("static ipv4 prefix must be 8-30, got " + prefix);
        }
        long mask = 0xffff_ffffL << (32 - prefix) & 0xffff_ffffL;
        long host = address.bits() & ~mask & 0xffff_ffffL;
        if (host == 0 || host == (~mask & 0xffff_ffffL)) {
            throw new IllegalArgumentException(
                    "static ipv4 address %s is the network or broadcast address of /%d".formatted(address, prefix));
        }
        if ((gateway.bits() & mask) != (address.bits() & mask)) {
            throw new IllegalArgumentException(
                    "static ipv4 gateway %s is outside %s/%d".formatted(gateway, address, prefix));
        }
        if (gateway.equals(address)) {
            throw new IllegalArgumentException("static ipv4 gateway must not be the address itself: " + address);
        }
        if (dns.size() > 3) {
            throw new IllegalArgumentException("static ipv4 takes at most 3 dns servers, got " + dns.size());
        }
    }

    /** {@code 192.168.10.14/24}. */
    public String cidr() {
        return address + "/" + prefix;
    }
}
