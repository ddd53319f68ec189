package pideploy.deploy.server.netboot;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DnsmasqConfigTest {
    @Test
    void theRenderedConfigurationServesItsKitAndEveryDifferenceIsNamed() {
        String config = DnsmasqConfig.render("eth0", "10.42.0.7/24", "/var/lib/pideploy/netboot/tftp");
        assertThat(config).contains("dhcp-range=10.42.0.0,proxy");
        assertThat(DnsmasqConfig.check(config, "/var/lib/pideploy/netboot/tftp"))
                .isEmpty();

        assertThat(DnsmasqConfig.check(config, "/srv/tftp"))
                .containsExactly("tftp-root=/var/lib/pideploy/netboot/tftp, but the kit is in /srv/tftp");
        String edited =
                config.replace("port=0\n", "# port=0\n").replace(",proxy", "").replace("enable-tftp\n", "");
        assertThat(DnsmasqConfig.check(edited, "/var/lib/pideploy/netboot/tftp"))
                .hasSize(3)
                .anyMatch(p -> p.startsWith("no port=0"))
                .anyMatch(p -> p.startsWith("no dhcp-range"))
                .contains("no enable-tftp");
        assertThat(DnsmasqConfig.check("", "/x")).hasSize(5);
    }
}
