package pideploy.installer.core.customize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FirstBootIdentityTest {

    @Test
    void escapesQueryValuesAndQuotesInThePhoneHomeUrl() {
        FirstBootIdentity id = new FirstBootIdentity(
                "KXP2-CORO-001",
                "42",
                "10000000abcdef01",
                "http://10.42.0.1:5001/api/status?site=Corona Karting&who=O'Neil\"&city=Zürich&done=100%&ok=a%20b");

        assertThat(id.statusUrl())
                .isEqualTo("http://10.42.0.1:5001/api/status?site=Corona%20Karting"
                        + "&who=O%27Neil%22&city=Z%C3%BCrich&done=100%25&ok=a%20b");
    }

    @Test
    void leavesAnOrdinaryUrlAsItIs() {
        assertThat(new FirstBootIdentity("KXP2-CORO-001", "42", "", "http://[fd00::1]:5001/api/status").statusUrl())
                .isEqualTo("http://[fd00::1]:5001/api/status");
    }

    @Test
    void refusesValuesThatWouldLeaveTheScriptsQuotingAndNamesTheField() {
        assertThatThrownBy(() -> new FirstBootIdentity("KXP2-CORO-001", "42'; rm -rf /", "", "http://h/api/status"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("deploymentId");
        assertThatThrownBy(() -> new FirstBootIdentity("KXP2-CORO-001", "42", "", "http://h/api/status", "secret\"}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("deviceSecret");
    }
}
